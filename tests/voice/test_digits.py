"""Spoken digits with the digits-only grammar, on real human speech."""

import soundfile

from smartbank_desktop.voice.audio import AudioClip, to_int16_mono
from smartbank_desktop.voice.digits import (
    DIGITS_JSGF,
    DigitsRecognizer,
    words_to_digits,
)
from tests.biometrics.media import DATA

PHRASES = {"10001": (0.6, 2.9), "90210": (3.7, 5.3), "01803": (6.0, 8.2)}


def test_words_to_digits_reads_oh_as_zero():
    assert words_to_digits("nine oh two one zero") == "90210"
    assert "<digit>+" in DIGITS_JSGF


def test_a_man_reading_digits_is_heard_exactly():
    samples, rate = soundfile.read(DATA / "speech" / "english" / "vosk_test.wav", dtype="float32")
    recognizer = DigitsRecognizer()
    for digits, (start, end) in PHRASES.items():
        clip = AudioClip(to_int16_mono(samples[int(start * rate):int(end * rate)], rate))
        assert recognizer.digits(clip) == digits
