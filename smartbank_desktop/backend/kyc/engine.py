"""One KYC assessment, step by step: scan, OCR, mask, face match, rules, screening, decision.

:func:`assess` is what a Celery task calls with the decrypted uploads and
the customer's registered details; it touches no database. Every step's
result goes to ``on_step(name, result_dict)`` as it finishes, so the caller
can record KYC events and the documents' ``validation_result`` as it goes.

Transient failures (:class:`~.errors.TransientKycError`: the virus scanner,
Tesseract or the screening list not available) propagate for the task to
retry. An infected upload ends the assessment at once (REJECTED); no later
step opens it.

The face-match step is a :data:`~.faces.FaceMatcher`,
``face_matcher(card_page, selfie) -> FaceComparison`` (``faces.matcher_over``
builds it over the biometrics face engine): ``card_page`` is the card's page
as an RGB numpy array, ``selfie`` the uploaded bytes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

import numpy as np

from . import rules
from .errors import UnreadableDocument
from .faces import FaceMatcher
from .messages import REASONS
from .ocr import AadhaarOcr, NumberNotFound, load_pages, mask_aadhaar_image, read_aadhaar_pages
from .rules import KycDecision, Outcome, RuleResult
from .screening import ScreeningProvider, ScreeningSubject
from .virus_scan import VirusScanner

StepCallback = Callable[[str, dict], None]

AADHAAR_CARD = "aadhaar_card"
SELFIE = "selfie"


@dataclass
class Application:
    """The registered details and the decrypted uploads (document kind -> bytes)."""

    full_name: str
    date_of_birth: date
    aadhaar_number: str
    documents: dict[str, bytes]
    country: str = "IN"
    attempt: int = 1  # this submission's number, counting the first as 1
    document_expiry: date | None = None  # for documents that carry one (Aadhaar does not)


@dataclass
class Assessment:
    decision: KycDecision
    steps: dict[str, dict] = field(default_factory=dict)  # step name -> result, in order
    ocr: AadhaarOcr | None = None
    masked_card: bytes | None = None  # the card with the first 8 digits blacked out, when found
    infected: dict[str, str] = field(default_factory=dict)  # document kind -> signature
    ms: float = 0.0

    def as_dict(self) -> dict:
        return {"decision": self.decision.as_dict(), "steps": self.steps, "infected": self.infected,
                "masked_card": self.masked_card is not None, "ms": round(self.ms, 1)}


def assess(application: Application, *, scanner: VirusScanner, face_matcher: FaceMatcher | None,
           screener: ScreeningProvider | None, today: date | None = None,
           on_step: StepCallback | None = None) -> Assessment:
    started = time.perf_counter()
    steps: dict[str, dict] = {}
    results: list[RuleResult] = []

    def record(name: str, data: dict) -> None:
        steps[name] = data
        if on_step is not None:
            on_step(name, data)

    def finish(assessment_kwargs: dict) -> Assessment:
        decision = rules.decide(results)
        record("decision", decision.as_dict())
        return Assessment(decision, steps, ms=(time.perf_counter() - started) * 1000, **assessment_kwargs)

    documents = application.documents
    results.append(rules.check_required_documents(application.country, documents))
    results.append(rules.check_attempts(application.attempt))

    # 1. Virus scan, every upload, before anything opens it.
    scans = {kind: scanner.scan_bytes(data).raise_if_unavailable() for kind, data in documents.items()}
    record("virus_scan", {kind: scan.as_dict() for kind, scan in scans.items()})
    infected = {kind: scan.signature for kind, scan in scans.items() if scan.infected}
    if infected:
        results.extend(rules.check_virus_scan(scans[kind]) for kind in infected)
        return finish({"infected": infected})
    card = documents.get(AADHAAR_CARD)
    if card is None:
        return finish({})

    # 2. OCR of the card.
    try:
        pages = load_pages(card)
    except UnreadableDocument as exc:
        results.append(RuleResult("card_readable", Outcome.FAIL, REASONS["card_file_unreadable"], {"error": str(exc)}))
        return finish({})
    ocr = read_aadhaar_pages(pages)
    record("ocr", ocr.as_dict())

    # 3. The stored copy: first 8 digits masked.
    try:
        masked_card = mask_aadhaar_image(card, ocr)
        record("mask", {"masked": True})
    except NumberNotFound:
        masked_card = None
        record("mask", {"masked": False, "detail": "no number found to mask"})

    # 4. Face match: the photo on the card against the selfie.
    selfie = documents.get(SELFIE)
    if face_matcher is not None and selfie is not None:
        page_index = ocr.number.words[0].page if ocr.number else 0
        face_started = time.perf_counter()
        faces = face_matcher(np.asarray(pages[page_index]), selfie)
        face_result = rules.check_face_match(faces.distance, faces.match, faces.faces, threshold=faces.threshold)
        face_result.detail.update(page=page_index, card_box=faces.card_box, selfie_box=faces.selfie_box,
                                  ms=round((time.perf_counter() - face_started) * 1000, 1))
    else:
        face_result = RuleResult("face_match", Outcome.REVIEW, "A member of staff will compare your photo "
                                 "with the photo on your card.", {"ran": False})
    record("face_match", face_result.as_dict())
    results.append(face_result)

    # 5. Rules on what the card says.
    card_rules = [
        rules.check_image_quality(ocr.text_sharpness),
        rules.check_name(application.full_name, ocr.name),
        rules.check_date_of_birth(application.date_of_birth, ocr.date_of_birth),
        rules.check_document_number(application.aadhaar_number, ocr.number, invalid_numbers=ocr.invalid_numbers),
        rules.check_expiry(application.document_expiry, today=today),
    ]
    record("rules", {r.rule: r.as_dict() for r in results + card_rules if r.rule != "face_match"})
    results.extend(card_rules)

    # 6. Sanctions/PEP screening.
    if screener is not None:
        screening = screener.screen(ScreeningSubject(application.full_name, application.date_of_birth,
                                                     application.country))
        screening_result = rules.check_screening(screening)
        record("screening", screening.as_dict())
        results.append(screening_result)

    return finish({"ocr": ocr, "masked_card": masked_card})
