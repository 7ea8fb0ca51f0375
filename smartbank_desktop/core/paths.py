"""Where the product keeps its per-user data, and the secrets it generates there.

The data folder (``SMARTBANK_HOME`` or the platform's user data folder) holds
the SQLite database, encrypted uploads, the embedded broker's queue and two
generated keys. Keys are created on first run with owner-only permissions and
are never part of the repository.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import platformdirs

APP_NAME = "SmartBank"


def data_dir() -> Path:
    root = os.environ.get("SMARTBANK_HOME") or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _read_or_create(name: str, make) -> str:
    path = data_dir() / name
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    value = make()
    # O_EXCL: if two processes start at once, the first writer wins and both read its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value


def secret_key() -> str:
    """Django's SECRET_KEY: from the environment, else generated once per data folder."""
    return os.environ.get("SMARTBANK_SECRET_KEY") or _read_or_create(
        "secret_key", lambda: secrets.token_urlsafe(50)
    )


def data_encryption_key() -> bytes:
    """The 32-byte key that encrypts documents, Aadhaar numbers and templates at rest."""
    text = os.environ.get("SMARTBANK_DATA_KEY") or _read_or_create(
        "data_key", lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    )
    key = base64.urlsafe_b64decode(text)
    if len(key) != 32:
        raise RuntimeError("SMARTBANK_DATA_KEY must be 32 bytes, base64 (urlsafe) encoded")
    return key
