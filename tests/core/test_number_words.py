"""One number-word table per language: words spoken by core.money are the words voice.numbers reads."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartbank_desktop.core import number_words
from smartbank_desktop.core.money import number_in_words, number_in_words_hindi
from smartbank_desktop.voice.numbers import parse_amount


@given(st.integers(min_value=1, max_value=99_99_99_999))
def test_every_amount_the_bank_says_in_english_is_read_back(n):
    assert parse_amount(number_in_words(n)) == n


@given(st.integers(min_value=1, max_value=99_99_99_999))
def test_every_amount_the_bank_says_in_hindi_is_read_back(n):
    assert parse_amount(number_in_words_hindi(n)) == n


def test_the_tables_are_whole():
    assert len(number_words.HINDI_NUMBERS_0_99) == 100
    assert len(number_words.english_number_words()) == 28
    assert number_words.english_digit_words()["oh"] == 0
    assert sorted(number_words.HINDI_SCALES.values()) == sorted(number_words.ENGLISH_SCALES.values())


@pytest.mark.parametrize("text, rupees", [("do hazaar", None), ("2 hazaar", 2000), ("paanch sau", None), ("5 sau", 500)])
def test_romanised_scales_after_digits(text, rupees):
    # Romanised Hindi scales are read after digits; romanised number words are not numbers
    # (a "do" is the verb of "bhej do", and "ek" starts "ek baar").
    assert parse_amount(text) == rupees
