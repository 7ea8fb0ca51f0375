"""Money in paise: whole rupees to paise, Indian grouping and amounts in words."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartbank_desktop.core.money import amount_in_words, format_inr, group_indian, number_in_words, rupees


@pytest.mark.parametrize("paise, text", [
    (0, "₹0.00"), (5, "₹0.05"), (100_000, "₹1,000.00"), (12_345_600, "₹1,23,456.00"),
    (1_234_567_890_12, "₹1,23,45,67,890.12"), (-150_00, "-₹150.00"),
])
def test_indian_grouping(paise, text):
    assert format_inr(paise) == text


@pytest.mark.parametrize("number, words", [
    (0, "zero"), (15, "fifteen"), (21, "twenty-one"), (100, "one hundred"),
    (2500, "two thousand five hundred"), (100_000, "one lakh"), (150_000, "one lakh fifty thousand"),
    (123_456, "one lakh twenty-three thousand four hundred fifty-six"),
    (10_000_000, "one crore"), (25_00_00_000, "twenty-five crore"),
])
def test_numbers_in_words_use_lakh_and_crore(number, words):
    assert number_in_words(number) == words


def test_amount_in_words_with_paise():
    assert amount_in_words(123_456_50) == "one lakh twenty-three thousand four hundred fifty-six rupees and fifty paise"
    assert amount_in_words(100) == "one rupee"


def test_whole_rupees_become_paise():
    assert rupees(2500) == 2500_00 and rupees(0) == 0


@given(st.integers(min_value=0, max_value=10**15))
def test_grouping_keeps_the_digits(n):
    text = group_indian(n)
    assert text.replace(",", "") == str(n)
    groups = text.split(",")
    assert len(groups[-1]) == min(3, len(str(n))) and all(len(g) == 2 for g in groups[1:-1])
