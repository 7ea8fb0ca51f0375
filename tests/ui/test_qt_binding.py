"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 dropped a reference to True at every
``emit()`` and ``disconnect()``, and a long session died at exit ("Fatal Python error: bool_dealloc")."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal

CALLS = 2000


class Source(QObject):
    changed = Signal(bool)


def _references_to_true_lost(action) -> int:
    action()
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(CALLS):
        action()
    gc.collect()
    return before - sys.getrefcount(True)


def test_emitting_a_signal_keeps_every_reference_to_true(qapp):
    source = Source()
    source.changed.connect(lambda value: None)
    # A few may come and go with other threads of the run; one a call would be CALLS.
    assert _references_to_true_lost(lambda: source.changed.emit(False)) < CALLS // 10


def test_disconnecting_a_signal_keeps_every_reference_to_true(qapp):
    source = Source()

    def connect_and_disconnect():
        source.changed.disconnect(source.changed.connect(lambda value: None))

    assert _references_to_true_lost(connect_and_disconnect) < CALLS // 10
