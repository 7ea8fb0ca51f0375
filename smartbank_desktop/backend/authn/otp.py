"""Time-based one-time passcodes (RFC 6238 with pyotp): set-up by QR code, and
verification with a window of one step where a used code is never accepted twice."""

from __future__ import annotations

import base64
import io
import time

import pyotp
import qrcode
import qrcode.image.svg

from smartbank_desktop.backend import crypto

ISSUER = "SmartBank"
STEP_SECONDS = 30
_CONTEXT = b"otp-secret"


def new_secret() -> str:
    return pyotp.random_base32()


def seal(secret: str) -> bytes:
    return crypto.encrypt(secret.encode(), _CONTEXT)


def unseal(sealed: bytes) -> str:
    return crypto.decrypt(bytes(sealed), _CONTEXT).decode()


def provisioning_uri(secret: str, account_label: str) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=account_label, issuer_name=ISSUER)


def qr_png_base64(uri: str) -> str:
    """The set-up QR code as a base64 PNG, big enough to scan from a screen."""
    image = qrcode.make(uri, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


def matching_step(secret: str, code: str, *, at: float | None = None, after_step: int = 0) -> int | None:
    """The time step ``code`` belongs to (now, one before or one after), if it is later than ``after_step``."""
    code = "".join(ch for ch in str(code) if ch.isdigit())
    if len(code) != 6:
        return None
    now = time.time() if at is None else at
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if step > after_step and pyotp.utils.strings_equal(totp.at(step * STEP_SECONDS), code):
            return step
    return None
