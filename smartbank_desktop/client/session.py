"""Who signs in on this computer: the remembered mobile number (in the data
folder) and the keyring-backed token store."""

from __future__ import annotations

import os

from smartbank_desktop.core.paths import data_dir
from smartbank_desktop.core.refusals import Code, refuse

from .api import DEFAULT_URL, BankClient
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


def saved_sign_in(url: str | None = None) -> BankClient:
    """A client signed in as the customer who signed in on this computer (``smartbank signin``)."""
    username = remembered_username()
    client = BankClient(url or os.environ.get("SMARTBANK_URL", DEFAULT_URL), token_store=token_store())
    if not username or not client.resume(username):
        client.close()
        raise refuse(Code.NOT_SIGNED_IN, "Please sign in first, with: smartbank signin")
    return client
