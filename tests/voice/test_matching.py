"""Free recognizer text matched to the closest template sentence, by words and by sound."""

import pytest

from smartbank_desktop.voice.matching import SentenceMatcher, join_grouped_digits
from smartbank_desktop.voice.nlu import IntentParser

PAYEES = ["Lakshmi Narayan", "Kavita Rao", "Mohan Das"]


@pytest.fixture(scope="module")
def matcher():
    return SentenceMatcher("en", PAYEES)


@pytest.mark.parametrize("text, joined", [
    ("My code is 472-916.", "My code is 472916."),
    ("4.729.16", "472916"),
    ("the code is 146, 100", "the code is 146, 100"),  # a comma is Whisper's thousands: left to the amount reader
    ("send 2,500 rupees", "send 2,500 rupees"),
    ("1.5 lakh", "1.5 lakh"),
])
def test_digit_groups_are_joined_but_amounts_are_not(text, joined):
    assert join_grouped_digits(text) == joined


@pytest.mark.parametrize("heard, intent, slots", [
    ("What is my kick status?", "kyc_status", {}),
    ("Please send 2,500 rupees to Lakshminarian.", "transfer_money", {"amount": 2500, "payee": "Lakshmi Narayan"}),
    ("My code is 472-916.", "digits", {"digits": "472916"}),
    ("Could you tell me my balance for me?", "check_balance", {}),
    ("Log out.", "logout", {}),
])
def test_whisper_style_text_finds_its_command(matcher, heard, intent, slots):
    match = matcher.match(heard)
    result = IntentParser("en", PAYEES).parse(match.sentence)
    assert (match.intent, result.intent, result.slots) == (intent, intent, slots)
    assert match.score >= 84


def test_talk_that_is_no_command_scores_low(matcher):
    for talk in ("A book could be written about this restaurant and all its secrets.",
                 "As he returned from showing his guests downstairs, I could not"):
        assert matcher.match(talk).score < 78


def test_a_name_that_sounds_like_money_is_not_a_payee():
    parser = IntentParser("en", ["Meena Iyer"])
    assert parser.parse("I have to send money").slots == {}


def test_hindi_name_in_devanagari_fits_the_saved_latin_name():
    result = IntentParser("hi", ["Meena Iyer"]).parse("मीना अय्यर को 2200 रुपये भेजो")
    assert result.slots == {"amount": 2200, "payee": "Meena Iyer"}
