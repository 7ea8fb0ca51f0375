"""The Bank contract (core.bank) over the banking services: the backend chatbot's bank for a signed-in customer."""

from __future__ import annotations

from smartbank_desktop.backend.authn import services as authn
from smartbank_desktop.backend.banking import history
from smartbank_desktop.backend.banking import services as banking
from smartbank_desktop.backend.banking.models import Payee as PayeeRow
from smartbank_desktop.core.bank import Account, HistoryItem, Payee, Receipt, find_payee, main_account
from smartbank_desktop.core.kyc import KycStatus


def _account(row) -> Account:
    return Account(row.number, row.masked_number, row.type, row.status, row.balance_paise)


class ServiceBank:
    def __init__(self, customer, request=None):
        self.customer = customer
        self.user = customer.user
        self.request = request

    def accounts(self) -> list[Account]:
        return [_account(row) for row in self.customer.accounts.all()]

    def payees(self) -> list[Payee]:
        rows = self.customer.payees.select_related("account")
        return [Payee(p.name, p.account.masked_number, str(p.pk)) for p in rows]

    def _number_of(self, payee: Payee) -> str:
        find_payee(self.payees(), payee)  # refuses a payee removed meanwhile
        return PayeeRow.objects.select_related("account").get(customer=self.customer, pk=payee.payee_id).account.number

    def history(self, limit: int = 5) -> list[HistoryItem]:
        items = []
        for entry in history.entries(self.customer)[:limit]:
            other = history.counterparty(entry)
            items.append(HistoryItem(other.holder_name, entry.amount_paise, entry.created_at.date().isoformat(),
                                     entry.transfer.reference, entry.account.masked_number,
                                     entry.balance_after_paise))
        return items

    def kyc_status(self) -> KycStatus:
        self.customer.refresh_from_db(fields=["kyc_status"])
        return KycStatus(self.customer.kyc_status)

    def step_up_with_otp(self, code: str, payee: Payee, amount_paise: int) -> str:
        return authn.step_up_with_otp(self.user, code, amount_paise=amount_paise, to_account=self._number_of(payee),
                                      request=self.request)["step_up_token"]

    def transfer(self, payee: Payee, amount_paise: int, *, idempotency_key: str, step_up_token: str = "") -> Receipt:
        to_account = self._number_of(payee)
        result = banking.transfer(self.user, from_account=main_account(self.accounts()).number, to_account=to_account,
                                  amount_paise=amount_paise, idempotency_key=idempotency_key,
                                  step_up_token=step_up_token, request=self.request)
        body = result.receipt
        return Receipt(body["reference"], body["amount_paise"], body["to_name"], body["to_account"],
                       body["balance_after_paise"], replayed=result.replayed)

    def open_account(self, account_type: str) -> Account:
        return _account(banking.open_account(self.customer, account_type, request=self.request))
