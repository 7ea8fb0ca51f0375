"""15-digit account numbers: a 4-digit bank prefix, 10 random digits, a Luhn check digit."""

from __future__ import annotations

import secrets

from stdnum import luhn

BANK_PREFIX = "9100"
_CAPITAL_BODY = BANK_PREFIX + "0000000000"
CAPITAL_ACCOUNT_NUMBER = _CAPITAL_BODY + luhn.calc_check_digit(_CAPITAL_BODY)


def new_account_number() -> str:
    body = BANK_PREFIX + "".join(secrets.choice("0123456789") for _ in range(10))
    return body + luhn.calc_check_digit(body)


def is_valid(number: str) -> bool:
    number = str(number)
    return len(number) == 15 and number.isdigit() and luhn.is_valid(number)


def mask(number: str) -> str:
    """``"910012345678903"`` -> ``"XXXX8903"``."""
    return f"XXXX{str(number)[-4:]}"
