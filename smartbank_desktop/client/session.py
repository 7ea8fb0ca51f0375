"""Who signs in on this computer: the remembered mobile number (in the data
folder) and the keyring-backed token store."""

from __future__ import annotations

from smartbank_desktop.core.paths import data_dir

from .token_store import TokenStore

_REMEMBERED = "last_signin"


def token_store() -> TokenStore:
    return TokenStore()


def remember_username(username: str) -> None:
    (data_dir() / _REMEMBERED).write_text(username)


def remembered_username() -> str | None:
    try:
        return (data_dir() / _REMEMBERED).read_text().strip() or None
    except FileNotFoundError:
        return None


def forget_username() -> None:
    (data_dir() / _REMEMBERED).unlink(missing_ok=True)
