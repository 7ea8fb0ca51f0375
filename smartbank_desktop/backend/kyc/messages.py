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

# Every reason a customer may read about their KYC, by a stable code: the API gives the codes beside the
# sentences (``reason_codes``), so that the app can say them in the customer's language. The codes never change;
# a sentence may be reworded. What a reviewer writes in their own words has no code.
REASONS = {
    "name_unreadable": "We could not read the name on your card. A member of staff will check it.",
    "name_hard_to_read": "The name on your card is hard to read. A member of staff will check it.",
    "name_mismatch": "The name on your card does not match the name you registered with.",
    "birth_date_unreadable": "We could not read the date of birth on your card. A member of staff will check it.",
    "birth_year_only": "Your card shows only the year of birth. A member of staff will check it.",
    "birth_year_mismatch": "The year of birth on your card does not match the date you registered with.",
    "birth_date_hard_to_read": "The date of birth on your card is hard to read. A member of staff will check it.",
    "birth_date_mismatch": "The date of birth on your card does not match the date you registered with.",
    "number_hard_to_read": "The Aadhaar number on your card is hard to read. A member of staff will check it.",
    "number_mismatch": "The Aadhaar number on your card is not the number you registered with.",
    "number_invalid": "The Aadhaar number on your card is not a valid Aadhaar number.",
    "number_unreadable": "We could not read the Aadhaar number on your card. A member of staff will check it.",
    "document_expired": "Your document has expired. Please upload a document that is still valid.",
    "many_attempts": "You have tried several times, so a supervisor will check your documents personally.",
    "country_documents": "A member of staff will check which documents are needed for your country.",
    "card_unreadable": "We could not read your card. A member of staff will check it.",
    "card_blurred": "The photo of your card is blurred. A member of staff will check it.",
    "file_refused": "One of your files could not be accepted. Please upload a new photo of your card.",
    "files_not_checked": "We could not check your files yet. A member of staff will check them.",
    "selfie_no_face": "We could not see your face clearly in the photo. Please take a new photo.",
    "faces_not_compared": ("We could not compare the photo on your card with your photo. "
                           "A member of staff will check it."),
    "face_mismatch": "Your photo does not match the photo on your card.",
    "staff_check": "A member of staff will check your application.",
    "verified": "Your identity has been verified.",
    "supervisor": "A supervisor will look at your case because you have tried several times.",
    "card_file_unreadable": "We could not open the file of your card. Please upload a photo (JPEG or PNG) or a PDF.",
    "checks_unfinished": ("We could not finish checking your documents automatically. "
                          "A member of staff will check them."),
    "scanner_unavailable": "We could not finish the safety check of your files. A member of staff will check them.",
    "review_approved": "Your identity is verified. You can open an account.",
    "review_rejected": "We could not verify your documents. Please visit your branch for help.",
    "review_new_documents": "Please upload a new, clear photo of your Aadhaar card and a new photo of your face.",
    "verified_in_branch": "Your identity was verified in person at the branch.",
}
UNFINISHED_REASON = REASONS["checks_unfinished"]
SCANNER_REASON = REASONS["scanner_unavailable"]
IN_BRANCH_REASON = REASONS["verified_in_branch"]

# A staff decision's reason for the customer, unless the reviewer writes one.
REVIEW_MESSAGES = {"approve": REASONS["review_approved"], "reject": REASONS["review_rejected"],
                   "resubmit": REASONS["review_new_documents"]}
_CODES = {sentence: code for code, sentence in REASONS.items()}


def reason_code(reason: str) -> str:
    """The code of a reason in :data:`REASONS`; "" for one a reviewer wrote in their own words."""
    return _CODES.get(reason, "")

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
