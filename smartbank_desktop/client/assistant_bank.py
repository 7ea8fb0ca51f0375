"""The voice assistant's view of the bank (voice.dialogue.Bank), over the API client.

The dialogue speaks of "your account" (the customer's first savings account,
else current account), payees by name, and amounts in paise; this adapter
turns those into API calls and the bank's refusals into the dialogue's.
"""

from __future__ import annotations

import os

from smartbank_desktop.voice.dialogue import BankError, StepUpRequired, Transaction
from smartbank_desktop.voice.payees import Payee

from . import api
from .session import remembered_username, token_store

KYC_WORDS = {"VERIFIED": "approved", "REJECTED": "rejected"}  # every other status is still pending


class ClientBank:
    def __init__(self, client: api.BankClient):
        self.client = client
        self._accounts: dict[str, str] = {}  # payee id -> account number

    @classmethod
    def from_saved_login(cls) -> "ClientBank":
        """The customer signed in on this computer (``smartbank signin``), with tokens from the keyring."""
        username = remembered_username()
        client = api.BankClient(os.environ.get("SMARTBANK_URL", api.DEFAULT_URL), token_store=token_store())
        if not username or not client.resume(username):
            raise BankError("Please sign in first, with: smartbank signin")
        return cls(client)

    def _call(self, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except api.StepUpRequired:
            raise
        except (api.BankError, api.BankUnreachable) as exc:
            raise BankError(str(exc)) from exc

    def _main_account(self) -> dict:
        accounts = [a for a in self._call(self.client.accounts) if a["status"] == "active"]
        for kind in ("savings", "current"):
            for account in accounts:
                if account["type"] == kind:
                    return account
        raise BankError("You have no savings or current account yet.")

    def balance(self) -> int:
        return self._main_account()["balance_paise"]

    def payees(self) -> list[Payee]:
        payees = self._call(self.client.payees)
        self._accounts = {str(p["id"]): p["account_number"] for p in payees}
        return [Payee(p["name"], p["masked_account"], str(p["id"])) for p in payees]

    def transfer(self, payee: Payee, amount_paise: int, otp: str | None = None) -> str:
        if payee.payee_id not in self._accounts:
            self.payees()
        to_account = self._accounts.get(payee.payee_id or "")
        if to_account is None:
            raise BankError(f"{payee.name} is no longer one of your payees.")
        source = self._main_account()["number"]
        token = self._call(self.client.step_up_with_otp, otp, amount_paise, to_account) if otp else ""
        try:
            result = self._call(self.client.transfer, source, to_account, amount_paise, step_up_token=token)
        except api.StepUpRequired as exc:
            if otp:
                raise BankError(str(exc)) from exc
            raise StepUpRequired(exc.warning) from exc
        return result["reference"]

    def history(self, limit: int = 5) -> list[Transaction]:
        rows = self._call(self.client.history)["results"][:limit]
        return [Transaction(r["counterparty_name"], r["amount_paise"], r["date"][:10]) for r in rows]

    def request_account(self, account_type: str) -> str:
        if account_type == "fd":
            raise BankError("A fixed deposit needs an amount and a term; please open it on the screen or at the branch.")
        return self._call(self.client.open_account, account_type)["masked_number"]

    def kyc_status(self) -> str:
        return KYC_WORDS.get(self._call(self.client.profile)["kyc_status"], "pending")
