"""What the customer reads about their KYC, in plain words: the status message of the registration
API, the reasons no rule produced, and the default reasons of each staff decision."""

from __future__ import annotations

from smartbank_desktop.core.kyc import KycStatus

STATUS_MESSAGES = {
    KycStatus.PENDING: "We have your documents and will check them soon.",
    KycStatus.PROCESSING: "We are checking your documents now.",
    KycStatus.VERIFIED: "Your identity is verified. You can open an account.",
    KycStatus.MANUAL_REVIEW: "A bank officer is checking your documents. This usually takes one working day.",
    KycStatus.REJECTED: "We could not verify your documents. Please upload them again.",
}
UPLOAD_AGAIN = "Please upload your documents again."

UNFINISHED_REASON = ("We could not finish checking your documents automatically. "
                     "A member of staff will check them.")
SCANNER_REASON = ("We could not finish the safety check of your files. "
                  "A member of staff will check them.")

# A staff decision's reason for the customer, unless the reviewer writes one.
REVIEW_MESSAGES = {
    "approve": "Your identity is verified. You can open an account.",
    "reject": "We could not verify your documents. Please visit your branch for help.",
    "resubmit": "Please upload a new, clear photo of your Aadhaar card and a new photo of your face.",
}

RESUBMISSION_REFUSALS = {
    KycStatus.VERIFIED: "Your identity is already verified. There is nothing more to upload.",
    KycStatus.PENDING: "We are already checking your documents. Please wait for the result.",
    KycStatus.PROCESSING: "We are already checking your documents. Please wait for the result.",
    KycStatus.MANUAL_REVIEW: "A bank officer is checking your documents. Please wait for the result.",
}


def status_message(status: str, *, resubmission_requested: bool = False) -> str:
    """The registration API's ``message`` for a customer in ``status``."""
    if status == KycStatus.REJECTED and resubmission_requested:
        return UPLOAD_AGAIN
    return STATUS_MESSAGES[KycStatus(status)]
