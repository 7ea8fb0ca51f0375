"""A bank in memory that keeps the Bank contract's rules, for dialogue and screen tests.

The contract tests (tests/contract) hold it to the same behaviour as the two
real adapters, so a test that uses it tests what the real bank would do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from smartbank_desktop.core.bank import Account, HistoryItem, Payee, Receipt, find_payee, main_account
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import Code, refuse

OPENING_CREDIT_PAISE = 1_000_00
DEFAULT_PAYEES = (Payee("Ramesh Kumar", "XXXX4521", "1"), Payee("Ramesh Gupta", "XXXX7730", "2"),
                  Payee("Sita Devi", "XXXX9012", "3"))


class InMemoryBank:
    def __init__(self, balance_paise: int = 25_000_00, payees=None, kyc: KycStatus = KycStatus.VERIFIED,
                 step_up_above_paise: int | None = 10_000_00, otp: str = "123456", frozen: bool = False):
        self._accounts = [Account("100000000000017", "XXXX0017", "savings", "frozen" if frozen else "active",
                                  balance_paise)]
        self._payees = [p if p.payee_id else replace(p, payee_id=str(i + 1))
                        for i, p in enumerate(DEFAULT_PAYEES if payees is None else payees)]
        self._kyc = KycStatus(kyc)
        self.step_up_above_paise = step_up_above_paise
        self.otp = otp
        self.transfers: list[tuple[str, int]] = []
        self._history: list[HistoryItem] = [HistoryItem("Pension credit", 15_000_00, "2026-11-01"),
                                            HistoryItem("Electricity bill", -1_250_00, "2026-10-28")]
        self._answers: dict[str, tuple[tuple[str, int], Receipt]] = {}
        self._tokens: dict[str, tuple[str, int]] = {}

    def accounts(self) -> list[Account]:
        return list(self._accounts)

    def payees(self) -> list[Payee]:
        return list(self._payees)

    def remove_payee(self, name: str) -> None:
        self._payees = [p for p in self._payees if p.name != name]

    def history(self, limit: int = 5) -> list[HistoryItem]:
        return self._history[:limit]

    def kyc_status(self) -> KycStatus:
        return self._kyc

    def step_up_with_otp(self, code: str, payee: Payee, amount_paise: int) -> str:
        if code != self.otp:
            raise refuse(Code.WRONG_PASSCODE, "That passcode is not right.", attempts_left=4)
        token = f"token-{len(self._tokens) + 1}"
        self._tokens[token] = (find_payee(self._payees, payee).payee_id, amount_paise)
        return token

    def transfer(self, payee: Payee, amount_paise: int, *, idempotency_key: str, step_up_token: str = "") -> Receipt:
        payee = find_payee(self._payees, payee)
        request = (payee.payee_id, amount_paise)
        if idempotency_key in self._answers:
            first_request, receipt = self._answers[idempotency_key]
            if first_request != request:
                raise refuse(Code.IDEMPOTENCY_KEY_REUSED, "This key was already used for a different transfer.")
            return replace(receipt, replayed=True)
        source = main_account(self._accounts)
        if source.status != "active":
            raise refuse(Code.ACCOUNT_FROZEN, "Your account is frozen.", account=source.masked, status=source.status)
        if amount_paise > source.balance_paise:
            raise refuse(Code.INSUFFICIENT_FUNDS, "There is not enough money.", balance_paise=source.balance_paise,
                         account=source.masked)
        if self.step_up_above_paise is not None and amount_paise > self.step_up_above_paise \
                and not self._redeem(step_up_token, request):
            raise refuse(Code.STEP_UP_REQUIRED, "Please confirm this payment.", warning="Be careful.",
                         step_up_required={"reason": "amount_over_threshold", "amount_paise": amount_paise,
                                           "to_account": payee.account_masked})
        balance = source.balance_paise - amount_paise
        self._accounts[self._accounts.index(source)] = replace(source, balance_paise=balance)
        self.transfers.append((payee.name, amount_paise))
        reference = f"SB{len(self.transfers):012d}"
        self._history.insert(0, HistoryItem(payee.name, -amount_paise, date.today().isoformat(), reference,
                                            source.masked, balance))
        receipt = Receipt(reference, amount_paise, payee.name, payee.account_masked, balance)
        self._answers[idempotency_key] = (request, receipt)
        return receipt

    def _redeem(self, token: str, request: tuple[str, int]) -> bool:
        """A step-up token is used up only by the payment it was issued for."""
        if self._tokens.get(token) != request:
            return False
        del self._tokens[token]
        return True

    def open_account(self, account_type: str) -> Account:
        if self._kyc != KycStatus.VERIFIED:
            raise refuse(Code.KYC_NOT_VERIFIED, "Not verified yet.", kyc_status=self._kyc.value)
        if account_type not in ("savings", "current"):
            raise refuse(Code.FD_AMOUNT_TOO_SMALL, "A fixed deposit needs an amount.", minimum_paise=OPENING_CREDIT_PAISE)
        number = f"1000000000{len(self._accounts) + 1:05d}"
        account = Account(number, f"XXXX{number[-4:]}", account_type, "active", OPENING_CREDIT_PAISE)
        self._accounts.append(account)
        self._history.insert(0, HistoryItem("SmartBank", OPENING_CREDIT_PAISE, date.today().isoformat(),
                                            f"SB{len(self._accounts):012d}", account.masked, OPENING_CREDIT_PAISE))
        return account

    def balance(self) -> int:
        return main_account(self._accounts).balance_paise
