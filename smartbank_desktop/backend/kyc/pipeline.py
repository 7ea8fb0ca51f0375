"""Runs the engine on a stored case: decrypts its uploads, records each step, writes the decision.

The scanner, face matcher and screening provider are built once per worker
process (the face models take a second or two to load).
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

from . import decisions, documents, leases
from .engine import Application, Assessment, assess
from .faces import FaceMatcher, matcher_over
from .models import KycCase
from .screening import LocalListProvider
from .virus_scan import VirusScanner

log = logging.getLogger(__name__)
_lock = threading.Lock()


def scanner() -> VirusScanner:
    """ClamAV as configured (``SMARTBANK_CLAMD_SOCKET`` / ``SMARTBANK_CLAMAV_DATABASE``), read at each use."""
    return VirusScanner.from_env()


@lru_cache(maxsize=1)
def face_matcher() -> FaceMatcher | None:
    """The face step over ``FaceEngine()``, or None when the face libraries cannot load (a person compares then)."""
    with _lock:
        try:
            from smartbank_desktop.biometrics.face import FaceEngine, load_models

            load_models()
            return matcher_over(FaceEngine())
        except (ImportError, OSError, RuntimeError, SystemExit) as exc:  # face_recognition may call exit()
            log.error("face matching is not available, cases go to manual review: %s", exc)
            return None


@lru_cache(maxsize=1)
def screener() -> LocalListProvider:
    return LocalListProvider()


def run_case(case: KycCase, task_id: str) -> Assessment:
    customer = case.customer
    uploads = documents.of_attempt(case.customer_id, case.attempt)
    contents = {kind: documents.read(doc) for kind, doc in uploads.items() if not doc.quarantined}
    application = Application(
        full_name=customer.full_name,
        date_of_birth=customer.date_of_birth,
        aadhaar_number=customer.aadhaar.reveal(),
        documents=contents,
        attempt=case.attempt,
    )
    assessment = assess(application, scanner=scanner(), face_matcher=face_matcher(), screener=screener(),
                        on_step=lambda step, data: leases.record_step(case, task_id, step, data))
    decisions.finish(case, task_id, assessment)
    return assessment
