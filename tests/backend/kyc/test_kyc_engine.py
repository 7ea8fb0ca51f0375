"""A whole assessment on generated cards: real ClamAV, real Tesseract, the face step as a callable."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smartbank_desktop.backend.kyc.engine import Application, assess
from smartbank_desktop.backend.kyc.errors import ScannerUnavailable
from smartbank_desktop.backend.kyc.faces import FaceComparison
from smartbank_desktop.backend.kyc.screening import LocalListProvider
from smartbank_desktop.backend.kyc.virus_scan import VirusScanner
from smartbank_desktop.core.kyc import KycStatus
from tests.support.sample_cards import card_upload

FACES_DIR = Path(__file__).resolve().parents[2] / "data" / "faces"



class RecordingFaceMatcher:
    """Stands in for the face step: records what it was given, answers as told."""

    def __init__(self, distance=0.38, match=True, faces=(1, 1), threshold=0.56):
        self.answer = FaceComparison(distance, match, tuple(faces), threshold, card_box=(0.1, 0.2, 0.3, 0.5),
                                     selfie_box=(0.3, 0.2, 0.7, 0.8))
        self.calls = []

    def __call__(self, card_page, selfie):
        self.calls.append((card_page, selfie))
        return self.answer


@pytest.fixture(scope="module")
def uploads(sample_people):
    details, face = sample_people["ramesh"]
    selfie = (FACES_DIR / "obama" / "obama2.jpg").read_bytes()
    return {variant: card_upload(details, face, variant)[0] for variant in ("clean", "blurred", "pdf")}, selfie


@pytest.fixture(scope="module")
def screener():
    return LocalListProvider()


def application(sample_people, uploads, variant="clean", **changes):
    details, _ = sample_people["ramesh"]
    cards, selfie = uploads
    fields = dict(full_name=details.name, date_of_birth=details.date_of_birth, aadhaar_number="4914 1777 6311",
                  documents={"aadhaar_card": cards[variant], "selfie": selfie})
    fields.update(changes)
    return Application(**fields)


def run(app, clamd_process, screener, matcher=None):
    events = []
    matcher = matcher or RecordingFaceMatcher()
    result = assess(app, scanner=clamd_process.scanner(), face_matcher=matcher, screener=screener,
                    on_step=lambda name, data: events.append(name))
    return result, events, matcher


def test_clean_match_is_verified(sample_people, uploads, clamd_process, screener):
    result, events, matcher = run(application(sample_people, uploads), clamd_process, screener)
    assert result.decision.status is KycStatus.VERIFIED, result.decision.reasons
    assert events == ["virus_scan", "ocr", "mask", "face_match", "rules", "screening", "decision"]
    assert result.steps["screening"]["list_version"] == "2026.11-sample-1"
    # The face step got the card page as pixels and the selfie as uploaded.
    [(card_page, selfie)] = matcher.calls
    assert isinstance(card_page, np.ndarray) and card_page.shape == (630, 1000, 3)
    assert selfie == uploads[1]
    # The stored copy is masked; the JSON never holds the full number.
    assert result.masked_card is not None
    dumped = json.dumps(result.as_dict(), ensure_ascii=False)
    assert "491417776311" not in dumped and "4914 1777" not in dumped and "XXXX XXXX 6311" in dumped
    assert Image.open(io.BytesIO(result.masked_card)).size == (1000, 630)


def test_name_off_by_one_letter_is_verified(sample_people, uploads, clamd_process, screener):
    app = application(sample_people, uploads, full_name="Ramesh Kumar Sarma")
    result, _, _ = run(app, clamd_process, screener)
    assert result.decision.status is KycStatus.VERIFIED
    assert result.steps["rules"]["name_match"]["detail"]["distance"] == 1


def test_name_off_by_many_is_rejected(sample_people, uploads, clamd_process, screener):
    app = application(sample_people, uploads, full_name="Suresh Chandra Verma")
    result, _, _ = run(app, clamd_process, screener)
    assert result.decision.status is KycStatus.REJECTED
    assert result.decision.reasons == ("The name on your card does not match the name you registered with.",)


def test_blurred_card_goes_to_manual_review(sample_people, uploads, clamd_process, screener):
    result, _, _ = run(application(sample_people, uploads, "blurred"), clamd_process, screener)
    assert result.decision.status is KycStatus.MANUAL_REVIEW
    assert result.steps["rules"]["image_quality"]["outcome"] == "REVIEW"


def test_face_step_records_the_threshold_and_where_each_face_is(sample_people, uploads, clamd_process, screener):
    """Issue 13: the threshold was recorded as None, so "score 49.4 / 100, match" had nothing to compare to."""
    matcher = RecordingFaceMatcher(distance=0.41, threshold=0.5)
    result, _, _ = run(application(sample_people, uploads), clamd_process, screener, matcher)
    detail = result.steps["face_match"]["detail"]
    assert detail["threshold"] == 0.5 and detail["distance"] == 0.41 and detail["match"] is True
    assert detail["card_box"] == (0.1, 0.2, 0.3, 0.5) and detail["selfie_box"] == (0.3, 0.2, 0.7, 0.8)
    face_rule = next(r for r in result.decision.results if r.rule == "face_match")
    assert face_rule.detail["threshold"] == 0.5


def test_pdf_card_is_verified(sample_people, uploads, clamd_process, screener):
    result, _, _ = run(application(sample_people, uploads, "pdf"), clamd_process, screener)
    assert result.decision.status is KycStatus.VERIFIED
    assert result.masked_card.startswith(b"%PDF")


def test_other_persons_selfie_is_rejected(sample_people, uploads, clamd_process, screener):
    matcher = RecordingFaceMatcher(distance=0.86, match=False)
    result, _, _ = run(application(sample_people, uploads), clamd_process, screener, matcher)
    assert result.decision.status is KycStatus.REJECTED
    assert result.decision.reasons == ("Your photo does not match the photo on your card.",)


def test_infected_card_is_rejected_before_anything_opens_it(sample_people, uploads, clamd_process, screener,
                                                            eicar_bytes):
    cards, selfie = uploads
    app = application(sample_people, uploads, documents={"aadhaar_card": cards["clean"] + eicar_bytes,
                                                         "selfie": selfie})
    result, events, matcher = run(app, clamd_process, screener)
    assert result.decision.status is KycStatus.REJECTED
    assert result.infected["aadhaar_card"].startswith("Eicar-Test-Signature")
    assert events == ["virus_scan", "decision"]
    assert matcher.calls == [] and result.ocr is None and result.masked_card is None
    assert "Eicar" not in " ".join(result.decision.reasons)


def test_fourth_attempt_is_escalated(sample_people, uploads, clamd_process, screener):
    result, _, _ = run(application(sample_people, uploads, attempt=4), clamd_process, screener)
    assert result.decision.status is KycStatus.MANUAL_REVIEW and result.decision.escalate


def test_missing_selfie_is_rejected(sample_people, uploads, clamd_process, screener):
    cards, _ = uploads
    app = application(sample_people, uploads, documents={"aadhaar_card": cards["clean"]})
    result, _, matcher = run(app, clamd_process, screener)
    assert result.decision.status is KycStatus.REJECTED
    assert "photo of your face" in result.decision.reasons[0]
    assert matcher.calls == []


def test_listed_person_goes_to_review_without_telling_them(uploads, clamd_process, screener):
    cards, selfie = uploads
    app = Application("Devendra Pratap Bhandari", date(1961, 4, 12), "4914 1777 6311",
                      {"aadhaar_card": cards["clean"], "selfie": selfie})
    result, _, _ = run(app, clamd_process, screener)
    # The card says another name, so the name rule rejects; screening still escalates the case.
    assert result.decision.escalate
    assert result.steps["screening"]["outcome"] == "MATCH"
    assert not any("list" in reason or "sanction" in reason for reason in result.decision.reasons)


def test_unreadable_card_is_rejected(sample_people, uploads, clamd_process, screener):
    _, selfie = uploads
    app = application(sample_people, uploads, documents={"aadhaar_card": b"not an image", "selfie": selfie})
    result, _, _ = run(app, clamd_process, screener)
    assert result.decision.status is KycStatus.REJECTED


def test_scanner_down_is_retried_not_decided(sample_people, uploads, tmp_path, screener):
    with pytest.raises(ScannerUnavailable):
        assess(application(sample_people, uploads), scanner=VirusScanner(socket_path=tmp_path / "gone.sock"),
               face_matcher=RecordingFaceMatcher(), screener=screener)


def test_with_the_real_face_engine(sample_people, uploads, clamd_process, screener):
    from smartbank_desktop.backend.kyc.faces import matcher_over
    from smartbank_desktop.biometrics.face import FaceEngine

    engine = FaceEngine()
    same, _, _ = run(application(sample_people, uploads), clamd_process, screener, matcher_over(engine))
    assert same.decision.status is KycStatus.VERIFIED
    detail = same.steps["face_match"]["detail"]
    assert detail["faces"] == [1, 1] and detail["threshold"] == engine.threshold
    # The face boxes: the card's photo sits in its left third, the selfie's face near the middle.
    left, top, right, bottom = detail["card_box"]
    assert 0 <= left < right < 0.4 and 0 < top < bottom < 1
    left, top, right, bottom = detail["selfie_box"]
    assert 0 < left < 0.5 < right < 1 and 0 <= top < bottom <= 1
    cards, _ = uploads
    other = (FACES_DIR / "biden" / "biden.jpg").read_bytes()
    app = application(sample_people, uploads, documents={"aadhaar_card": cards["clean"], "selfie": other})
    different, _, _ = run(app, clamd_process, screener, matcher_over(engine))
    assert different.decision.status is KycStatus.REJECTED
    assert different.steps["face_match"]["outcome"] == "FAIL"
