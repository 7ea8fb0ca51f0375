"""The data folder is its user's alone, also one an older version left open to others."""

from __future__ import annotations

import os
import stat

import pytest

from smartbank_desktop.core import paths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_data_folder_open_to_others_is_closed_with_all_it_holds(tmp_path, monkeypatch):
    home = tmp_path / "SmartBank"
    (home / "documents" / "someone").mkdir(parents=True)
    for folder in (home / "documents" / "someone", home / "documents", home):
        folder.chmod(0o755)
    for name in ("smartbank.sqlite3", "documents/someone/card"):
        (home / name).write_bytes(b"private")
        (home / name).chmod(0o644)
    monkeypatch.setenv("SMARTBANK_HOME", str(home))
    assert paths.data_dir() == home
    assert [mode(home), mode(home / "documents"), mode(home / "documents" / "someone")] == [0o700] * 3
    assert [mode(home / "smartbank.sqlite3"), mode(home / "documents/someone/card")] == [0o600] * 2
    (home / "later").write_text("made after")
    assert mode(home / "later") == 0o600
