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


# Everything this process creates from the first call to data_dir() on is its user's alone.
PRIVATE_UMASK = 0o077


def data_dir() -> Path:
    """The data folder, its user's alone: created 0700, and owner-only ever after.

    It holds the SQLite database, the embedded broker's queue, documents and keys, which
    the libraries that write them (sqlite3, SQLAlchemy) create with the process's umask: so
    the umask becomes 077 here, for the whole process (new files 0600, folders 0700). A folder
    left open to others (an older version made it 0755 with 0644 files) is closed, with all
    it holds, the first time it is met. POSIX only: on Windows the per-user folder's access
    list already keeps other users out.
    """
    root = os.environ.get("SMARTBANK_HOME") or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    path = Path(root)
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        _close_to_others(path)
    return path


def _close_to_others(folder: Path) -> None:
    for where, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            item = Path(where, name)
            if not item.is_symlink():
                item.chmod(item.stat().st_mode & 0o700)
    folder.chmod(0o700)


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
