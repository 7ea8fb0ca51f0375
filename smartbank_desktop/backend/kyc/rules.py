"""KYC rules and the decision they lead to.

Each ``check_*`` function returns a :class:`RuleResult`: the rule's name, an
outcome (PASS, REVIEW or FAIL), a reason in plain words that may be shown to
the customer, and internal detail for staff (never shown to customers, never
holding a full Aadhaar number). :func:`decide` turns the results into
VERIFIED (everything passed), MANUAL_REVIEW (something needs a person) or
REJECTED (a mismatch, an invalid or infected document).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from smartbank_desktop.core import aadhaar
from smartbank_desktop.core.kyc import KycStatus

from .messages import REASONS

# Below this Tesseract confidence (0-100) a misread is plausible: a person looks instead of rejecting.
LOW_CONFIDENCE = 80.0
MAX_NAME_DISTANCE = 2
MAX_ATTEMPTS = 3
# ocr.text_sharpness of printed cards is in the thousands; slightly soft photos ~1000,
# out-of-focus ones (Gaussian blur radius >= 1.5 px on a 1000 px card) under 450.
BLURRY_TEXT_SHARPNESS = 600.0

REQUIRED_DOCUMENTS = {"IN": ("aadhaar_card", "selfie")}
DOCUMENT_WORDS = {"aadhaar_card": "a photo or scan of your Aadhaar card", "selfie": "a photo of your face"}
COUNTRY_NAMES = {"india": "IN", "bharat": "IN", "ind": "IN"}

HONORIFICS = {
    "shri", "sri", "shree", "smt", "shrimati", "srimati", "kumari", "km", "kum", "sushri", "mr", "mrs", "ms",
    "miss", "dr", "prof", "late", "master", "mister", "madam", "sir", "श्री", "श्रीमती", "कुमारी", "सुश्री",
    "डॉ",
}


class Outcome(str, Enum):
    PASS = "PASS"
    REVIEW = "REVIEW"
    FAIL = "FAIL"


@dataclass(frozen=True)
class RuleResult:
    rule: str
    outcome: Outcome
    reason: str  # plain words for the customer
    detail: dict = field(default_factory=dict)  # internal, for staff and the audit trail
    escalate: bool = False  # needs a supervisor, not just any reviewer

    def as_dict(self) -> dict:
        return {"rule": self.rule, "outcome": self.outcome.value, "reason": self.reason,
                "detail": self.detail, "escalate": self.escalate}


@dataclass(frozen=True)
class KycDecision:
    status: KycStatus  # VERIFIED, MANUAL_REVIEW or REJECTED
    reasons: tuple[str, ...]  # plain words for the customer, most important first
    results: tuple[RuleResult, ...]
    escalate: bool = False

    def as_dict(self) -> dict:
        return {"status": self.status.value, "reasons": list(self.reasons), "escalate": self.escalate,
                "results": [r.as_dict() for r in self.results]}


# ---------------------------------------------------------------- names

def normalise_name(name: str) -> str:
    """Lower case, no accents or punctuation, no honorifics (Shri, Smt, Mr, Dr ...), single spaces."""
    text = unicodedata.normalize("NFKD", name or "")
    # Drop Latin accents (combining marks after Latin letters) but keep Devanagari vowel signs.
    kept = []
    for ch in text:
        if unicodedata.combining(ch) and not _is_devanagari(ch):
            continue
        kept.append(ch if ch.isalnum() or unicodedata.category(ch).startswith("M") else " ")
    words = [w for w in "".join(kept).casefold().split() if w not in HONORIFICS]
    return " ".join(words)


def _is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f"


def name_distance(registered: str, read: str) -> int:
    """Levenshtein distance of the normalised names; word order does not count (surname first or last)."""
    a, b = normalise_name(registered), normalise_name(read)
    direct = Levenshtein.distance(a, b)
    reordered = Levenshtein.distance(" ".join(sorted(a.split())), " ".join(sorted(b.split())))
    return min(direct, reordered)


def _value_and_confidence(found) -> tuple[str | None, float | None]:
    """Accept an ``ocr.OcrField``, a plain value, or None."""
    if found is None:
        return None, None
    if hasattr(found, "value") and hasattr(found, "confidence"):
        return found.value, float(found.confidence)
    return str(found), None


def check_name(registered_name: str, card_name, *, confidence: float | None = None,
               max_distance: int = MAX_NAME_DISTANCE, low_confidence: float = LOW_CONFIDENCE) -> RuleResult:
    """The name on the card matches the registered one within ``max_distance`` edits.

    ``card_name`` is the OCR field (or a string with ``confidence`` given apart).
    A mismatch read with low confidence goes to a person; an unreadable name too.
    """
    value, field_confidence = _value_and_confidence(card_name)
    confidence = field_confidence if confidence is None else confidence
    if not value:
        return RuleResult("name_match", Outcome.REVIEW, REASONS["name_unreadable"], {"read": None})
    distance = name_distance(registered_name, value)
    detail = {"registered": normalise_name(registered_name), "read": normalise_name(value),
              "distance": distance, "max_distance": max_distance, "confidence": confidence}
    if distance <= max_distance:
        return RuleResult("name_match", Outcome.PASS, "The name on your card matches.", detail)
    if confidence is not None and confidence < low_confidence:
        return RuleResult("name_match", Outcome.REVIEW, REASONS["name_hard_to_read"], detail)
    return RuleResult("name_match", Outcome.FAIL, REASONS["name_mismatch"], detail)


# ---------------------------------------------------------------- date of birth

def check_date_of_birth(registered: date, card_dob, *, confidence: float | None = None,
                        low_confidence: float = LOW_CONFIDENCE) -> RuleResult:
    """The date of birth on the card equals the registered one exactly.

    ``card_dob`` is the OCR field (value ``YYYY-MM-DD``, or ``YYYY`` on cards
    that print a year only), a ``date``, or None. A different date read with
    low confidence, an unreadable date, or a year only, go to a person.
    """
    if isinstance(card_dob, date):
        value, field_confidence = card_dob.isoformat(), None
    else:
        value, field_confidence = _value_and_confidence(card_dob)
    confidence = field_confidence if confidence is None else confidence
    detail = {"registered": registered.isoformat(), "read": value, "confidence": confidence}
    if not value:
        return RuleResult("date_of_birth", Outcome.REVIEW, REASONS["birth_date_unreadable"], detail)
    if len(value) == 4:
        outcome = Outcome.REVIEW if int(value) == registered.year else Outcome.FAIL
        reason = REASONS["birth_year_only" if outcome is Outcome.REVIEW else "birth_year_mismatch"]
        return RuleResult("date_of_birth", outcome, reason, detail)
    if value == registered.isoformat():
        return RuleResult("date_of_birth", Outcome.PASS, "The date of birth on your card matches.", detail)
    if confidence is not None and confidence < low_confidence:
        return RuleResult("date_of_birth", Outcome.REVIEW, REASONS["birth_date_hard_to_read"], detail)
    return RuleResult("date_of_birth", Outcome.FAIL, REASONS["birth_date_mismatch"], detail)


# ---------------------------------------------------------------- the card number

def check_document_number(registered_number: str, card_number, *, invalid_numbers: Iterable = (),
                          confidence: float | None = None,
                          low_confidence: float = LOW_CONFIDENCE) -> RuleResult:
    """The Verhoeff-valid number read from the card equals the registered Aadhaar number.

    ``invalid_numbers`` are 12-digit numbers that failed the check digit
    (``AadhaarOcr.invalid_numbers``): read clearly, the card is invalid; read
    poorly, a person looks. Details hold masked numbers only.
    """
    registered = aadhaar.normalise(registered_number)
    value, field_confidence = _value_and_confidence(card_number)
    confidence = field_confidence if confidence is None else confidence
    detail = {"registered": aadhaar.mask(registered), "read": aadhaar.mask(value) if value else None,
              "confidence": confidence}
    if value:
        if value == registered:
            return RuleResult("document_number", Outcome.PASS, "The Aadhaar number on your card matches.",
                              detail)
        if confidence is not None and confidence < low_confidence:
            return RuleResult("document_number", Outcome.REVIEW, REASONS["number_hard_to_read"], detail)
        return RuleResult("document_number", Outcome.FAIL, REASONS["number_mismatch"], detail)
    invalid = [_value_and_confidence(n) for n in invalid_numbers]
    if invalid:
        detail["invalid_read"] = [aadhaar.mask(v) for v, _ in invalid]
        # One or two digits away from the registered number is a misread of the right card, not a fake:
        # the check digit catches every single-digit OCR error.
        near = [v for v, _ in invalid if len(v) == len(registered)
                and sum(a != b for a, b in zip(v, registered)) <= 2]
        if near:
            detail["near_registered"] = True
        elif all(c is not None and c >= low_confidence for _, c in invalid):
            return RuleResult("document_number", Outcome.FAIL, REASONS["number_invalid"], detail)
    return RuleResult("document_number", Outcome.REVIEW, REASONS["number_unreadable"], detail)


# ---------------------------------------------------------------- expiry, attempts, documents, quality

def check_expiry(expiry: date | None, *, today: date | None = None) -> RuleResult:
    """Documents that carry an expiry date must not have expired (Aadhaar has none)."""
    today = today or date.today()
    if expiry is None:
        return RuleResult("document_expiry", Outcome.PASS, "Your document does not expire.", {"expiry": None})
    detail = {"expiry": expiry.isoformat(), "today": today.isoformat()}
    if expiry < today:
        return RuleResult("document_expiry", Outcome.FAIL, REASONS["document_expired"], detail)
    return RuleResult("document_expiry", Outcome.PASS, "Your document is still valid.", detail)


def check_attempts(attempts: int, *, max_attempts: int = MAX_ATTEMPTS) -> RuleResult:
    """At most ``max_attempts`` submissions per customer; after that a supervisor decides."""
    detail = {"attempts": attempts, "max_attempts": max_attempts}
    if attempts <= max_attempts:
        return RuleResult("attempts", Outcome.PASS, "", detail)
    return RuleResult("attempts", Outcome.REVIEW, REASONS["many_attempts"], detail, escalate=True)


def country_code(country: str) -> str:
    text = (country or "").strip()
    return COUNTRY_NAMES.get(text.casefold(), text.upper())


def required_documents(country: str) -> tuple[str, ...] | None:
    return REQUIRED_DOCUMENTS.get(country_code(country))


def check_required_documents(country: str, provided: Iterable[str]) -> RuleResult:
    """Every document the country requires was uploaded (India: Aadhaar card and selfie)."""
    code = country_code(country)
    needed = required_documents(code)
    provided = sorted(set(provided))
    if needed is None:
        return RuleResult("required_documents", Outcome.REVIEW, REASONS["country_documents"], {"country": code, "provided": provided})
    missing = [doc for doc in needed if doc not in provided]
    detail = {"country": code, "required": list(needed), "provided": provided, "missing": missing}
    if missing:
        words = " and ".join(DOCUMENT_WORDS.get(doc, doc.replace("_", " ")) for doc in missing)
        return RuleResult("required_documents", Outcome.FAIL, f"Please upload {words}.", detail)
    return RuleResult("required_documents", Outcome.PASS, "All the documents we need are here.", detail)


def check_image_quality(text_sharpness: float | None, *,
                        min_sharpness: float = BLURRY_TEXT_SHARPNESS) -> RuleResult:
    """The card's text is sharp enough that the OCR can be trusted (``AadhaarOcr.text_sharpness``)."""
    detail = {"text_sharpness": None if text_sharpness is None else round(text_sharpness),
              "min_sharpness": min_sharpness}
    if text_sharpness is None:
        return RuleResult("image_quality", Outcome.REVIEW, REASONS["card_unreadable"], detail)
    if text_sharpness < min_sharpness:
        return RuleResult("image_quality", Outcome.REVIEW, REASONS["card_blurred"], detail)
    return RuleResult("image_quality", Outcome.PASS, "The photo of your card is clear.", detail)


def check_virus_scan(scan) -> RuleResult:
    """An infected upload is rejected (``virus_scan.ScanResult``; unavailable must be retried, not decided)."""
    detail = scan.as_dict()
    if scan.infected:
        return RuleResult("virus_scan", Outcome.FAIL, REASONS["file_refused"], detail)
    if scan.unavailable:
        return RuleResult("virus_scan", Outcome.REVIEW, REASONS["files_not_checked"], detail)
    return RuleResult("virus_scan", Outcome.PASS, "", detail)


def check_face_match(distance: float | None, match: bool, faces: Iterable[int] = (), *,
                     threshold: float | None = None) -> RuleResult:
    """The face on the card and the selfie are the same person (the face step's distance and verdict).

    No single face found on either picture goes to a person; a clear
    non-match is rejected.
    """
    faces = list(faces)
    detail = {"distance": None if distance is None else round(float(distance), 4), "match": bool(match),
              "faces": faces, "threshold": threshold}
    if distance is None:
        if faces and faces[1:2] == [0]:
            reason = REASONS["selfie_no_face"]
        else:
            reason = REASONS["faces_not_compared"]
        return RuleResult("face_match", Outcome.REVIEW, reason, detail)
    if match:
        return RuleResult("face_match", Outcome.PASS, "Your photo matches the photo on your card.", detail)
    return RuleResult("face_match", Outcome.FAIL, REASONS["face_mismatch"], detail)


def check_screening(result) -> RuleResult:
    """Sanctions/PEP screening (``screening.ScreeningResult``): any hit goes to a person.

    A hit is never a reason the customer sees (telling them would be tipping
    off); a confirmed match also needs a supervisor.
    """
    outcome = getattr(result.outcome, "value", result.outcome)
    detail = result.as_dict()
    if outcome == "CLEAR":
        return RuleResult("screening", Outcome.PASS, "", detail)
    return RuleResult("screening", Outcome.REVIEW, REASONS["staff_check"], detail,
                      escalate=outcome == "MATCH")


# ---------------------------------------------------------------- the decision

def decide(results: Iterable[RuleResult]) -> KycDecision:
    """VERIFIED when every rule passed; REJECTED when any failed; otherwise MANUAL_REVIEW.

    The reasons are the customer-facing words of the failing rules (or of
    those needing review); escalation passes through.
    """
    results = tuple(results)
    failed = [r for r in results if r.outcome is Outcome.FAIL]
    review = [r for r in results if r.outcome is Outcome.REVIEW]
    escalate = any(r.escalate for r in results)
    if failed:
        status, deciding = KycStatus.REJECTED, failed
    elif review:
        status, deciding = KycStatus.MANUAL_REVIEW, review
    else:
        status, deciding = KycStatus.VERIFIED, []
    reasons = [r.reason for r in deciding if r.reason]
    if status is KycStatus.VERIFIED:
        reasons = [REASONS["verified"]]
    elif escalate and status is KycStatus.REJECTED:
        reasons.append(REASONS["supervisor"])
    return KycDecision(status, tuple(dict.fromkeys(reasons)), results, escalate)
