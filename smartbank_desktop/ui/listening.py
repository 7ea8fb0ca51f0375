"""What the app hears: the voice package's listening process, reported as Qt signals.

Recognition runs in a process of its own (voice.listening_process): the
speech engines keep Python's global lock while they work, which in this
process would freeze the window. The recognizer loads in the background (the
microphone button says "getting ready" until it has) and again when the
customer's payees or language change.
Each press of the microphone button, or each question the assistant asks,
is one listening turn: the microphone opens, end-of-speech detection closes
it, and the parsed words arrive as :attr:`Listener.heard`. The microphone is
a sound device, or a WAV file (``--microphone FILE``) played as if spoken,
turn after turn.
"""

from __future__ import annotations

import logging
import threading
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from smartbank_desktop.voice.events import EventKind
from smartbank_desktop.voice.listening_process import ListeningProcess

log = logging.getLogger(__name__)

REPORT_WAIT_S = 0.5  # how long the report reader waits at a time before it looks whether listening was closed


class MicState(StrEnum):
    GETTING_READY = "getting_ready"
    READY = "ready"
    LISTENING = "listening"
    UNAVAILABLE = "unavailable"


class Listener(QObject):
    state_changed = Signal(str)
    level = Signal(float)
    partial = Signal(str)
    speech_started = Signal()
    final = Signal(str)
    heard = Signal(object)  # the ParseResult of one turn, or None for silence
    unavailable = Signal(str)  # why voice cannot be used: a plain sentence (English; the screen words it)
    _reported = Signal(object)  # a report of the listening process, from the reader thread to the Qt thread

    def __init__(self, microphone: str | None = None):
        super().__init__()
        self.microphone = microphone  # None: the system microphone; a device number or name; or a WAV file
        self.state = MicState.GETTING_READY
        self.reason = ""
        self._process: ListeningProcess | None = None  # started at the first load, after the first screen
        self._reader: threading.Thread | None = None
        self._closed = False
        self._file_source = None
        self._loads = 0  # loads asked for and not yet answered: only the answer to the latest one counts
        self._reported.connect(self._handle_report)  # queued: the state changes where the window reads it

    def _set(self, state: MicState) -> None:
        self.state = state
        self.state_changed.emit(state.value)

    def load(self, language: str, payees=()) -> None:
        """Load the recognizer for a language and these payees, in the listening process (returns at once)."""
        if self._closed:
            return
        self._set(MicState.GETTING_READY)
        self._loads += 1
        if self._process is None:
            self._process = ListeningProcess(self.microphone)
            self._reader = threading.Thread(target=self._read_reports, name="listening-reports", daemon=True)
            self._reader.start()
        self._process.load(language, payees)

    def listen(self, expecting: str | None = None) -> bool:
        """Start one listening turn; False when the microphone cannot listen now (or ever again: closed).

        ``expecting``: what the turn answers ("digits" for a passcode, "sign_in_method", "yes_no"), heard
        with that answer's own grammar where the language has one (voice.answers)."""
        if self.state != MicState.READY or self._closed:
            return False
        self._set(MicState.LISTENING)
        self._process.listen(expecting=expecting)
        return True

    def cancel(self) -> None:
        if self._process is not None and not self._closed:
            self._process.cancel()

    def close(self) -> None:
        """Stop listening for good: the listening process and every thread serving it end here."""
        self._closed = True  # reports still on their way are dropped: the window may be gone
        if self._process is not None:
            self._process.close()
        if self._reader is not None:
            self._reader.join(timeout=REPORT_WAIT_S * 4)

    def _read_reports(self) -> None:
        """On its own thread: the listening process's reports, handed to the Qt thread."""
        while True:
            report = self._process.report(timeout=REPORT_WAIT_S)
            if report is None:
                if self._closed:
                    return  # closed, and the process ended without a word
                continue
            if report[0] == "closed" or self._closed:
                return
            self._reported.emit(report)

    def _handle_report(self, report) -> None:
        """On the Qt thread: a report turned into the state and the signals. The state changes here, not on
        the reader thread, so that whatever reads it (the microphone button, a question about to listen) sees
        the state the window shows."""
        if self._closed:
            return  # the window may be gone
        kind = report[0]
        if kind in ("ready", "unavailable") and self._answered_an_older_load():
            return  # e.g. the language changed again meanwhile: the newer load's answer follows
        if kind == "event":
            self._on_event(report[1])
        elif kind == "ready":
            self.reason = ""
            self._set(MicState.READY)
        elif kind in ("unavailable", "microphone"):
            self.reason = report[1]
            self._set(MicState.UNAVAILABLE)
            self.unavailable.emit(self.reason)
        elif kind == "heard":
            self.level.emit(0.0)
            if self.state == MicState.LISTENING:
                self._set(MicState.READY)
            self.heard.emit(report[1])
        elif kind == "failed":
            log.error("listening failed: %s", report[1])

    def _answered_an_older_load(self) -> bool:
        if self._loads == 0:
            return False  # not the answer to a load (listening with nothing loaded)
        self._loads -= 1
        return self._loads > 0

    def _on_event(self, event) -> None:
        if event.kind == EventKind.LEVEL:
            self.level.emit(event.level)
        elif event.kind == EventKind.PARTIAL:
            self.partial.emit(event.text)
        elif event.kind == EventKind.SPEECH_START:
            self.speech_started.emit()
        elif event.kind == EventKind.FINAL:
            self.final.emit(event.text)

    def _source(self):
        from pathlib import Path

        from smartbank_desktop.voice.audio import ClipSource, MicrophoneSource

        if self.microphone and Path(self.microphone).is_file():
            if self._file_source is None:
                self._file_source = ClipSource(self.microphone, realtime=True, trailing_silence_s=1.0)
            return self._file_source, False
        return MicrophoneSource(self.microphone or None), True

    def record(self, max_seconds: float = 10.0) -> bytes:
        """One utterance as WAV bytes, ended by end-of-speech detection (blocking: call off the Qt thread).

        Only voice-activity detection runs here (webrtcvad, microseconds a frame); the bank recognizes.
        """
        import io

        import soundfile

        from smartbank_desktop.core.refusals import Code, refuse
        from smartbank_desktop.voice.audio import listen

        source, opened = self._source()
        try:
            utterance = listen(source, max_seconds=max_seconds, no_speech_timeout_s=10.0,
                               on_frame=lambda frame, state: self.level.emit(_level(frame)))
        finally:
            self.level.emit(0.0)
            if opened:
                source.close()
        if not utterance.heard_speech:
            raise refuse(Code.UNUSABLE_RECORDING, "We did not hear anything. Please speak a little louder.")
        buffer = io.BytesIO()
        soundfile.write(buffer, utterance.clip.samples, utterance.clip.sample_rate, format="WAV", subtype="PCM_16")
        return buffer.getvalue()


def _level(frame) -> float:
    from smartbank_desktop.voice.audio import level_fraction

    return level_fraction(frame)
