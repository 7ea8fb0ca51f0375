"""``smartbank signin`` and ``smartbank signout``: sign in on this computer (tokens in the keyring)."""

from __future__ import annotations

import getpass
import os
from datetime import datetime


def register(subparsers) -> None:
    signin = subparsers.add_parser("signin", help="sign in on this computer with mobile number and PIN")
    signin.add_argument("--mobile", help="mobile number or email (asked when left out)")
    signin.add_argument("--url", default=None, help="the bank's address (default: this computer's backend)")
    signin.set_defaults(handler=sign_in)
    signout = subparsers.add_parser("signout", help="sign out on this computer")
    signout.add_argument("--url", default=None)
    signout.set_defaults(handler=sign_out)


def _url(args) -> str:
    from .api import DEFAULT_URL

    return args.url or os.environ.get("SMARTBANK_URL", DEFAULT_URL)


def sign_in(args) -> int:
    from smartbank_desktop.core.console import UserError
    from smartbank_desktop.core.refusals import Code, Refusal

    from . import api, session
    from .token_store import KeyringUnavailable

    username = args.mobile or input("Mobile number or email: ").strip()
    pin = os.environ.get("SMARTBANK_PIN") or getpass.getpass("PIN: ")
    try:
        with api.BankClient(_url(args), token_store=session.token_store(), device_id=session.device_id()) as client:
            try:
                client.sign_in(username, pin)
            except Refusal as refusal:
                if refusal.code != Code.OTP_REQUIRED:
                    raise
                client.sign_in_with_passcode(username, pin, input("The six digits from the app on your phone: "))
            name = client.profile()["full_name"]
            failed, since = client.failed_tries, client.failed_tries_since
    except (Refusal, KeyringUnavailable) as exc:
        raise UserError(str(exc)) from exc
    session.remember_username(username)
    print(f"Signed in as {name}.")
    if failed:
        when = (f"since you last signed in ({datetime.fromisoformat(since):%d %B %Y, %I:%M %p})" if since
                else "before this sign-in")
        print(f"{failed} {'try' if failed == 1 else 'tries'} to sign in as you failed {when}. "
              "If that was not you, please call your bank.")
    return 0


def sign_out(args) -> int:
    """Sign out at the bank whoever is kept on this computer (``smartbank signin``'s customer and the app's
    "Remember me" one), then forget them here: their tokens and the consent out of the keyring, the name out
    of the data folder, even when the bank cannot be reached."""
    from smartbank_desktop.core.console import UserError
    from smartbank_desktop.core.refusals import Code, Refusal

    from . import api, session
    from .token_store import KeyringUnavailable

    unreachable = False
    try:
        store = session.token_store()
        consent = session.kept_consent(store)
        for username in dict.fromkeys(u for u in (session.remembered_username(), consent and consent["username"]) if u):
            with api.BankClient(_url(args), token_store=store) as client:
                try:
                    if client.resume(username):
                        client.sign_out()
                except Refusal as refusal:  # the sign-in already over there is no news
                    unreachable = unreachable or refusal.code == Code.BANK_UNREACHABLE
                finally:
                    session.forget_kept(store, username)
    except KeyringUnavailable as exc:
        raise UserError(str(exc)) from exc
    finally:
        session.forget_username()
    if unreachable:
        print("The bank could not be reached to end the sign-in there; this computer has forgotten it.")
    print("Signed out.")
    return 0
