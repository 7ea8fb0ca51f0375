import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartbank_desktop.core.money import number_in_words, number_in_words_hindi
from smartbank_desktop.voice.numbers import parse_amount, parse_digits, tag_numbers
from smartbank_desktop.voice.text import normalize


@pytest.mark.parametrize(
    "said, rupees",
    [
        ("two thousand five hundred", 2500),
        ("2,500", 2500),
        ("Rs. 1,500", 1500),
        ("₹1500", 1500),
        ("one lakh", 100_000),
        ("a lakh", 100_000),
        ("one and a half lakh", 150_000),
        ("1.5 lakh", 150_000),
        ("one point five lakh", 150_000),
        ("half a lakh", 50_000),
        ("5 hundred", 500),
        ("twenty five hundred", 2500),
        ("five hundred and twenty", 520),
        ("three crore", 30_000_000),
        ("ten thousand rupees only", 10_000),
        ("two lakh fifty thousand", 250_000),
        ("5k", 5000),
        ("डेढ़ लाख", 150_000),
        ("ढाई हज़ार", 2500),
        ("साढ़े तीन सौ", 350),
        ("सवा लाख", 125_000),
        ("पौने दो लाख", 175_000),
        ("दो हजार पांच सौ रुपये", 2500),
    ],
)
def test_amounts_as_people_say_them(said, rupees):
    assert parse_amount(said) == rupees


@pytest.mark.parametrize("said", ["1.25", "five five", "hundred hundred", "one lakh two lakh", "", "rupees", "banana"])
def test_not_a_whole_amount(said):
    assert parse_amount(said) is None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=99_99_99_999))
def test_every_amount_in_words_reads_back(n):
    assert parse_amount(number_in_words(n)) == n
    assert parse_amount(number_in_words_hindi(n)) == n


@pytest.mark.parametrize(
    "said, digits",
    [("one two three four five six", "123456"), ("1 2 3 4 5 6", "123456"), ("123456", "123456"),
     ("double five one", "551"), ("एक दो तीन", "123"), ("oh nine", "09"), ("my code is 4 4", "44")],
)
def test_digit_strings(said, digits):
    assert parse_digits(said) == digits


def test_parse_digits_rejects_other_words():
    assert parse_digits("send five") is None


def test_tagging_keeps_amounts_digits_and_lone_numbers_apart():
    tagged = tag_numbers(normalize("send 2,500 rupees to ramesh then one two"))
    assert tagged.text == "send numbervalue rupees to ramesh then digitsvalue"
    assert [(s.kind, s.value, s.digits) for s in tagged.spans] == [("number", 2500, "2500"), ("digits", None, "12")]
    assert tag_numbers("pay sita one and a half lakh").text == "pay sita amountvalue"


def test_hindi_verb_particle_do_is_not_two():
    tagged = tag_numbers(normalize("रमेश को पांच सौ रुपये भेज दो"))
    assert [s.value for s in tagged.spans] == [500]
    assert tagged.text.endswith("भेज दो")
    assert tag_numbers(normalize("दो हज़ार")).spans[0].value == 2000
