"""Remember me on this computer: with the customer's consent, their sign-in kept in the OS keyring.

Nothing goes into the keyring until the customer answers "Yes, remember me"
(asked once they are signed in). Then the keyring holds the consent (their
mobile number and name) and their tokens, renewed at every refresh; at the
next start the app signs them in with those tokens, which the bank renews
for a day after their last use. Once they have run out, the customer is
greeted by name ("I am Kamala") and signs in by face, voice or PIN, and the
new tokens are kept again without asking. Signing out forgets both. One
customer at a time: a second customer's yes replaces the first's. A computer
with no safe keyring (none, or a plaintext file) keeps nothing and does not
ask. Every method here touches the keyring: call them off the Qt thread.
"""

from __future__ import annotations

import json
import logging

from smartbank_desktop.client.session import CONSENT, forget_kept, kept_consent

log = logging.getLogger(__name__)


class Remembering:
    def __init__(self, token_store=None):
        """``token_store``: where to keep things (tests give one); None: the OS keyring's, found on first use."""
        self._store = token_store
        self._unavailable = False

    def store(self):
        """The token store, or None when this computer has no safe keyring."""
        if self._store is None and not self._unavailable:
            from smartbank_desktop.client.session import token_store
            from smartbank_desktop.client.token_store import KeyringUnavailable

            try:
                self._store = token_store()
            except KeyringUnavailable as exc:
                log.warning("nothing can be remembered on this computer: %s", exc)
                self._unavailable = True
        return self._store

    def consent(self) -> dict | None:
        """``{"username", "name"}`` of the customer who said yes, or None."""
        store = self.store()
        return None if store is None else kept_consent(store)

    def resume(self, client) -> dict | None:
        """Sign ``client`` in with the remembered customer's kept tokens; their consent, or None (nobody
        remembered, or the tokens have run out: then they are forgotten, the consent stays)."""
        consent = self._safely(self.consent)
        if consent is None:
            return None
        client.keep_tokens_in(self.store())
        try:
            if client.resume(consent["username"]):
                return consent
        except Exception:
            client.keep_tokens_in(None)  # the bank unreachable: whoever signs in next is not kept unasked
            raise
        client.keep_tokens_in(None)
        return None

    def after_sign_in(self, client) -> str:
        """A customer has signed in: ``"kept"`` when they said yes before (their new tokens are kept now),
        ``"ask"`` when they may be asked, ``""`` when nothing can be kept here."""
        consent = self._safely(self.consent)
        if self.store() is None:
            return ""
        if consent is not None and consent["username"] == client.username:
            self._safely(lambda: client.keep_tokens_in(self.store()))
            return "kept"
        return "ask"

    def remember(self, client, name: str) -> None:
        """The customer said yes: their consent and tokens into the keyring (raises KeyringUnavailable)."""
        store = self.store()
        if store is None:
            from smartbank_desktop.client.token_store import KeyringUnavailable

            raise KeyringUnavailable("This computer has no safe place to keep your sign-in.")
        previous = self.consent()
        if previous is not None and previous["username"] != client.username:
            store.forget_tokens(previous["username"])
        store.save_secret(CONSENT, json.dumps({"username": client.username, "name": name}))
        client.keep_tokens_in(store)

    def forget(self, username: str | None) -> None:
        """The customer signed out: their tokens and, when it is theirs, the consent, out of the keyring."""
        if not username or self.store() is None:
            return
        self._safely(lambda: forget_kept(self._store, username))

    def _safely(self, call):
        """``call()``; a keyring that cannot be used now (locked, say) gives None and a line in the log."""
        from smartbank_desktop.client.token_store import KeyringUnavailable

        try:
            return call()
        except KeyringUnavailable as exc:
            log.warning("the keyring could not be used: %s", exc)
            return None
