"""Django validators for what people type about people (:mod:`smartbank_desktop.core.names` decides)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from smartbank_desktop.core.names import InvalidName, check_name


def validate_person_name(value: str) -> None:
    """A customer's or a payee's name: refused, with the reason, when it holds invisible or control characters."""
    try:
        check_name(value)
    except InvalidName as exc:
        raise ValidationError(str(exc), code="invalid_name") from exc
