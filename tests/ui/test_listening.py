"""Listening (ui/listening.py over voice/listening_process.py): its state is the one the window shows, and it
ends with the window, no thread left behind."""

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



def test_the_microphone_is_ready_exactly_when_its_button_says_so(qtbot, make_app):
    """The state changes on the Qt thread: a tap the moment the listener is ready is never a tap on a button
    still greyed out (which Qt ignores: a test, or a question about to listen, found the microphone ready
    while its button was not)."""
    app = make_app()
    button, seen = app.window.microphone.button, []

    def ready() -> bool:
        seen.append((app.listener.state, button.isEnabled()))
        return app.listener.state == "ready"

    for language in ("en", "hi", "en"):
        app.listener.load(language)
        assert not button.isEnabled()
        qtbot.waitUntil(ready, timeout=60_000)
        assert button.isEnabled()
    assert all(enabled == (state in ("ready", "listening")) for state, enabled in seen), seen
