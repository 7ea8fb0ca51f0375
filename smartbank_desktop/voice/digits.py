"""Spoken digits ("four seven one nine oh two") recognized with a digits-only grammar.

Used for voice sign-in challenges and spoken passcodes, where nothing but
digits may be heard: a narrow grammar is both faster and harder to fool than
the full command grammar.
"""

from __future__ import annotations

import threading

from smartbank_desktop.voice.audio import AudioClip

DIGIT_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
               "six": "6", "seven": "7", "eight": "8", "nine": "9"}
DIGITS_JSGF = (
    "#JSGF V1.0;\ngrammar digits;\n"
    f"public <digits> = <digit>+;\n<digit> = {' | '.join(DIGIT_WORDS)};\n"
)


def words_to_digits(text: str) -> str:
    return "".join(DIGIT_WORDS.get(word, "") for word in text.lower().split())


class DigitsRecognizer:
    """pocketsphinx with the digits grammar; safe to share between threads (one decode at a time)."""

    def __init__(self):
        from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer

        self._recognizer = PocketsphinxRecognizer("en", jsgf=DIGITS_JSGF)
        self._lock = threading.Lock()

    def digits(self, clip: AudioClip) -> str:
        with self._lock:
            transcript = self._recognizer.transcribe(clip)
        return words_to_digits(transcript.text)
