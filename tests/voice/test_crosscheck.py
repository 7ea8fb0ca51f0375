"""How the grammar engine's and Whisper's words are weighed (voice.crosscheck), on their text.

The two real engines decoding real audio are measured in test_spoken_corpus.py;
here the rules are checked one by one on the words each engine gave.
"""

import pytest

from smartbank_desktop.voice.crosscheck import CrossCheckedRecognizer
from smartbank_desktop.voice.nlu import IntentParser
from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer, Transcript

PAYEES = ["Sita Devi", "Mohan Das"]


class _Heard:
    def __init__(self, text, confidence):
        self.text, self.confidence = text, confidence


class _FixedWhisper:
    engine = "whisper"

    def __init__(self, text="", confidence=0.8):
        self.answer = _Heard(text, confidence)

    def hear(self, clip, prompt=None):
        return self.answer


@pytest.fixture(scope="module")
def grammar_engine():
    return PocketsphinxRecognizer("en", PAYEES)


@pytest.fixture
def judge(grammar_engine):
    return CrossCheckedRecognizer(grammar_engine, _FixedWhisper(), payees=PAYEES).judge


def _said(verdict):
    return IntentParser("en", PAYEES).parse(verdict.text)


def test_both_engines_agree(judge):
    verdict = judge("send five hundred rupees to sita devi", "Send 500 rupees to Sita Devi.", 0.8)
    assert verdict.accepted and verdict.agreed
    assert _said(verdict).slots == {"amount": 500, "payee": "Sita Devi"}


def test_the_grammar_engine_keeps_the_name_whisper_could_not_spell(judge):
    verdict = judge("i want to send money to sita devi", "I want to send money to see the debate.", 0.7)
    assert verdict.agreed and _said(verdict).slots == {"payee": "Sita Devi"}


def test_a_sure_whisper_overrules_a_grammar_engine_lost_in_babble(judge):
    verdict = judge("pay khan a thousand and nine", "Is my KYC done?", 0.6)
    assert verdict.accepted and not verdict.agreed and _said(verdict).intent == "kyc_status"


def test_talk_behind_the_customer_is_no_command(judge):
    verdict = judge("eighty three thousand and a hundred rs to sita",
                    "The insistence is better, but of course something must always be allowed for the", 0.7)
    assert not verdict.accepted and verdict.text == "" and _said(verdict).intent == "none"


@pytest.mark.parametrize("grammar, whisper", [
    ("pay eight to farida please", "Then, send the unit,"),
    ("send five thousand a hundred and fifty to sita please", "I have a strict excuse, which is better."),
    ("yes", "Okay, then we go on with the story of the king."),
])
def test_a_tv_near_a_command_word_moves_no_money_and_says_no_yes(judge, grammar, whisper):
    assert _said(judge(grammar, whisper, 0.7)).intent == "none"


def test_whisper_merging_a_repeated_digit_does_not_lose_the_code(judge):
    verdict = judge("my code is zero seven six six six one", "My code is 0 766 1.", 0.5)
    assert _said(verdict).slots == {"digits": "076661"}


def test_transcribe_reports_both_engines_and_the_verdict(grammar_engine):
    from smartbank_desktop.voice.audio import read_audio_file
    from tests.voice.test_pipeline import DATA

    clip = read_audio_file(DATA / "one_two_three.wav")
    recognizer = CrossCheckedRecognizer(grammar_engine, _FixedWhisper("A book could be written about this."), payees=PAYEES)
    transcript = recognizer.transcribe(clip)
    assert isinstance(transcript, Transcript) and recognizer.engine == "pocketsphinx+whisper"
    assert set(transcript.heard) == {"pocketsphinx", "whisper"} and not transcript.accepted and transcript.text == ""


def test_an_amount_only_the_grammar_engine_heard_is_no_agreement(judge):
    """Whisper's "Give me some caled." parses as a payment with no amount: it must not confirm "fifty to Anil"."""
    verdict = judge("fifty rupees only to sita devi", "Give me some caled.", 0.9)
    assert not verdict.agreed
    assert _said(verdict).intent != "transfer_money"


class _PromptedWhisper:
    """Whisper that writes a passcode with letters for digits unless prompted for digits."""

    engine = "whisper"

    def __init__(self, first, prompted, confidence=0.8):
        self.first, self.prompted, self.confidence = first, prompted, confidence
        self.prompts = []

    def hear(self, clip, prompt=None):
        self.prompts.append(prompt)
        return _Heard(self.prompted if prompt else self.first, self.confidence)


def test_a_passcode_whisper_half_heard_is_heard_again_for_digits(grammar_engine):
    from smartbank_desktop.voice.whisper import DIGITS_PROMPTS

    whisper = _PromptedWhisper("7, b, 8, 9, 5, 5.", "seven three eight nine five five")
    checked = CrossCheckedRecognizer(grammar_engine, whisper, payees=PAYEES)
    verdict = checked.decide(None, "pin two eight five nine five five", "7, b, 8, 9, 5, 5.", 0.8)
    assert whisper.prompts == [DIGITS_PROMPTS[0]]
    assert verdict.accepted and not verdict.agreed
    assert _said(verdict).intent == "digits" and _said(verdict).slots == {"digits": "738955"}


def test_talk_is_not_heard_again_for_digits_and_unsure_digits_are_not_taken(grammar_engine):
    whisper = _PromptedWhisper("", "one two three four five six", confidence=0.1)
    checked = CrossCheckedRecognizer(grammar_engine, whisper, payees=PAYEES)
    assert checked.digits_again(None, "send five hundred to sita", "He moved there in 1952 with his wife.") is None
    assert whisper.prompts == []
    assert checked.digits_again(None, "one two three", "1, 2, 3, 4, 5, 6.") is None  # the second hearing is unsure
