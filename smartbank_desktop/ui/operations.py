"""Slow work off the Qt thread: a call runs on a worker, its success or failure comes back on the Qt thread.

Every HTTP call, recognition, camera burst and model load goes through
:meth:`Operations.run`, in the spirit of Anki's ``CollectionOp``/``QueryOp``:
the window never freezes, and the callbacks run where they may touch
widgets. Calls run in *lanes*: each lane is one worker thread, so the calls
of one lane (the bank's: one signed-in client, one dialogue) happen one at a
time and in order, while a model can load in another. A call still running
after :data:`WAIT_AFTER_MS` raises :attr:`Operations.busy`, which the window
shows as a progress display and says as "Please wait".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

WAIT_AFTER_MS = 1000


class Operations(QObject):
    busy = Signal(bool)  # True while a call has been running longer than WAIT_AFTER_MS
    _finished = Signal(object, object, object, object)  # token, callback, value or error, is_error

    def __init__(self, on_unhandled: Callable[[BaseException], None] | None = None):
        super().__init__()
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._slow: set[int] = set()
        self._running: set[int] = set()
        self._next = 0
        self._on_unhandled = on_unhandled
        self._finished.connect(self._deliver)  # queued: emitted on a worker, delivered on the Qt thread

    @property
    def pending(self) -> int:
        return len(self._running)

    def run(self, call: Callable[[], Any], on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None, *, lane: str = "bank",
            quiet: bool = False) -> None:
        """Run ``call()`` on ``lane``'s worker; then ``on_success(value)`` or ``on_failure(error)`` here.

        ``quiet`` calls (background loading) never raise the busy display.
        """
        self._next += 1
        token = self._next
        self._running.add(token)
        if not quiet:
            QTimer.singleShot(WAIT_AFTER_MS, lambda: self._maybe_slow(token))
        failure = on_failure or self._on_unhandled

        def work():
            try:
                value = call()
            except BaseException as exc:  # noqa: BLE001 - every failure is delivered, none is lost in a thread
                self._finished.emit(token, failure, exc, True)
            else:
                self._finished.emit(token, on_success, value, False)

        executor = self._lanes.get(lane)
        if executor is None:
            executor = self._lanes[lane] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"ops-{lane}")
        executor.submit(work)

    def _maybe_slow(self, token: int) -> None:
        if token in self._running:
            was_idle = not self._slow
            self._slow.add(token)
            if was_idle:
                self.busy.emit(True)

    def _deliver(self, token, callback, value, is_error) -> None:
        self._running.discard(token)
        if token in self._slow:
            self._slow.discard(token)
            if not self._slow:
                self.busy.emit(False)
        if callback is None:
            if is_error:
                log.error("a background call failed", exc_info=value)
            return
        try:
            callback(value)
        except Exception:  # noqa: BLE001 - a broken callback must not take the window down
            log.exception("a callback failed")

    def shutdown(self) -> None:
        for executor in self._lanes.values():
            executor.shutdown(wait=False, cancel_futures=True)
