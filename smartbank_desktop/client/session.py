"""Who signs in on this computer: the remembered customer (mobile number and name, in the data
folder; never a PIN or a token), this computer's own random name, the keyring-backed token store, and the
"Remember me" consent kept in it beside the tokens."""

from __future__ import annotations

import json
import os
import secrets

from smartbank_desktop.core.paths import data_dir
from smartbank_desktop.core.refusals import Code, refuse

_REMEMBERED = "last_signin"
_DEVICE = "device_id"
CONSENT = "remembered"  # the keyring entry of "Remember me": who said yes (``{"username", "name"}``)


def token_store():
    """The OS keyring's store (imported on first use: finding the keyring's backends is slow)."""
    from .token_store import TokenStore

    return TokenStore()


def kept_consent(store) -> dict | None:
    """``{"username", "name"}`` of the customer who said "Remember me" (kept in ``store``), or None."""
    try:
        value = json.loads(store.secret(CONSENT) or "null")
    except ValueError:
        return None
    return value if isinstance(value, dict) and value.get("username") else None


def forget_kept(store, username: str) -> None:
    """``username``'s tokens out of ``store``, and the "Remember me" consent when it is theirs."""
    consent = kept_consent(store)
    store.forget_tokens(username)
    if consent is not None and consent["username"] == username:
        store.delete_secret(CONSENT)


def remember_username(username: str, name: str = "") -> None:
    """The customer to offer at the next start: their mobile number (or email) and name."""
    path = data_dir() / _REMEMBERED
    path.write_text(f"{username}\n{name}\n")
    path.chmod(0o600)


def remembered_customer() -> tuple[str, str] | None:
    """(mobile number or email, name) of the customer who signed in here last, or None."""
    try:
        lines = (data_dir() / _REMEMBERED).read_text().splitlines()
    except FileNotFoundError:
        return None
    if not lines or not lines[0].strip():
        return None
    return lines[0].strip(), (lines[1].strip() if len(lines) > 1 else "")


def remembered_username() -> str | None:
    remembered = remembered_customer()
    return remembered[0] if remembered else None


def forget_username() -> None:
    (data_dir() / _REMEMBERED).unlink(missing_ok=True)


def device_id() -> str:
    """This computer's own random name, made once: sent with each sign-in, it lets the bank count wrong tries
    from here apart from those of anyone else (it opens nothing by itself)."""
    path = data_dir() / _DEVICE
    name = path.read_text().strip() if path.exists() else ""
    if not name:
        name = secrets.token_urlsafe(24)
        path.write_text(name + "\n")
        path.chmod(0o600)
    return name


def saved_sign_in(url: str | None = None):
    """A client signed in as the customer who signed in on this computer (``smartbank signin``)."""
    from .api import DEFAULT_URL, BankClient

    username = remembered_username()
    client = BankClient(url or os.environ.get("SMARTBANK_URL", DEFAULT_URL), token_store=token_store(),
                        device_id=device_id())
    if not username or not client.resume(username):
        client.close()
        raise refuse(Code.NOT_SIGNED_IN, "Please sign in first, with: smartbank signin")
    return client
