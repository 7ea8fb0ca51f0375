"""Spoken digits: the words-to-digits reading, and the recognizer on a real man reading digits."""

import soundfile

from smartbank_desktop.voice.audio import AudioClip, to_int16_mono
from smartbank_desktop.voice.digits import DIGITS_JSGF, DigitsRecognizer, sounds_like_digits, words_to_digits
from tests.biometrics.media import DATA

PHRASES = {"10001": (0.6, 2.9), "90210": (3.7, 5.3), "01803": (6.0, 8.2)}


def test_words_numerals_and_fillers():
    assert words_to_digits("nine oh two one zero") == "90210"
    assert words_to_digits("My code is 4, 7, um, 2 9 1 6.") == "472916"
    assert words_to_digits("472-916") == "472916"
    assert words_to_digits("double five one") == "551"
    assert "<filler>" in DIGITS_JSGF  # a breath or an "um" between digits has a place in the grammar


def test_a_man_reading_digits_is_heard_exactly():
    samples, rate = soundfile.read(DATA / "speech" / "english" / "vosk_test.wav", dtype="float32")
    recognizer = DigitsRecognizer()
    assert recognizer.engine == "whisper+pocketsphinx"
    for digits, (start, end) in PHRASES.items():
        clip = AudioClip(to_int16_mono(samples[int(start * rate):int(end * rate)], rate))
        assert recognizer.digits(clip, expected_length=5) == digits


def test_hindi_digit_words_their_variants_and_fillers():
    from smartbank_desktop.voice.digits import HINDI_DIGIT_WORDS, digits_jsgf

    assert words_to_digits("छह चार पाँच अं चार तीन दो") == "645432"
    assert words_to_digits("ज़ीरो शून्य पांच पाँच छे नौ") == "005569"
    assert {HINDI_DIGIT_WORDS[w] for w in ("शून्य", "जीरो", "पांच", "छह", "छे")} == {"0", "5", "6"}
    six = digits_jsgf("hi", length=6)
    assert six.count("<digit>") == 7 and "<filler> = अं | उम्म | हम्म;" in six  # six digits and the rule itself


def test_the_dialogues_digits_turn_hears_digits_or_a_cancel():
    from smartbank_desktop.voice.digits import DigitsAnswerParser, answer_recognizer, cancel_sentences, digits_jsgf
    from smartbank_desktop.voice.grammar import grammar_words
    from smartbank_desktop.voice.hindi_lexicon import load_dictionary
    from smartbank_desktop.voice.nlu import IntentParser

    parser = DigitsAnswerParser(IntentParser("hi"))
    assert (parser.parse("अं छह चार पांच चार तीन दो").intent, parser.parse("छह चार पांच चार तीन दो").slots) == (
        "digits", {"digits": "645432"})
    assert parser.parse("रद्द करो").intent == "cancel"
    assert "बस रद्द कर दो" not in digits_jsgf("hi") and "रद्द" in digits_jsgf("hi", cancel_sentences("hi"))
    missing = grammar_words(digits_jsgf("hi", cancel_sentences("hi"))) - set(load_dictionary())
    assert missing == set()  # every word has its Hindi pronunciation: nothing falls back to English spelling
    assert answer_recognizer("en") is None  # English keeps the cross-checked command recognizer


def test_a_run_of_digits_however_written_and_not_talk():
    for text in ("1, 9, 2, 2, 6, 7.", "7, b, 8, 9, 5, 5.", "472-916", "four um two seven"):
        assert sounds_like_digits(text), text
    for text in ("four two", "Send 5000 to Anil.", "I was born in 1952 and moved", "Is my KYC done?", ""):
        assert not sounds_like_digits(text), text
