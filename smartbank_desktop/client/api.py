"""``BankClient``: every call the app makes to the bank, over HTTP with httpx.

Answers come back as plain dicts; refusals as the bank's own typed refusals
(:mod:`smartbank_desktop.core.refusals`: one exception class per family, the
stable ``code``, the plain English ``detail`` and the facts to word it
again); a bank that cannot be reached as ``bank_unreachable``. Access tokens
are refreshed once on 401, and a transfer whose answer was lost is retried
with the same Idempotency-Key, so money moves at most once.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx

from smartbank_desktop.core.file_types import SUFFIXES, media_type
from smartbank_desktop.core.refusals import Code, Refusal, is_known, refuse

from .token_store import TokenStore

DEFAULT_URL = "http://127.0.0.1:8765"
UNREACHABLE = "The bank could not be reached. Your money has not moved."
SERVER_FAILED = "Something went wrong at the bank. Nothing was changed. Please try again later."
# A face or voice check may load the bank's models on its first use (tens of seconds on a busy machine).
BIOMETRIC_TIMEOUT_S = 120.0
# The code of an error answer that carries none of its own (a proxy's page, say), by its HTTP status.
_CODE_OF_STATUS = {400: Code.INVALID_INPUT, 401: Code.NOT_SIGNED_IN, 403: Code.PERMISSION_DENIED,
                   404: Code.NOT_FOUND, 405: Code.METHOD_NOT_ALLOWED,
                   413: Code.REQUEST_TOO_LARGE, 415: Code.UNSUPPORTED_MEDIA_TYPE, 429: Code.THROTTLED}


def refusal_of(response: httpx.Response) -> Refusal:
    """The refusal an error answer carries."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    facts = {k: v for k, v in body.items() if k not in ("code", "detail")}
    if response.status_code >= 500:
        return refuse(Code.SERVER_ERROR, SERVER_FAILED)
    code = body.get("code")
    if not (isinstance(code, str) and is_known(code)):
        code = _CODE_OF_STATUS.get(response.status_code, Code.INVALID_INPUT)
    return refuse(code, str(body.get("detail") or ""), **facts)


def _image_type(content: bytes) -> str:
    """The media type of an upload, by its first bytes."""
    return media_type(content) or "application/octet-stream"


def _documents(**sources: Path | bytes) -> dict:
    """The multipart files of a registration's documents, named by their kind."""
    files = {}
    for name, source in sources.items():
        content = Path(source).read_bytes() if isinstance(source, (str, Path)) else source
        kind = _image_type(content)
        files[name] = (f"{name}{SUFFIXES.get(kind, '')}", content, kind)
    return files


def unreachable(detail: str = "") -> Refusal:
    return refuse(Code.BANK_UNREACHABLE, UNREACHABLE, reason=detail)


class BankClient:
    def __init__(self, base_url: str = DEFAULT_URL, *, token_store: TokenStore | None = None,
                 timeout: float = 15.0, transport: httpx.BaseTransport | None = None, device_id: str | None = None):
        """``device_id``: this computer's own random name (:func:`.session.device_id`), sent with each sign-in
        so that the bank counts wrong tries from it apart once the customer has signed in here; None on a
        shared computer (a kiosk)."""
        self.http = httpx.Client(base_url=base_url, timeout=timeout, transport=transport,
                                 headers={"User-Agent": "SmartBankDesktop/1.0"})
        self.token_store = token_store
        self.device_id = device_id
        self.username: str | None = None
        self._tokens: dict | None = None
        # What the last sign-in said to tell the customer: tries refused since their previous sign-in (ISO time).
        self.failed_tries = 0
        self.failed_tries_since: str | None = None

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- plumbing -------------------------------------------------------------

    def _send(self, method: str, path: str, *, auth: bool = True, retry_auth: bool = True, **kwargs) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if auth:
            if not self._tokens:
                raise refuse(Code.NOT_SIGNED_IN, "Please sign in first.")
            headers["Authorization"] = f"Bearer {self._tokens['access']}"
        try:
            response = self.http.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            raise unreachable(str(exc)) from exc
        if response.status_code == 401 and auth and retry_auth and self._refresh():
            return self._send(method, path, auth=auth, retry_auth=False, headers=headers, **kwargs)
        return response

    def _json(self, response: httpx.Response, expected: tuple[int, ...] = (200, 201)):
        if response.status_code in expected:
            return response.json() if response.content else None
        raise refusal_of(response)

    def _refresh(self) -> bool:
        if not self._tokens or not self._tokens.get("refresh"):
            return False
        response = self._send("POST", "/api/auth/refresh/", auth=False, json={"refresh": self._tokens["refresh"]})
        if response.status_code != 200:
            self._forget()
            return False
        self._keep({**self._tokens, **response.json()})
        return True

    def _keep(self, tokens: dict) -> None:
        self._tokens = tokens
        if self.token_store and self.username:
            self.token_store.save_tokens(self.username, tokens)

    def _forget(self) -> None:
        self._tokens = None
        if self.token_store and self.username:
            self.token_store.forget_tokens(self.username)

    # --- registration and sign-in ---------------------------------------------

    def register(self, fields: dict, *, aadhaar_card: Path | bytes, selfie: Path | bytes) -> dict:
        files = _documents(aadhaar_card=aadhaar_card, selfie=selfie)
        return self._json(self._send("POST", "/api/v1/registrations/", auth=False, data=fields, files=files))

    def upload_documents(self, registration_id: str, *, aadhaar_card: Path | bytes, selfie: Path | bytes) -> dict:
        """New documents for a rejected registration (signed in as its customer): a new KYC attempt; the
        registration's status as it stands then."""
        files = _documents(aadhaar_card=aadhaar_card, selfie=selfie)
        return self._json(self._send("POST", f"/api/v1/registrations/{registration_id}/documents/", files=files),
                          expected=(202,))

    def registration_status(self, registration_id: str) -> dict:
        """The KYC status of a registration, with its reasons in plain (English) words."""
        return self._json(self._send("GET", f"/api/v1/registrations/{registration_id}/", auth=False))

    def sign_in(self, username: str, pin: str) -> None:
        self._signed_in(username, self._send("POST", "/api/auth/login/", auth=False,
                                             json={"method": "pin", "username": username, "pin": pin,
                                                   **self._device()}))

    def challenge(self, username: str, kind: str) -> dict:
        """A single-use prompt: six digits to say (``voice``) or an action to do (``face``: blink, turn_left...)."""
        return self._json(self._send("POST", "/api/auth/challenge/", auth=False,
                                     json={"username": username, "kind": kind}))

    def sign_in_with_face(self, username: str, challenge_id: str, frames: list[bytes]) -> None:
        files = [("frames", (f"frame{i:02d}.jpg", frame, "image/jpeg")) for i, frame in enumerate(frames)]
        data = {"method": "face", "username": username, "challenge_id": challenge_id, **self._device()}
        self._signed_in(username, self._send("POST", "/api/auth/login/", auth=False, data=data, files=files,
                                             timeout=BIOMETRIC_TIMEOUT_S))

    def sign_in_with_voice(self, username: str, challenge_id: str, audio_wav: bytes, language: str = "en") -> None:
        """``language``: the one the digits were said in ("en" or "hi")."""
        data = {"method": "voice", "username": username, "challenge_id": challenge_id, "language": language,
                **self._device()}
        files = {"audio": ("digits.wav", audio_wav, "audio/wav")}
        self._signed_in(username, self._send("POST", "/api/auth/login/", auth=False, data=data, files=files,
                                             timeout=BIOMETRIC_TIMEOUT_S))

    def sign_in_with_passcode(self, username: str, pin: str, code: str) -> None:
        """PIN and the six-digit passcode from the customer's authenticator app."""
        self._signed_in(username, self._send("POST", "/api/auth/verify-otp/", auth=False,
                                             json={"username": username, "pin": pin, "code": code,
                                                   **self._device()}))

    def _device(self) -> dict:
        return {"device_id": self.device_id} if self.device_id else {}

    def _signed_in(self, username: str, response: httpx.Response) -> None:
        answer = self._json(response)
        self.username = username
        self.failed_tries = int(answer.get("failed_tries") or 0)
        self.failed_tries_since = answer.get("failed_tries_since")
        self._keep({"access": answer["access"], "refresh": answer["refresh"]})

    def resume(self, username: str) -> bool:
        """Sign in again with tokens kept in the keyring; False when there are none or they expired."""
        if not self.token_store:
            return False
        tokens = self.token_store.tokens(username)
        if not tokens:
            return False
        self.username, self._tokens = username, tokens
        try:
            self.accounts()
        except Refusal as refusal:
            if refusal.code == Code.BANK_UNREACHABLE:
                raise
            self._forget()
            return False
        return True

    def keep_tokens_in(self, token_store: TokenStore | None) -> None:
        """Keep this sign-in's tokens in ``token_store`` from now on (and after every refresh); None: keep
        them in memory only (what was kept stays until forgotten)."""
        self.token_store = token_store
        if token_store is not None and self._tokens and self.username:
            token_store.save_tokens(self.username, self._tokens)

    @property
    def signed_in(self) -> bool:
        return self._tokens is not None

    def sign_out(self) -> None:
        if self._tokens:
            try:
                self._send("POST", "/api/auth/logout/", json={"refresh": self._tokens["refresh"]})
            finally:
                self._forget()

    # --- banking ----------------------------------------------------------------

    def accounts(self) -> list[dict]:
        return self._json(self._send("GET", "/api/v1/accounts/"))

    def open_account(self, account_type: str, **fd) -> dict:
        return self._json(self._send("POST", "/api/v1/accounts/", json={"type": account_type, **fd}))

    def payees(self) -> list[dict]:
        return self._json(self._send("GET", "/api/v1/payees/"))

    def add_payee(self, name: str, account_number: str, nickname: str = "") -> dict:
        return self._json(self._send("POST", "/api/v1/payees/",
                                     json={"name": name, "account_number": account_number, "nickname": nickname}))

    def remove_payee(self, payee_id: int) -> None:
        self._json(self._send("DELETE", f"/api/v1/payees/{payee_id}/"), expected=(204,))

    def profile(self) -> dict:
        return self._json(self._send("GET", "/api/auth/me/"))

    def enrolled(self) -> list[str]:
        """The ways of signing in by biometrics set up for the signed-in customer ("face", "voice")."""
        return self._json(self._send("GET", "/api/auth/biometrics/"))

    def enrol_face(self, frames: list[bytes]) -> dict:
        """The face template from several camera frames (JPEG or PNG); ``biometric_quality`` says how to
        take them better (closer, more light, one person)."""
        files = [("frames", (f"face{i:02d}.jpg", frame, _image_type(frame))) for i, frame in enumerate(frames)]
        return self._json(self._send("POST", "/api/auth/biometrics/", data={"kind": "face"}, files=files,
                                     timeout=BIOMETRIC_TIMEOUT_S))

    def enrol_voice(self, recordings: list[bytes]) -> dict:
        """The voice template from (three) recordings, WAV or FLAC."""
        files = [("recordings", (f"voice{i}.wav", audio, "audio/wav")) for i, audio in enumerate(recordings)]
        return self._json(self._send("POST", "/api/auth/biometrics/", data={"kind": "voice"}, files=files,
                                     timeout=BIOMETRIC_TIMEOUT_S))

    def start_passcodes(self) -> dict:
        """Passcode set-up: the QR code (and secret) for an authenticator app; confirm with the first code."""
        return self._json(self._send("POST", "/api/auth/otp/setup/"))

    def confirm_passcodes(self, code: str) -> None:
        self._json(self._send("POST", "/api/auth/otp/confirm/", json={"code": code}), expected=(204,))

    def step_up_with_otp(self, code: str, amount_paise: int, to_account: str) -> str:
        """A single-use step-up token for exactly this transfer, from the passcode on the customer's phone."""
        body = {"method": "otp", "code": code, "amount_paise": amount_paise, "to_account": to_account}
        return self._json(self._send("POST", "/api/auth/step-up/", json=body))["step_up_token"]

    def transfer(self, from_account: str, to_account: str, amount_paise: int, note: str = "", *,
                 idempotency_key: str | None = None, step_up_token: str = "", attempts: int = 3) -> dict:
        """Send money. A lost answer or a server failure is retried with the same key (the bank replays a
        completed transfer and rolled back a failed one), so the money moves at most once."""
        key = idempotency_key or str(uuid.uuid4())
        body = {"from_account": from_account, "to_account": to_account, "amount_paise": amount_paise, "note": note}
        headers = {"Idempotency-Key": key, **({"X-Step-Up-Token": step_up_token} if step_up_token else {})}
        for attempt in range(1, max(attempts, 1) + 1):
            try:
                response = self._send("POST", "/api/transactions/", json=body, headers=headers)
                receipt = self._json(response, expected=(201,))
                return {**receipt, "replayed": response.headers.get("Idempotent-Replayed") == "true"}
            except Refusal as refusal:
                if refusal.code not in (Code.BANK_UNREACHABLE, Code.SERVER_ERROR) or attempt >= attempts:
                    raise

    def history(self, account: str | None = None, date_from=None, date_to=None, page: int = 1) -> dict:
        params = {k: str(v) for k, v in {"account": account, "date_from": date_from, "date_to": date_to,
                                         "page": page}.items() if v}
        return self._json(self._send("GET", "/api/transactions/history/", params=params))
