"""Secrets on the device, in the operating system's keyring only.

Windows Credential Locker, macOS Keychain or the Secret Service on Linux. A
banking app must not fall back to a plaintext file (what ``keyrings.alt``
silently does) or to nothing: then it says so in plain words and keeps
nothing.
"""

from __future__ import annotations

import json

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

SERVICE = "SmartBank Desktop"
_INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


class KeyringUnavailable(RuntimeError):
    """No safe keyring on this device; the message says what to do, in plain words."""


def _backends(backend: KeyringBackend):
    return getattr(backend, "backends", None) or [backend]


def is_secure(backend: KeyringBackend) -> bool:
    found = _backends(backend)
    return bool(found) and all(not type(b).__module__.startswith(_INSECURE_MODULES) for b in found)


class TokenStore:
    """Sign-in tokens and device secrets, keyed by a name (e.g. the customer's mobile)."""

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE):
        self.backend = backend or keyring.get_keyring()
        self.service = service
        if not is_secure(self.backend):
            raise KeyringUnavailable(
                "This computer has no safe place to keep your sign-in. "
                "Please ask a family member to turn on the system keyring (a password store), then try again."
            )

    def _call(self, method: str, *args):
        try:
            return getattr(self.backend, method)(self.service, *args)
        except keyring.errors.KeyringLocked as exc:
            raise KeyringUnavailable("The password store on this computer is locked. Please unlock it.") from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable("The password store on this computer could not be used.") from exc

    def save_secret(self, name: str, value: str) -> None:
        self._call("set_password", name, value)

    def secret(self, name: str) -> str | None:
        return self._call("get_password", name)

    def delete_secret(self, name: str) -> None:
        try:
            self._call("delete_password", name)
        except KeyringUnavailable as exc:
            if isinstance(exc.__cause__, keyring.errors.PasswordDeleteError):
                return
            raise

    def save_tokens(self, name: str, tokens: dict) -> None:
        self.save_secret(f"tokens:{name}", json.dumps({"access": tokens["access"], "refresh": tokens["refresh"]}))

    def tokens(self, name: str) -> dict | None:
        raw = self.secret(f"tokens:{name}")
        return json.loads(raw) if raw else None

    def forget_tokens(self, name: str) -> None:
        self.delete_secret(f"tokens:{name}")
