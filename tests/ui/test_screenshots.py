"""``smartbank app --screenshots DIR``: the pictures chosen by ``--only``, and a clean exit after them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from smartbank_desktop.ui.screenshots import Only


def test_only_picks_the_passes_and_states_its_pattern_names():
    only = Only("*-200-setup-*")
    assert only.passes() == [("en", 2.0), ("hi", 2.0)]
    assert only.wants_part(setup=True) and not only.wants_part(setup=False)
    assert only.wants("setup-6-kyc-sent") and not only.wants("home")


def test_only_drives_the_app_and_the_wizard_when_the_state_could_be_either():
    only = Only("hi-*-s*")
    assert only.passes() == [("hi", 1.0), ("hi", 2.0)]
    assert only.wants_part(setup=True) and only.wants_part(setup=False)
    assert only.wants("send-confirm") and only.wants("setup-entry") and not only.wants("home")


def test_no_pattern_is_every_picture():
    only = Only(None)
    assert only.passes() == [("en", 1.0), ("en", 2.0), ("hi", 1.0), ("hi", 2.0)]
    assert only.wants_part(setup=True) and only.wants_part(setup=False) and only.wants("anything")


def test_a_pattern_that_names_no_picture_is_refused():
    with pytest.raises(ValueError, match="names no picture"):
        Only("de-100-home").passes()


@pytest.mark.timeout(300)
def test_the_screenshot_command_writes_the_wizard_pictures_and_exits_cleanly(tmp_path):
    """The setup wizard's pass (the part that made the run end in a fatal error at exit), in a process of its
    own as a customer's computer runs it: every picture written, and exit status 0."""
    out = tmp_path / "pictures"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    run = subprocess.run([sys.executable, "-m", "smartbank_desktop", "app", "--screenshots", str(out),
                          "--only", "en-100-setup-*"], env=env, capture_output=True, text=True, timeout=280)
    assert "Fatal Python error" not in run.stderr
    assert run.returncode == 0, run.stderr[-2000:]
    pictures = sorted(p.name for p in out.glob("*.png"))
    assert len(pictures) == 29 and all(name.startswith("en-100-setup-") for name in pictures)
    assert f"29 pictures of the app's screens are in {out}" in run.stdout
