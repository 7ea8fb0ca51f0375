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
from smartbank_desktop.voice.matching import join_grouped_digits
from smartbank_desktop.voice.numbers import digit_of
from smartbank_desktop.voice.text import normalize

DIGIT_WORDS = {word: str(value) for word, value in english_digit_words().items()}
FILLER_WORDS = ("um", "uh", "ah", "er", "hmm")
DIGITS_JSGF = (
    "#JSGF V1.0;\ngrammar digits;\n"
    "public <digits> = [<filler>] <digit> ([<filler>] <digit>)* [<filler>];\n"
    f"<digit> = {' | '.join(DIGIT_WORDS)};\n"
    f"<filler> = {' | '.join(FILLER_WORDS)};\n"
)
_REPEATS = {"double": 2, "triple": 3}
# A spoken code (OTP, passcode, sign-in challenge) has this many digits.
MIN_DIGITS, MAX_DIGITS = 4, 8


def sounds_like_digits(text: str) -> bool:
    """Free text that is a run of digits, however written: "1, 9, 2, 2, 6, 7.", "7, b, 8, 9, 5, 5.", "four two".

    Whisper, prompted for banking words, writes a passcode as digits with
    letters for the ones it half heard ("b" for "three"); talk from a TV has
    words of its own and is not this.
    """
    tokens = normalize(join_grouped_digits(text)).split()
    said = [t for t in tokens if t not in FILLER_WORDS]
    digits = [t for t in said if t.isdigit() or digit_of(t) is not None]
    letters = [t for t in said if len(t) == 1 and t.isalpha()]
    return len(words_to_digits(text)) >= 3 and len(digits) + len(letters) >= 0.75 * len(said)


def words_to_digits(text: str) -> str:
    """The digits said in words, numerals or both, in order; other words are left out.

    "nine oh two one zero" -> "90210"; "My code is 4, 7, um, 2." -> "472";
    "double five one" -> "551".
    """
    out = []
    repeat = 1
    for token in normalize(join_grouped_digits(text)).split():
        if token in _REPEATS:
            repeat = _REPEATS[token]
            continue
        if token.isdigit():
            out.append(token[0] * repeat + token[1:])
        elif (digit := digit_of(token)) is not None:
            out.append(digit * repeat)
        repeat = 1
    return "".join(out)


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
