"""Encryption at rest: AES-256-GCM for documents, Aadhaar numbers and templates,
and a keyed hash (HMAC-SHA256) for finding duplicates without decrypting.

Both keys derive from the data-encryption key (settings/environment or the
per-user data folder), never from the repository.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from smartbank_desktop.core import paths

_NONCE_BYTES = 12
_FORMAT = b"SB1"


@lru_cache(maxsize=1)
def _keys() -> tuple[bytes, bytes]:
    master = paths.data_encryption_key()
    encryption = hmac.new(master, b"smartbank/encryption", hashlib.sha256).digest()
    lookup = hmac.new(master, b"smartbank/lookup-hash", hashlib.sha256).digest()
    return encryption, lookup


def encrypt(plaintext: bytes, context: bytes = b"") -> bytes:
    """Seal bytes; ``context`` (e.g. a record kind) is authenticated, not stored."""
    nonce = os.urandom(_NONCE_BYTES)
    return _FORMAT + nonce + AESGCM(_keys()[0]).encrypt(nonce, plaintext, context)


def decrypt(sealed: bytes, context: bytes = b"") -> bytes:
    if not sealed.startswith(_FORMAT):
        raise ValueError("not a SmartBank sealed blob")
    nonce = sealed[len(_FORMAT) : len(_FORMAT) + _NONCE_BYTES]
    return AESGCM(_keys()[0]).decrypt(nonce, sealed[len(_FORMAT) + _NONCE_BYTES :], context)


def lookup_hash(value: str, purpose: str) -> str:
    """A keyed hash of ``value`` for equality look-ups (duplicate Aadhaar numbers)."""
    return hmac.new(_keys()[1], f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
