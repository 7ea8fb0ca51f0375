"""PIN rules: 4 or 6 digits, not one an onlooker would guess first."""

from __future__ import annotations

import re

from smartbank_desktop.backend.schema import text_field

PIN_PATTERN = r"^[0-9]{4}([0-9]{2})?$"
PinText = text_field(PIN_PATTERN)  # the schema states the form; check_pin gives the reasons


class WeakPin(ValueError):
    """The PIN is refused; the message is a plain sentence."""


def check_pin(pin: str) -> str:
    pin = str(pin)
    if not re.fullmatch(r"\d{4}|\d{6}", pin):
        raise WeakPin("The PIN must be 4 or 6 digits.")
    if len(set(pin)) == 1:
        raise WeakPin("Please choose a PIN that does not repeat one digit.")
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    if steps in ({1}, {-1}):
        raise WeakPin("Please choose a PIN that is not a run of digits like 1234.")
    return pin
