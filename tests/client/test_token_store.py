"""Tokens in a real Secret Service; plaintext and missing keyrings are refused in plain words."""

from __future__ import annotations

import pytest
from keyring.backends import fail, null

from smartbank_desktop.client.token_store import KeyringUnavailable, TokenStore


def test_tokens_round_trip_through_the_secret_service(secret_service):
    store = TokenStore(secret_service, service="SmartBank test")
    store.save_tokens("+919800000001", {"access": "a1", "refresh": "r1", "ignored": "x"})
    assert store.tokens("+919800000001") == {"access": "a1", "refresh": "r1"}
    assert TokenStore(secret_service, service="SmartBank test").tokens("+919800000001")["refresh"] == "r1"
    store.forget_tokens("+919800000001")
    assert store.tokens("+919800000001") is None
    store.forget_tokens("+919800000001")  # forgetting twice is fine


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_no_keyring_is_refused_in_plain_words(backend):
    with pytest.raises(KeyringUnavailable, match="no safe place"):
        TokenStore(backend)


def test_plaintext_file_keyring_is_refused():
    class PlaintextKeyring(null.Keyring):  # what keyrings.alt's file backend looks like
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    with pytest.raises(KeyringUnavailable):
        TokenStore(PlaintextKeyring())
