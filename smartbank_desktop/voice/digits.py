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
"""

from __future__ import annotations

import threading

from smartbank_desktop.core.number_words import english_digit_words
from smartbank_desktop.voice.audio import AudioClip
from smartbank_desktop.voice.matching import FILLER_WORDS, sounds_like_digits, words_to_digits

__all__ = ["DIGITS_JSGF", "DigitsRecognizer", "sounds_like_digits", "words_to_digits"]

DIGIT_WORDS = {word: str(value) for word, value in english_digit_words().items()}
DIGITS_JSGF = (
    "#JSGF V1.0;\ngrammar digits;\n"
    "public <digits> = [<filler>] <digit> ([<filler>] <digit>)* [<filler>];\n"
    f"<digit> = {' | '.join(DIGIT_WORDS)};\n"
    f"<filler> = {' | '.join(FILLER_WORDS)};\n"
)


class DigitsRecognizer:
    """Whisper prompted for digits, with the digits grammar behind it; thread-safe (one decode at a time)."""

    def __init__(self, whisper=None):
        from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer, RecognizerUnavailable
        from smartbank_desktop.voice.whisper import shared_whisper

        try:
            self._whisper = whisper or shared_whisper()
        except RecognizerUnavailable:
            self._whisper = None
        self._grammar = PocketsphinxRecognizer("en", jsgf=DIGITS_JSGF)
        self._lock = threading.Lock()

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
            transcript = self._grammar.transcribe(clip)
        return words_to_digits(transcript.text)
