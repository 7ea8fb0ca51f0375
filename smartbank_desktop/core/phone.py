"""Indian mobile numbers: ten digits starting 6-9, with an optional +91/0 prefix."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^[6-9]\d{9}$")
# The usual ways of writing one, as the API schema states them; normalise_mobile also takes brackets and more spaces.
MOBILE_PATTERN = r"^(\+91|91|0)?[ -]?[6-9][0-9]{4}[ -]?[0-9]{5}$"


class InvalidPhone(ValueError):
    """Not an Indian mobile number; the message is a plain sentence."""


def normalise_mobile(text: str) -> str:
    """``"+91 98765 43210"`` -> ``"+919876543210"``."""
    digits = re.sub(r"[\s\-()]", "", str(text))
    if digits.startswith("+91"):
        digits = digits[3:]
    elif digits.startswith("91") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("0") and len(digits) == 11:
        digits = digits[1:]
    if not _MOBILE.match(digits):
        raise InvalidPhone("Please give a 10-digit Indian mobile number, starting with 6, 7, 8 or 9.")
    return "+91" + digits


def mask_mobile(e164: str) -> str:
    """``"+919876543210"`` -> ``"+91 XXXXXX3210"``."""
    return f"+91 XXXXXX{e164[-4:]}"
