"""Two engines that must agree: a grammar-bound recognizer re-checked by a general one.

A grammar-bound engine (vosk or pocketsphinx) can only answer with a
command, so it turns a TV's talk into "send twenty three lakh to Arjun". A
general-vocabulary engine (Whisper) writes what it really heard, which is
matched to the closest template sentence (voice.matching). The two results
are compared:

- both give the same intent and slots: accepted;
- they differ, but the general engine's words are confidently a command
  (close to a template sentence, a confident decoder): that command is
  taken; the grammar engine is the one that gave way (accents, babble);
- otherwise nothing is accepted: the transcript's text is empty, its
  intent ``none``, and the assistant asks again.

The Transcript says how it went: ``accepted``, ``confidence`` (0..1),
``agreed`` (both engines gave the same command) and each engine's own words
in ``heard``. Both engines decode at the same time, on two threads.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from smartbank_desktop.voice.audio import SAMPLE_RATE, AudioClip
from smartbank_desktop.voice.matching import SentenceMatcher
from smartbank_desktop.voice.recognizers import Recognizer, Transcript

# How close Whisper's words must be to a template sentence, and how sure its
# decoder must be, for its reading to overrule the grammar engine's.
OVERRULE_SCORE = 86.0
OVERRULE_CONFIDENCE = 0.45
# The least a reading both engines agree on must score.
AGREE_SCORE = 70.0


@dataclass(frozen=True)
class Verdict:
    text: str  # what the assistant takes as said ("" when nothing is accepted)
    accepted: bool
    agreed: bool
    confidence: float


def _same(a, b) -> bool:
    return a.intent == b.intent and a.slots == b.slots


class CrossCheckedRecognizer:
    """A grammar-bound primary engine whose every result a general engine re-checks."""

    def __init__(self, primary: Recognizer, checker, parser=None):
        from smartbank_desktop.voice.nlu import IntentParser

        self.primary = primary
        self.checker = checker
        self.language = primary.language
        self.engine = f"{primary.engine}+{checker.engine}"
        self.parser = parser or IntentParser(primary.language, getattr(primary, "payees", ()))
        self.matcher = SentenceMatcher(primary.language, self.parser.payees)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crosscheck")

    def set_payees(self, payees) -> None:
        from smartbank_desktop.voice.nlu import IntentParser

        self.parser = IntentParser(self.language, payees)
        self.matcher = SentenceMatcher(self.language, self.parser.payees)

    def judge(self, primary_text: str, checker_text: str, checker_confidence: float) -> Verdict:
        """Which command, if any, to take from the two engines' words."""
        grammar = self.parser.parse(primary_text)
        match = self.matcher.match(checker_text)
        general = self.parser.parse(match.sentence) if match is not None and match.sentence else None
        score = match.score if match is not None else 0.0
        if general is not None and general.intent != "none":
            if grammar.intent != "none" and _same(grammar, general) and score >= AGREE_SCORE:
                return Verdict(primary_text, True, True, max(checker_confidence, score / 100.0))
            if score >= OVERRULE_SCORE and checker_confidence >= OVERRULE_CONFIDENCE:
                return Verdict(match.sentence, True, False, checker_confidence * score / 100.0)
        return Verdict("", False, False, checker_confidence * score / 100.0)

    def transcribe(self, clip: AudioClip) -> Transcript:
        started = time.perf_counter()
        checking = self._pool.submit(self.checker.hear, clip)
        first = self.primary.transcribe(clip)
        heard = checking.result()
        verdict = self.judge(first.text, heard.text, heard.confidence)
        return Transcript(
            verdict.text, self.engine, (time.perf_counter() - started) * 1000.0, clip.duration,
            confidence=verdict.confidence, accepted=verdict.accepted, agreed=verdict.agreed,
            heard={self.primary.engine: first.text, self.checker.engine: heard.text},
        )

    def stream(self) -> _CrossCheckedStream:
        return _CrossCheckedStream(self)


class _CrossCheckedStream:
    """Feeds the primary engine's stream (partial captions) and keeps the audio for the check."""

    def __init__(self, recognizer: CrossCheckedRecognizer):
        self.recognizer = recognizer
        self.frames: list[np.ndarray] = []
        self.captions = recognizer.primary.stream()

    def accept(self, frame: np.ndarray) -> str | None:
        self.frames.append(frame)
        return self.captions.accept(frame)

    def snapshot(self) -> Transcript:
        samples = np.concatenate(self.frames) if self.frames else np.zeros(0, np.int16)
        return self.recognizer.transcribe(AudioClip(samples, SAMPLE_RATE))

    def finish(self) -> Transcript:
        return self.snapshot()
