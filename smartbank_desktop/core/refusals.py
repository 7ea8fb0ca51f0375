"""The refusal vocabulary: every way the bank says no, as a stable code.

A service refuses with ``raise refuse(Code.INSUFFICIENT_FUNDS, "plain English
sentence", balance_paise=..., account="XXXX1234")``: the **code** is stable and
machine-readable (the API's ``code`` field), the **detail** is a plain English
sentence (the API's ``detail``), and the **facts** are what a catalogue needs
to say it again in any language (amounts in paise, masked accounts, times).
Nothing here knows about HTTP: the backend maps codes to statuses in one
table (``backend/errors.py``); the client turns an error body back into the
same exception (:func:`refuse`), one class per :class:`Family`; the dialogue
and the app word each code from their own per-language catalogue, so a Hindi
customer never hears the English detail.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Family(StrEnum):
    """What kind of no it is: the client raises one exception class per family."""

    INPUT = "input"  # the request itself is wrong: fix it and send again
    SIGN_IN = "sign_in"  # who you are was not proven (or is locked)
    STEP_UP = "step_up"  # a second factor is needed for this one payment
    MONEY = "money"  # a banking rule refuses this payment or account change
    KYC = "kyc"  # identity documents decide what is possible
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"  # it already exists, or was already done differently
    LIMITED = "limited"  # too many requests: wait
    BANK = "bank"  # the bank failed or could not be reached: nothing changed


class Code(StrEnum):
    # input
    INVALID_INPUT = "invalid_input"  # field errors: facts["errors"]
    MALFORMED_REQUEST = "malformed_request"
    REQUEST_TOO_LARGE = "request_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_ACCOUNT_TYPE = "invalid_account_type"
    INVALID_ACCOUNT_NUMBER = "invalid_account_number"
    FD_AMOUNT_TOO_SMALL = "fd_amount_too_small"  # facts: minimum_paise
    FD_TERM_OUT_OF_RANGE = "fd_term_out_of_range"  # facts: min_months, max_months
    FD_NEEDS_DETAILS = "fd_needs_details"  # the assistant cannot ask for a deposit's amount and term
    SAME_ACCOUNT = "same_account"
    OWN_ACCOUNT_AS_PAYEE = "own_account_as_payee"
    PAYEE_REQUIRED = "payee_required"
    IDEMPOTENCY_KEY_MISSING = "idempotency_key_missing"
    UNUSABLE_PICTURE = "unusable_picture"  # a camera frame the server cannot use
    UNUSABLE_RECORDING = "unusable_recording"
    BIOMETRIC_QUALITY = "biometric_quality"  # face or voice too poor to enrol: the detail says how to retry
    # sign-in
    NOT_SIGNED_IN = "not_signed_in"
    SESSION_ENDED = "session_ended"
    NOT_A_CUSTOMER = "not_a_customer"
    PERMISSION_DENIED = "permission_denied"
    WRONG_CREDENTIALS = "wrong_credentials"  # facts: attempts_left
    WRONG_PASSCODE = "wrong_passcode"  # facts: attempts_left
    NOT_RECOGNISED = "not_recognised"  # face or voice did not match: facts: method, attempts_left
    LIVENESS_FAILED = "liveness_failed"  # the asked blink or head turn was not seen
    CHALLENGE_EXPIRED = "challenge_expired"
    NOT_ENROLLED = "not_enrolled"  # facts: method
    LOCKED_OUT = "locked_out"  # facts: locked_until (ISO time), method
    OTP_REQUIRED = "otp_required"
    PIN_NOT_ENOUGH = "pin_not_enough"  # many locks on this client: PIN alone no longer signs in there; facts: method
    OTP_NOT_SET_UP = "otp_not_set_up"
    OTP_ALREADY_SET_UP = "otp_already_set_up"
    OTP_SETUP_NOT_STARTED = "otp_setup_not_started"
    # step-up
    STEP_UP_REQUIRED = "step_up_required"  # facts: step_up_required {reason, amount_paise, to_account}, warning
    STEP_UP_MISMATCH = "step_up_mismatch"
    # money
    INSUFFICIENT_FUNDS = "insufficient_funds"  # facts: balance_paise, account
    DAILY_LIMIT = "daily_limit"  # facts: limit_paise, remaining_today_paise
    NEW_PAYEE_LIMIT = "new_payee_limit"  # facts: cap_paise, remaining_paise
    ACCOUNT_FROZEN = "account_frozen"  # the sending account is frozen or closed: facts: account, status
    RECIPIENT_UNAVAILABLE = "recipient_unavailable"
    FIXED_DEPOSIT_CANNOT_SEND = "fixed_deposit_cannot_send"
    FIXED_DEPOSIT_CANNOT_RECEIVE = "fixed_deposit_cannot_receive"
    NO_MAIN_ACCOUNT = "no_main_account"  # no active savings or current account
    FUNDING_ACCOUNT_REQUIRED = "funding_account_required"
    ACCOUNT_NOT_EMPTY = "account_not_empty"
    ACCOUNT_CLOSED = "account_closed"
    DEPOSIT_NOT_ALLOWED = "deposit_not_allowed"
    # kyc
    KYC_NOT_VERIFIED = "kyc_not_verified"  # facts: kyc_status
    RESUBMISSION_NOT_ALLOWED = "resubmission_not_allowed"  # facts: kyc_status
    REVIEW_REFUSED = "review_refused"
    REVIEW_FORBIDDEN = "review_forbidden"
    # not found
    NOT_FOUND = "not_found"
    NO_SUCH_ACCOUNT = "no_such_account"
    NO_SUCH_PAYEE = "no_such_payee"  # facts: name, when the assistant's payee was removed meanwhile
    NO_SUCH_REGISTRATION = "no_such_registration"
    # conflict
    ALREADY_REGISTERED = "already_registered"  # facts: fields
    ALREADY_A_PAYEE = "already_a_payee"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    # limits
    THROTTLED = "throttled"  # facts: retry_after_seconds
    # bank
    SERVER_ERROR = "server_error"
    BANK_UNREACHABLE = "bank_unreachable"  # said by the client only: no answer came


FAMILY_OF: dict[Code, Family] = {
    **dict.fromkeys([
        Code.INVALID_INPUT, Code.MALFORMED_REQUEST, Code.REQUEST_TOO_LARGE, Code.UNSUPPORTED_MEDIA_TYPE,
        Code.METHOD_NOT_ALLOWED, Code.INVALID_AMOUNT, Code.INVALID_ACCOUNT_TYPE, Code.INVALID_ACCOUNT_NUMBER,
        Code.FD_AMOUNT_TOO_SMALL, Code.FD_TERM_OUT_OF_RANGE, Code.FD_NEEDS_DETAILS, Code.SAME_ACCOUNT,
        Code.OWN_ACCOUNT_AS_PAYEE, Code.PAYEE_REQUIRED, Code.IDEMPOTENCY_KEY_MISSING, Code.UNUSABLE_PICTURE,
        Code.UNUSABLE_RECORDING, Code.BIOMETRIC_QUALITY,
    ], Family.INPUT),
    **dict.fromkeys([
        Code.NOT_SIGNED_IN, Code.SESSION_ENDED, Code.NOT_A_CUSTOMER, Code.PERMISSION_DENIED,
        Code.WRONG_CREDENTIALS, Code.WRONG_PASSCODE, Code.NOT_RECOGNISED, Code.LIVENESS_FAILED,
        Code.CHALLENGE_EXPIRED, Code.NOT_ENROLLED, Code.LOCKED_OUT, Code.OTP_REQUIRED, Code.PIN_NOT_ENOUGH,
        Code.OTP_NOT_SET_UP,
        Code.OTP_ALREADY_SET_UP, Code.OTP_SETUP_NOT_STARTED,
    ], Family.SIGN_IN),
    **dict.fromkeys([Code.STEP_UP_REQUIRED, Code.STEP_UP_MISMATCH], Family.STEP_UP),
    **dict.fromkeys([
        Code.INSUFFICIENT_FUNDS, Code.DAILY_LIMIT, Code.NEW_PAYEE_LIMIT, Code.ACCOUNT_FROZEN,
        Code.RECIPIENT_UNAVAILABLE, Code.FIXED_DEPOSIT_CANNOT_SEND, Code.FIXED_DEPOSIT_CANNOT_RECEIVE,
        Code.NO_MAIN_ACCOUNT, Code.FUNDING_ACCOUNT_REQUIRED, Code.ACCOUNT_NOT_EMPTY, Code.ACCOUNT_CLOSED,
        Code.DEPOSIT_NOT_ALLOWED,
    ], Family.MONEY),
    **dict.fromkeys([Code.KYC_NOT_VERIFIED, Code.RESUBMISSION_NOT_ALLOWED, Code.REVIEW_REFUSED,
                     Code.REVIEW_FORBIDDEN], Family.KYC),
    **dict.fromkeys([Code.NOT_FOUND, Code.NO_SUCH_ACCOUNT, Code.NO_SUCH_PAYEE, Code.NO_SUCH_REGISTRATION],
                    Family.NOT_FOUND),
    **dict.fromkeys([Code.ALREADY_REGISTERED, Code.ALREADY_A_PAYEE, Code.IDEMPOTENCY_KEY_REUSED], Family.CONFLICT),
    Code.THROTTLED: Family.LIMITED,
    **dict.fromkeys([Code.SERVER_ERROR, Code.BANK_UNREACHABLE], Family.BANK),
}

# Said when a refusal comes without a sentence of its own (the client's view of an odd answer).
DEFAULT_DETAIL = {
    Family.INPUT: "Please check what was entered and try again.",
    Family.SIGN_IN: "Please sign in again.",
    Family.STEP_UP: "Please confirm this payment with the passcode from your phone or your voice.",
    Family.MONEY: "The bank could not do this.",
    Family.KYC: "This needs your identity documents to be verified first.",
    Family.NOT_FOUND: "This could not be found.",
    Family.CONFLICT: "This was already done.",
    Family.LIMITED: "Too many attempts. Please wait a little and try again.",
    Family.BANK: "The bank could not be reached. Your money has not moved.",
}


class Refusal(Exception):
    """The bank said no: ``code``, a plain English ``detail``, and the ``facts`` to word it again."""

    family: Family | None = None

    def __init__(self, code: Code | str, detail: str = "", **facts: Any):
        self.code = Code(code)
        self.detail = detail or DEFAULT_DETAIL[FAMILY_OF[self.code]]
        self.facts = facts
        super().__init__(self.detail)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code.value!r}, {self.detail!r})"


class InvalidInput(Refusal):
    family = Family.INPUT

    @property
    def field_errors(self) -> dict[str, list[str]]:
        return self.facts.get("errors") or {}


class SignInRefused(Refusal):
    family = Family.SIGN_IN


class StepUpRequired(Refusal):
    """The payment needs a passcode or the customer's voice first; ``warning`` is the scam warning to speak."""

    family = Family.STEP_UP

    @property
    def warning(self) -> str:
        return self.facts.get("warning", "")

    @property
    def reason(self) -> str:
        return (self.facts.get("step_up_required") or {}).get("reason", "")


class MoneyRefused(Refusal):
    family = Family.MONEY


class KycRefused(Refusal):
    family = Family.KYC


class NotFound(Refusal):
    family = Family.NOT_FOUND


class AlreadyDone(Refusal):
    family = Family.CONFLICT


class Throttled(Refusal):
    family = Family.LIMITED


class BankFailed(Refusal):
    """The bank answered with a failure of its own, or did not answer: nothing was changed."""

    family = Family.BANK


_CLASS_OF: dict[Family, type[Refusal]] = {
    cls.family: cls for cls in (InvalidInput, SignInRefused, StepUpRequired, MoneyRefused, KycRefused, NotFound,
                                AlreadyDone, Throttled, BankFailed)
}


def refuse(code: Code | str, detail: str = "", **facts: Any) -> Refusal:
    """The refusal for ``code``, as the exception class of its family (for ``raise refuse(...)``)."""
    code = Code(code)
    return _CLASS_OF[FAMILY_OF[code]](code, detail, **facts)


def is_known(code: str) -> bool:
    return code in Code._value2member_map_
