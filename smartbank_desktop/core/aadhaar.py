"""Aadhaar numbers: validation (12 digits, Verhoeff check digit) and masking."""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError
from stdnum.in_ import aadhaar as _aadhaar

# The 12 digits as the API schema states them (in groups of four or not); the check digit is normalise's to check.
AADHAAR_PATTERN = r"^[2-9][0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}$"


class InvalidAadhaar(ValueError):
    """The text is not a valid Aadhaar number; the message says why in plain words."""


def normalise(number: str) -> str:
    """Validate and return the 12 digits, or raise InvalidAadhaar with a plain reason."""
    digits = "".join(ch for ch in str(number) if not ch.isspace() and ch != "-")
    if not digits.isdigit() or len(digits) != 12:
        raise InvalidAadhaar("An Aadhaar number has exactly 12 digits.")
    try:
        return _aadhaar.validate(digits)
    except ValidationError as exc:
        raise InvalidAadhaar(
            "This Aadhaar number is not valid. Please check the digits on the card."
        ) from exc


def is_valid(number: str) -> bool:
    try:
        normalise(number)
    except InvalidAadhaar:
        return False
    return True


def mask(number_or_last4: str) -> str:
    """``"234123412346"`` or ``"2346"`` -> ``"XXXX XXXX 2346"``; never more than 4 digits shown."""
    digits = "".join(ch for ch in str(number_or_last4) if ch.isdigit())
    return f"XXXX XXXX {digits[-4:]}"


_NUMBER_IN_TEXT = re.compile(r"(?<!\d)(?<!\d\s)\d{4}(\s?)\d{4}(\s?)(\d{4})(?!\s?\d)")


def mask_in_text(text: str) -> str:
    """``1234 5678 9012`` -> ``XXXX XXXX 9012`` wherever a 12-digit number appears (16-digit VIDs stay)."""
    return _NUMBER_IN_TEXT.sub(lambda m: f"XXXX{m.group(1)}XXXX{m.group(2)}{m.group(3)}", text)
