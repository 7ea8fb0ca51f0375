"""Listening (ui/listening.py over voice/listening_process.py) ends with the window: no thread left behind."""

from __future__ import annotations

import threading


def _threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.is_alive()}


def test_opening_and_closing_the_app_leaves_no_thread_behind(qtbot, make_app):
    before = _threads()
    for _ in range(2):  # each window's listening process had two queue threads that outlived it
        app = make_app()
        qtbot.waitUntil(lambda: app.listener._process is not None, timeout=10_000)
        qtbot.wait(300)  # the load command is on its way to the listening process
        app.close()
        app.window.close()
        qtbot.waitUntil(lambda: not _threads() - before, timeout=10_000)
    assert not _threads() - before

