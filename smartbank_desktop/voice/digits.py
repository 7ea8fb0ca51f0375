"""Spoken digits ("four seven one nine oh two"): voice sign-in challenges, step-up and passcodes.

Real people pause, breathe and say "um" between digits, and speak with
accents the grammar engine's US model has never heard. So Whisper, prompted
for digits, hears them first; its text ("4, 7, 1, 9, 0, 2", "471-902") is
read back to a digit string by :func:`words_to_digits`. Whisper sometimes
merges a repeated digit or stops early: when the caller knows how many
digits to expect (a sign-in challenge does), other prompts are tried until
one gives that many. Where Whisper is not installed, or heard no digits at
all, pocketsphinx with a digits-only grammar (which lets filler words
through between digits) answers instead.

Hindi digits ("छह चार पाँच...") have no Whisper (tiny.en is English only):
pocketsphinx's English acoustic model hears them through a Hindi digits-only
grammar (:func:`digits_jsgf`) and the committed Hindi dictionary, as it hears
Hindi commands. In the app's dialogue a turn that expects digits listens with
that grammar plus the Hindi "cancel" sentences (:func:`answer_recognizer`,
:class:`DigitsAnswerParser`), so "रद्द करो" still stops a payment.
"""

from __future__ import annotations

import threading

from smartbank_desktop.voice.audio import AudioClip
from smartbank_desktop.voice.grammar import (  # noqa: F401 (the digits grammars are part of this module's interface)
    DIGIT_WORDS,
    DIGITS_JSGF,
    FILLER_WORDS,
    HINDI_DIGIT_WORDS,
    HINDI_FILLER_WORDS,
    cancel_sentences,
    digits_jsgf,
)
from smartbank_desktop.voice.matching import sounds_like_digits, words_to_digits  # noqa: F401 (read-back helpers)
from smartbank_desktop.voice.numbers import digit_of
from smartbank_desktop.voice.text import normalize

# A digits grammar is small, so the Hindi one affords pocketsphinx's wide search throughout (the command
# grammar keeps it for a retry): on development strings it heard a few more right, in babble most.
HINDI_DIGITS_DECODER = {"maxhmmpf": 30000, "beam": 1e-60, "pbeam": 1e-60, "wbeam": 1e-40}


class DigitsRecognizer:
    """Spoken digits in one language; thread-safe (one decode at a time).

    English: Whisper prompted for digits, with the digits grammar behind it. Hindi: the Hindi digits
    grammar alone (no Hindi Whisper model is to be had).
    """

    def __init__(self, whisper=None, language: str = "en"):
        from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer, RecognizerUnavailable
        from smartbank_desktop.voice.whisper import shared_whisper

        self.language = language
        self._whisper = None
        if language == "en":
            try:
                self._whisper = whisper or shared_whisper()
            except RecognizerUnavailable:
                self._whisper = None
        self._options = HINDI_DIGITS_DECODER if language == "hi" else None
        self._grammars = {None: PocketsphinxRecognizer(language, jsgf=digits_jsgf(language), decoder_options=self._options)}
        self._lock = threading.Lock()

    def _grammar(self, length: int | None):
        """The digits grammar for exactly ``length`` digits (None: any number), made on first use."""
        from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer

        if length not in self._grammars:
            self._grammars[length] = PocketsphinxRecognizer(self.language, jsgf=digits_jsgf(self.language, length=length),
                                                            decoder_options=self._options)
        return self._grammars[length]

    @property
    def engine(self) -> str:
        return "whisper+pocketsphinx" if self._whisper is not None else "pocketsphinx"

    def digits(self, clip: AudioClip, expected_length: int | None = None) -> str:
        """The digits said, in order ("" when none were heard)."""
        from smartbank_desktop.voice.whisper import DIGITS_PROMPTS

        if self._whisper is not None:
            first = ""
            for prompt in DIGITS_PROMPTS if expected_length else DIGITS_PROMPTS[:1]:
                heard = words_to_digits(self._whisper.hear(clip, prompt=prompt).text)
                if heard and (not expected_length or len(heard) == expected_length):
                    return heard
                first = first or heard
            if first:
                return first
        with self._lock:
            # Hindi: exactly the digits expected (measured on Hindi strings); English as before, any number.
            transcript = self._grammar(expected_length if self.language == "hi" else None).transcribe(clip)
        return words_to_digits(transcript.text)


# ------------------------------------------------------- the dialogue's digits turn


def answer_recognizer(language: str):
    """The recognizer for a dialogue turn that expects digits (a passcode), or None to keep the command one.

    Hindi: the Hindi digits grammar with the "cancel" sentences beside it (the full command grammar heard
    about a third of six-digit strings in room noise right; bench/voice.py --hindi-digits-only measures
    both on the same audio). English keeps
    the command recognizer, cross-checked by Whisper where it is installed.
    """
    if language != "hi":
        return None
    from smartbank_desktop.voice.dialogue import OTP_LENGTH
    from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer

    return PocketsphinxRecognizer(language, jsgf=digits_jsgf(language, cancel_sentences(language), OTP_LENGTH),
                                  decoder_options=HINDI_DIGITS_DECODER)


class DigitsAnswerParser:
    """The parse of a digits turn: ``length`` digits (any number: None) and filler words are intent
    ``digits``; anything else (a "cancel", or an early decode with a digit or two) goes to the language's
    own parser, which makes no passcode of it."""

    def __init__(self, parser, length: int | None = None):
        self.parser = parser
        self.length = length
        self.language = parser.language
        self._fillers = {normalize(w) for w in (*HINDI_FILLER_WORDS, *FILLER_WORDS)}

    def parse(self, text: str):
        from smartbank_desktop.voice.nlu import ParseResult

        words = normalize(text).split()
        digits = words_to_digits(text)
        if digits and (self.length is None or len(digits) == self.length) \
                and all(w in self._fillers or digit_of(w) is not None or w.isdigit() for w in words):
            return ParseResult(text, "digits", {"digits": digits}, language=self.language)
        return self.parser.parse(text)
