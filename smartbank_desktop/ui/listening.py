"""What the app hears: the voice package's pipeline on its own thread, reported as Qt signals.

The recognizer loads in the background (the microphone button says "getting
ready" until it has) and again when the customer's payees or language change.
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

log = logging.getLogger(__name__)


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

    def __init__(self, microphone: str | None = None):
        super().__init__()
        self.microphone = microphone  # None: the system microphone; a device number or name; or a WAV file
        self.state = MicState.GETTING_READY
        self.reason = ""
        self._recognizer = None
        self._parser = None
        self._file_source = None
        self._turn: threading.Thread | None = None
        self._stop = threading.Event()

    def _set(self, state: MicState) -> None:
        self.state = state
        self.state_changed.emit(state.value)

    # -- loading (called on a worker by the app)
    def load(self, language: str, payees) -> None:
        """Build the recognizer and parser for a language and these payees (slow: call off the Qt thread)."""
        from smartbank_desktop.voice.nlu import IntentParser
        from smartbank_desktop.voice.recognizers import RecognizerUnavailable, create_recognizer

        self._set(MicState.GETTING_READY)
        try:
            parser = IntentParser(language, payees)
            recognizer = create_recognizer(language, payees=parser.payees)
        except RecognizerUnavailable as exc:
            self.reason = str(exc)
            self._set(MicState.UNAVAILABLE)
            self.unavailable.emit(self.reason)
            return
        self._recognizer, self._parser, self.reason = recognizer, parser, ""
        self._set(MicState.READY)

    # -- listening
    def listen(self) -> bool:
        """Start one listening turn; False when the microphone cannot listen now."""
        if self.state != MicState.READY or self._recognizer is None:
            return False
        self._stop.clear()
        self._set(MicState.LISTENING)
        self._turn = threading.Thread(target=self._listen_once, name="listening", daemon=True)
        self._turn.start()
        return True

    def cancel(self) -> None:
        self._stop.set()

    def record(self, max_seconds: float = 10.0) -> bytes:
        """One utterance as WAV bytes, ended by end-of-speech detection (blocking: call off the Qt thread)."""
        import io

        import soundfile

        from smartbank_desktop.voice.audio import MicrophoneUnavailable, listen

        source, opened = self._source()
        try:
            utterance = listen(source, max_seconds=max_seconds, no_speech_timeout_s=10.0,
                               on_frame=lambda frame, state: self.level.emit(_level(frame)))
        finally:
            self.level.emit(0.0)
            if opened:
                source.close()
        if not utterance.heard_speech:
            raise MicrophoneUnavailable("We did not hear anything. Please speak a little louder.")
        buffer = io.BytesIO()
        soundfile.write(buffer, utterance.clip.samples, utterance.clip.sample_rate, format="WAV", subtype="PCM_16")
        return buffer.getvalue()

    def _source(self):
        from pathlib import Path

        from smartbank_desktop.voice.audio import ClipSource, MicrophoneSource

        if self.microphone and Path(self.microphone).is_file():
            if self._file_source is None:
                self._file_source = ClipSource(self.microphone, realtime=True, trailing_silence_s=1.0)
            return self._file_source, False
        device = self.microphone if self.microphone not in (None, "") else None
        return MicrophoneSource(device), True

    def _on_event(self, event) -> None:
        if self._stop.is_set():
            raise _Cancelled
        if event.kind == EventKind.LEVEL:
            self.level.emit(event.level)
        elif event.kind == EventKind.PARTIAL:
            self.partial.emit(event.text)
        elif event.kind == EventKind.SPEECH_START:
            self.speech_started.emit()
        elif event.kind == EventKind.FINAL:
            self.final.emit(event.text)

    def _listen_once(self) -> None:
        from smartbank_desktop.voice.audio import MicrophoneUnavailable
        from smartbank_desktop.voice.pipeline import VoicePipeline

        result = None
        try:
            source, opened = self._source()
            try:
                pipeline = VoicePipeline(self._recognizer, self._parser, on_event=self._on_event)
                heard = pipeline.listen(source, no_speech_timeout_s=8.0)
                result = heard.result if heard.heard_speech else None
            finally:
                if opened:
                    source.close()
        except _Cancelled:
            result = None
        except MicrophoneUnavailable as exc:
            self.reason = str(exc)
            self._set(MicState.UNAVAILABLE)
            self.unavailable.emit(self.reason)
            return
        except Exception:  # noqa: BLE001 - a recognizer failure must not leave the button stuck
            log.exception("listening failed")
        self.level.emit(0.0)
        self._set(MicState.READY)
        if not self._stop.is_set():
            self.heard.emit(result)


def _level(frame) -> float:
    from smartbank_desktop.voice.audio import level_fraction

    return level_fraction(frame)


class _Cancelled(Exception):
    """The customer tapped instead: this turn's words are not wanted."""
