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

Spoken digits (a passcode, an OTP) are heard a second time: when the general
engine's words are a run of digits ("7, b, 8, 9, 5, 5."), it decodes the clip
again prompted for digits, as voice sign-in does (voice.digits), and those
digits are the command; the grammar engine's digits count only as agreement.

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
from smartbank_desktop.voice.matching import (
    MAX_DIGITS,
    MIN_DIGITS,
    SentenceMatcher,
    sounds_like_digits,
    words_to_digits,
)
from smartbank_desktop.voice.recognition import Recognizer, Transcript

# A reading both engines agree on (same intent, no slot in conflict) needs
# the general engine's words at least this close to a template sentence.
AGREE_SCORE = 60.0
# For the general engine's reading to overrule the grammar engine's: this
# close to a template sentence, and a decoder at least this sure.
OVERRULE_SCORE = 78.0
OVERRULE_CONFIDENCE = 0.2
# Moving money on the general engine's word alone asks for more.
MONEY_OVERRULE_SCORE = 90.0
# The grammar engine's reading stands alone only when the general engine
# heard about as many words and they sound alike (it misheard the same short
# command), never when it heard talk of its own.
SOUND_ALIKE = 50.0
EXTRA_WORDS = 2


@dataclass(frozen=True)
class Verdict:
    text: str  # what the assistant takes as said ("" when nothing is accepted)
    accepted: bool
    agreed: bool
    confidence: float


def _dropped_digits(grammar, general) -> bool:
    """Both heard digits and the general engine's are the grammar's with some left out ("666" as "66")."""
    said, heard = grammar.slots.get("digits"), general.slots.get("digits")
    if grammar.intent != "digits" or general.intent != "digits" or not said or not heard or len(heard) >= len(said):
        return False
    rest = iter(said)
    return all(digit in rest for digit in heard)


def _covers(a, b) -> bool:
    """a says everything b says (same intent, b's slots all in a with the same values)."""
    return a.intent == b.intent and all(a.slots.get(k) == v for k, v in b.slots.items())


class CrossCheckedRecognizer:
    """A grammar-bound primary engine whose every result a general engine re-checks."""

    def __init__(self, primary: Recognizer, checker, payees=()):
        from smartbank_desktop.voice.nlu import IntentParser

        self.primary = primary
        self.checker = checker
        self.language = primary.language
        self.engine = f"{primary.engine}+{checker.engine}"
        self.parser = IntentParser(primary.language, payees)
        self.matcher = SentenceMatcher(primary.language, self.parser.payees)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crosscheck")

    def judge(self, primary_text: str, checker_text: str, checker_confidence: float) -> Verdict:
        """Which command, if any, to take from the two engines' words."""
        from rapidfuzz import fuzz

        from smartbank_desktop.voice.text import normalize, sounds

        grammar = self.parser.parse(primary_text)
        general, sentence, score = self.parser.parse(checker_text), checker_text, 100.0
        # A payment with neither amount nor payee ("Give me some caled." read as "give <someone>") says
        # nothing a payment the grammar heard could agree with: the words go to the sentence matcher instead.
        if general.intent == "none" or (general.intent == "transfer_money" and not general.slots):
            match = self.matcher.match(checker_text)
            score = match.score if match is not None else 0.0
            sentence = match.sentence if match is not None else ""
            general = self.parser.parse(sentence) if sentence else general
        confidence = checker_confidence * score / 100.0
        if general.intent != "none" and grammar.intent != "none" and score >= AGREE_SCORE:
            if _covers(grammar, general):
                return Verdict(primary_text, True, True, max(confidence, score / 100.0))
            if _covers(general, grammar):
                return Verdict(sentence, True, True, max(confidence, score / 100.0))
            if _dropped_digits(grammar, general):  # Whisper merges repeated digits
                return Verdict(primary_text, True, False, confidence)
        needed = MONEY_OVERRULE_SCORE if general.intent == "transfer_money" else OVERRULE_SCORE
        if general.intent != "none" and score >= needed and checker_confidence >= OVERRULE_CONFIDENCE:
            return Verdict(sentence, True, False, confidence)
        if grammar.intent != "none" and general.intent == "none":
            said, heard = normalize(primary_text), normalize(checker_text)
            alike = fuzz.ratio(sounds(said), sounds(heard))
            if len(heard.split()) <= len(said.split()) + EXTRA_WORDS and alike >= SOUND_ALIKE:
                return Verdict(primary_text, True, False, alike / 200.0)
        return Verdict("", False, False, confidence)

    def digits_again(self, clip: AudioClip, primary_text: str, checker_text: str) -> Verdict | None:
        """The digits in a clip whose general reading is a run of digits, heard again prompted for digits."""
        from smartbank_desktop.voice.whisper import DIGITS_PROMPTS

        if not sounds_like_digits(checker_text):
            return None
        again = self.checker.hear(clip, prompt=DIGITS_PROMPTS[0])
        digits = words_to_digits(again.text)
        if not MIN_DIGITS <= len(digits) <= MAX_DIGITS or again.confidence < OVERRULE_CONFIDENCE:
            return None
        grammar = self.parser.parse(primary_text)
        agreed = grammar.intent == "digits" and grammar.slots.get("digits") == digits
        return Verdict(" ".join(digits), True, agreed, again.confidence)

    def decide(self, clip: AudioClip, primary_text: str, checker_text: str, checker_confidence: float) -> Verdict:
        """What :meth:`transcribe` takes from the two engines' readings of `clip`."""
        return self.digits_again(clip, primary_text, checker_text) or self.judge(primary_text, checker_text, checker_confidence)

    def transcribe(self, clip: AudioClip) -> Transcript:
        started = time.perf_counter()
        checking = self._pool.submit(self.checker.hear, clip)
        first = self.primary.transcribe(clip)
        heard = checking.result()
        verdict = self.decide(clip, first.text, heard.text, heard.confidence)
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
