"""The Bank contract: what the assistant and the app's screens may ask of the bank, in paise.

Three adapters implement :class:`Bank`: over the API client (the desktop app:
``client/bank.py``), over the banking services (the backend's chatbot:
``backend/chatbot/bank.py``), and in memory (tests: ``tests/support``). One
contract test suite runs against all three (``tests/contract``). The rules
that come with the contract live here, once:

- "your account" is the customer's first active savings account, else the
  first active current account (:func:`main_account`); money is sent from it
  and its balance is "your balance";
- history is every movement on all of the customer's accounts, newest first;
- a payment either completes (a :class:`Receipt`) or raises a
  :class:`~smartbank_desktop.core.refusals.Refusal` with a stable code
  (``StepUpRequired`` when a passcode or the voice must confirm it first);
- a payment carries an idempotency key: the same key never moves money twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import Code, refuse

BANK_TIME_ZONE = "Asia/Kolkata"  # the bank's days (history, daily limits) begin at midnight in India
ACCOUNT_TYPES = ("savings", "current", "fd")
MAIN_ACCOUNT_TYPES = ("savings", "current")  # in order of preference


@dataclass(frozen=True)
class Account:
    number: str
    masked: str  # "XXXX1234"
    type: str  # "savings", "current" or "fd"
    status: str  # "active", "frozen" or "closed"
    balance_paise: int


@dataclass(frozen=True)
class Payee:
    """A saved payee: the full name, and the account shown masked ("XXXX1234")."""

    name: str
    account_masked: str = ""
    payee_id: str | None = None


@dataclass(frozen=True)
class HistoryItem:
    counterparty: str  # the other side's name
    amount_paise: int  # negative for money out
    date: str  # ISO date
    reference: str = ""
    account_masked: str = ""  # which of the customer's accounts
    balance_after_paise: int | None = None


@dataclass(frozen=True)
class Receipt:
    reference: str
    amount_paise: int
    payee_name: str
    to_account_masked: str
    balance_after_paise: int | None = None
    replayed: bool = False  # the same payment answered again (its idempotency key was seen before)


class Bank(Protocol):
    """A signed-in customer's bank. Every method may raise a Refusal."""

    def accounts(self) -> list[Account]: ...

    def payees(self) -> list[Payee]: ...

    def history(self, limit: int = 5) -> list[HistoryItem]: ...

    def kyc_status(self) -> KycStatus: ...

    def step_up_with_otp(self, code: str, payee: Payee, amount_paise: int) -> str:
        """A single-use token that confirms exactly this payment."""
        ...

    def transfer(self, payee: Payee, amount_paise: int, *, idempotency_key: str, step_up_token: str = "") -> Receipt:
        """Send money from the main account to a saved payee."""
        ...

    def open_account(self, account_type: str) -> Account:
        """Open a savings or current account (a fixed deposit needs an amount and a term: the screens ask)."""
        ...


def bank_today() -> date:
    """Today in the bank's time zone: what "today" and "yesterday" mean in the history."""
    return datetime.now(ZoneInfo(BANK_TIME_ZONE)).date()


def main_account(accounts: list[Account]) -> Account:
    """The account the assistant means by "your account": the first active savings account, else current
    account; else a frozen one (so the bank can say it is frozen); refuses when there is none."""
    for statuses in (("active",), ("frozen",)):
        for kind in MAIN_ACCOUNT_TYPES:
            for account in accounts:
                if account.type == kind and account.status in statuses:
                    return account
    raise refuse(Code.NO_MAIN_ACCOUNT, "You have no savings or current account yet.")


def balance_paise(bank: Bank) -> int:
    return main_account(bank.accounts()).balance_paise


def find_payee(payees: list[Payee], payee: Payee) -> Payee:
    """The saved payee with this one's id (the list may have changed since it was read)."""
    for saved in payees:
        if saved.payee_id == payee.payee_id:
            return saved
    raise refuse(Code.NO_SUCH_PAYEE, f"{payee.name} is no longer one of your payees.", name=payee.name)
