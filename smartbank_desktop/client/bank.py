"""The Bank contract (core.bank) over the API client: the desktop app's and the terminal chat's bank."""

from __future__ import annotations

from smartbank_desktop.core.bank import Account, HistoryItem, Payee, Receipt, find_payee, main_account
from smartbank_desktop.core.kyc import KycStatus

from .api import BankClient


def _account(row: dict) -> Account:
    return Account(row["number"], row["masked_number"], row["type"], row["status"], row["balance_paise"])


class ApiBank:
    """A signed-in customer's bank, over HTTP. Refusals arrive as the bank's typed refusals."""

    def __init__(self, client: BankClient):
        self.client = client
        self._numbers: dict[str, str] = {}  # payee id -> full account number

    def accounts(self) -> list[Account]:
        return [_account(row) for row in self.client.accounts()]

    def payees(self) -> list[Payee]:
        rows = self.client.payees()
        self._numbers = {str(row["id"]): row["account_number"] for row in rows}
        return [Payee(row["name"], row["masked_account"], str(row["id"])) for row in rows]

    def _number_of(self, payee: Payee) -> str:
        find_payee(self.payees(), payee)  # refuses a payee removed meanwhile
        return self._numbers[payee.payee_id]

    def history(self, limit: int = 5) -> list[HistoryItem]:
        rows = self.client.history()["results"][:limit]
        return [HistoryItem(row["counterparty_name"], row["amount_paise"], row["date"][:10], row["reference"],
                            row["account"], row["balance_after_paise"]) for row in rows]

    def kyc_status(self) -> KycStatus:
        return KycStatus(self.client.profile()["kyc_status"])

    def step_up_with_otp(self, code: str, payee: Payee, amount_paise: int) -> str:
        return self.client.step_up_with_otp(code, amount_paise, self._number_of(payee))

    def transfer(self, payee: Payee, amount_paise: int, *, idempotency_key: str, step_up_token: str = "") -> Receipt:
        to_account = self._number_of(payee)
        source = main_account(self.accounts())
        body = self.client.transfer(source.number, to_account, amount_paise, idempotency_key=idempotency_key,
                                    step_up_token=step_up_token)
        return Receipt(body["reference"], body["amount_paise"], body["to_name"], body["to_account"],
                       body["balance_after_paise"], replayed=bool(body.get("replayed")))

    def open_account(self, account_type: str) -> Account:
        return _account(self.client.open_account(account_type))
