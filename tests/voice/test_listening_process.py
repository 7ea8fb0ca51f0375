"""The listening process (voice/listening_process.py): closed, it ends, says so, and leaves no thread here."""

from __future__ import annotations

import threading


def _alive() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.is_alive()}


def test_closing_a_listening_process_ends_it_and_its_command_thread():
    from smartbank_desktop.voice.listening_process import ListeningProcess

    before = _alive()
    process = ListeningProcess()
    process.listen()  # nothing loaded: it says so
    assert process.report(timeout=30) == ("unavailable", "no recognizer is loaded")
    process.close()
    assert process.report(timeout=10) == ("closed",)
    assert not process._process.is_alive()
    assert not _alive() - before
