"""What every speech recognizer gives and promises: Transcript, the Recognizer protocol, RecognizerUnavailable.

The engines (voice.recognizers: pocketsphinx, vosk; voice.whisper) and the
cross-check of one by another (voice.crosscheck) all build on these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from smartbank_desktop.voice.audio import AudioClip


class RecognizerUnavailable(Exception):
    """No engine or model can recognize this language here; the message says what to install."""


@dataclass
class Transcript:
    """What a recognizer heard. ``text`` is what the assistant takes as said."""

    text: str
    engine: str
    ms: float = 0.0  # processing time
    audio_seconds: float = 0.0
    final_by_endpoint: bool = False  # the engine itself detected the end of the utterance
    confidence: float | None = None  # 0..1 where the engine gives one
    accepted: bool = True  # False: the recognition was unsure and ``text`` is empty (ask again)
    agreed: bool | None = None  # two engines gave the same command (None: only one engine ran)
    heard: dict[str, str] = field(default_factory=dict)  # each engine's own words, when several ran


class RecognitionStream(Protocol):
    def accept(self, frame: np.ndarray) -> str | None:
        """Feed audio; returns the partial transcript when it changed."""

    def finish(self) -> Transcript: ...


class Recognizer(Protocol):
    engine: str
    language: str

    def transcribe(self, clip: AudioClip) -> Transcript: ...

    def stream(self) -> RecognitionStream: ...
