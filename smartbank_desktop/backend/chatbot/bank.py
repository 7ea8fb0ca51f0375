"""The dialogue's bank (voice.dialogue.Bank) for a signed-in customer, over the banking services."""

from __future__ import annotations

import uuid

from smartbank_desktop.backend.authn import services as authn
from smartbank_desktop.backend.banking import services as banking
from smartbank_desktop.backend.banking.models import AccountStatus, AccountType, LedgerEntry, Payee as PayeeRow
from smartbank_desktop.voice.dialogue import BankError, StepUpRequired, Transaction
from smartbank_desktop.voice.payees import Payee

KYC_WORDS = {"VERIFIED": "approved", "REJECTED": "rejected"}  # every other status is still pending


class ServiceBank:
    def __init__(self, customer, request=None):
        self.customer = customer
        self.user = customer.user
        self.request = request

    def _main_account(self):
        accounts = self.customer.accounts.filter(status=AccountStatus.ACTIVE)
        account = (accounts.filter(type=AccountType.SAVINGS).first()
                   or accounts.filter(type=AccountType.CURRENT).first())
        if account is None:
            raise BankError("You have no savings or current account yet.")
        return account

    def balance(self) -> int:
        return self._main_account().balance_paise

    def payees(self) -> list[Payee]:
        rows = self.customer.payees.select_related("account")
        return [Payee(p.name, p.account.masked_number, str(p.pk)) for p in rows]

    def transfer(self, payee: Payee, amount_paise: int, otp: str | None = None) -> str:
        row = PayeeRow.objects.filter(customer=self.customer, pk=payee.payee_id).select_related("account").first()
        if row is None:
            raise BankError(f"{payee.name} is no longer one of your payees.")
        token = ""
        if otp:
            try:
                token = authn.step_up_with_otp(self.user, otp, amount_paise=amount_paise,
                                               to_account=row.account.number, request=self.request)["step_up_token"]
            except authn.SignInFailed as exc:
                raise BankError(str(exc)) from exc
        try:
            outcome = banking.transfer(self.user, from_account=self._main_account().number,
                                       to_account=row.account.number, amount_paise=amount_paise,
                                       idempotency_key=f"chat-{uuid.uuid4()}", step_up_token=token,
                                       request=self.request)
        except banking.StepUpRequired as exc:
            if otp:
                raise BankError(str(exc)) from exc
            raise StepUpRequired(exc.extra.get("warning", "")) from exc
        except banking.BankingRefusal as exc:
            raise BankError(str(exc)) from exc
        return outcome.body["reference"]

    def history(self, limit: int = 5) -> list[Transaction]:
        entries = (LedgerEntry.objects.filter(account=self._main_account())
                   .select_related("transfer__from_account__customer", "transfer__to_account__customer")
                   .order_by("-created_at", "-id")[:limit])
        items = []
        for entry in entries:
            transfer = entry.transfer
            other = transfer.to_account if transfer.from_account_id == entry.account_id else transfer.from_account
            items.append(Transaction(other.holder_name, entry.amount_paise, entry.created_at.date().isoformat()))
        return items

    def request_account(self, account_type: str) -> str:
        if account_type == AccountType.FD:
            raise BankError("A fixed deposit needs an amount and a term; please open it on the screen or at the branch.")
        try:
            return banking.open_account(self.customer, account_type, request=self.request).masked_number
        except banking.BankingRefusal as exc:
            raise BankError(str(exc)) from exc

    def kyc_status(self) -> str:
        return KYC_WORDS.get(self.customer.kyc_status, "pending")
