"""PIN rules: 4 or 6 ASCII digits, not one an onlooker would guess first.

ASCII digits only: Python's ``\\d`` and ``int()`` also take the digits of other scripts
("٤٨٢٦", Arabic-Indic; "४८२६", Devanagari), which no keypad of the bank's can type and
which would be a second spelling of a PIN. The same rule holds wherever a PIN is set
(:func:`check_pin`) or checked (:func:`pin_field`, at sign-in).
"""

from __future__ import annotations

import re

from django.core.validators import RegexValidator

from smartbank_desktop.backend.schema import text_field

PIN_PATTERN = r"^[0-9]{4}([0-9]{2})?$"
PIN_SHAPE = "The PIN must be 4 or 6 digits."
PinText = text_field(PIN_PATTERN)  # the schema states the form; check_pin gives the reasons


class WeakPin(ValueError):
    """The PIN is refused; the message is a plain sentence."""


def check_pin(pin: str) -> str:
    pin = str(pin)
    if not re.fullmatch(PIN_PATTERN, pin):
        raise WeakPin(PIN_SHAPE)
    if len(set(pin)) == 1:
        raise WeakPin("Please choose a PIN that does not repeat one digit.")
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    if steps in ({1}, {-1}):
        raise WeakPin("Please choose a PIN that is not a run of digits like 1234.")
    return pin


def pin_field(**kwargs) -> PinText:
    """A PIN given to be checked: 4 or 6 ASCII digits, else ``invalid_input`` (it cannot be anyone's PIN)."""
    return PinText(max_length=6, validators=[RegexValidator(PIN_PATTERN, PIN_SHAPE)], **kwargs)
