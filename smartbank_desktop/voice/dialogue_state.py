"""The state of a conversation with the assistant, and what each turn answers.

A screen shows this state: the transfer being prepared (payee, amount in
paise), what the assistant is waiting for (:class:`Expecting`), and what the
bank did this turn (:class:`Action`, with the receipt, balance or history).
Voice and touch drive the same state.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from smartbank_desktop.core.bank import HistoryItem, Payee, Receipt
from smartbank_desktop.core.refusals import Code


class Expecting(StrEnum):
    """What the assistant asked for and waits to hear."""

    AMOUNT = "amount"
    PAYEE = "payee"
    CHOICE = "choice"  # which of two close payees
    CONFIRM = "confirm"  # yes or no to the read-back
    OTP = "otp"  # the six digits of a passcode, for a step-up
    ACCOUNT_TYPE = "account_type"
    GUESS = "guess"  # yes or no to "did you mean ...?"


class Task(StrEnum):
    TRANSFER = "transfer"
    OPEN_ACCOUNT = "open_account"


class Action(StrEnum):
    """What the bank did (or was asked) this turn."""

    BALANCE = "balance"
    TRANSFER = "transfer"
    HISTORY = "history"
    KYC_STATUS = "kyc_status"
    OPEN_ACCOUNT = "open_account"
    LOGOUT = "logout"  # the customer asked to sign out (a silence only ends the conversation)
    REFUSED = "refused"  # the bank said no: ``Reply.refusal`` has its code


@dataclass(frozen=True)
class Reply:
    """One turn of the assistant: what to say, what it expects next, and what happened."""

    text: str
    expecting: Expecting | None = None
    end_session: bool = False
    action: Action | None = None
    refusal: Code | None = None
    balance_paise: int | None = None
    receipt: Receipt | None = None
    history: tuple[HistoryItem, ...] = ()
    warning: str = ""  # the scam warning, in the reply's language, when a payment needs a step-up


@dataclass
class DialogueState:
    """What the conversation is in the middle of."""

    task: Task | None = None
    amount_paise: int | None = None
    payee: Payee | None = None
    payee_options: tuple[Payee, ...] = ()
    account_type: str | None = None
    expecting: Expecting | None = None
    guess: str | None = None
    misunderstandings: int = 0
    rephrase_asked: bool = False
    silences: int = 0
    last_reply: Reply | None = None
    confirmations: int = 0  # read-backs asked in this conversation: numbers each payment's idempotency key
