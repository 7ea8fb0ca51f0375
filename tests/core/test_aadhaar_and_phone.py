"""Aadhaar validation and masking; Indian mobile numbers."""

import pytest
from stdnum import verhoeff

from smartbank_desktop.core.aadhaar import InvalidAadhaar, is_valid, mask, normalise
from smartbank_desktop.core.phone import InvalidPhone, mask_mobile, normalise_mobile

VALID = "23412341234" + verhoeff.calc_check_digit("23412341234")


def test_valid_number_with_spaces_is_normalised():
    assert normalise(f"{VALID[:4]} {VALID[4:8]} {VALID[8:]}") == VALID


@pytest.mark.parametrize("number, reason", [
    ("1234", "12 digits"), (VALID[:-1] + str((int(VALID[-1]) + 1) % 10), "not valid"),
    ("0" + VALID[1:], "not valid"), ("abcd efgh ijkl", "12 digits"),
])
def test_invalid_numbers_say_why(number, reason):
    with pytest.raises(InvalidAadhaar, match=reason):
        normalise(number)
    assert not is_valid(number)


def test_mask_shows_only_the_last_four():
    assert mask(VALID) == f"XXXX XXXX {VALID[-4:]}"


@pytest.mark.parametrize("text", ["9876543210", "+91 98765 43210", "09876543210", "91-9876543210"])
def test_mobile_forms(text):
    assert normalise_mobile(text) == "+919876543210"
    assert mask_mobile("+919876543210") == "+91 XXXXXX3210"


@pytest.mark.parametrize("text", ["12345", "5876543210", "+1 415 555 0100", "98765432101"])
def test_not_indian_mobiles(text):
    with pytest.raises(InvalidPhone):
        normalise_mobile(text)
