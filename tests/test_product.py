"""``smartbank run`` on a computer with no screen: one plain sentence, and the bank keeps running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request

import pytest

from smartbank_desktop.backend.process import free_port
from smartbank_desktop.cli import main


def test_run_without_a_screen_says_so_and_keeps_the_bank_running(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(SMARTBANK_HOME=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'bank.sqlite3'}")
    port = free_port()
    run = subprocess.Popen([sys.executable, "-m", "smartbank_desktop", "run", "--port", str(port)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = ""
        for line in run.stdout:
            if "no screen" in line:
                break
        assert line.strip() == (f"This computer has no screen, so the app cannot open; the bank keeps running at "
                                f"http://127.0.0.1:{port}/ (press Ctrl+C to stop).")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema/", timeout=10) as answer:
            assert answer.status == 200
    finally:
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=60) == 0


@pytest.mark.parametrize("argv, told", [
    (["app", "--idle-warning", "30"], "--idle-warning and --idle-sign-out are for a kiosk: add --kiosk."),
    (["app", "--kiosk", "--idle-warning", "100"], "the idle warning must come after 0 seconds and before the sign-out"),
    (["app", "--kiosk", "--idle-warning", "20", "--idle-sign-out", "10"], "before the sign-out"),
])
def test_kiosk_times_that_cannot_work_are_refused_in_a_sentence(argv, told, capsys):
    assert main(argv) == 2
    assert told in capsys.readouterr().err


def test_a_kiosk_time_that_is_not_a_number_is_refused(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["app", "--kiosk", "--idle-sign-out", "soon"])
    assert stopped.value.code == 2 and "'soon' is not a number of seconds" in capsys.readouterr().err


@pytest.mark.parametrize("argv, told", [
    (["app", "--only", "en-100-home"], "--only chooses among the screenshots: add --screenshots DIR."),
    (["app", "--screenshots", "pictures", "--only", "fr-100-home"], "'fr-100-home' names no picture"),
])
def test_a_screenshot_choice_that_cannot_work_is_refused_in_a_sentence(argv, told, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert told in capsys.readouterr().err
    assert not (tmp_path / "pictures").exists()  # refused before any bank is started or picture written
