"""What kind of file the app sends the bank, by its first bytes (never its name): pictures and PDF cards."""

from __future__ import annotations

SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}
_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"))


def media_type(content: bytes) -> str:
    """"image/jpeg", "image/png" or "application/pdf", or "" for anything else (the bank checks content too)."""
    return next((kind for signature, kind in _SIGNATURES if content.startswith(signature)), "")
