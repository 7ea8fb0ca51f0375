"""The staff pages' words for what the pipeline recorded: faces, rules, events, and why a case waits."""

from __future__ import annotations

from types import SimpleNamespace

from smartbank_desktop.backend.kyc import staff_pages
from smartbank_desktop.core.kyc import KycStatus


def test_face_line_names_the_distance_the_threshold_and_what_they_mean():
    line = staff_pages.face_line({"distance": 0.6123, "match": False, "faces": [1, 1], "threshold": 0.56})
    assert line == ("Distance 0.612: the same person below 0.56, so not a match "
                    "(1 face on the card, 1 face on the selfie).")
    assert staff_pages.face_line({"distance": None, "match": False, "faces": [1, 0], "threshold": 0.56}) == (
        "Not compared: exactly one face is needed on each picture (1 face on the card, 0 faces on the selfie).")
    assert staff_pages.face_line({"ran": False}).startswith("Not compared automatically")


def test_rules_read_as_inputs_and_outcome_never_as_a_dict():
    screening = {"rule": "screening", "outcome": "REVIEW", "reason": "", "detail": {
        "outcome": "POSSIBLE", "list_version": "2026.11-sample-1", "hits": [
            {"listed_name": "Devendra Pratap Bhandari", "list": "UN", "category": "sanctions", "score": 91.5}]}}
    name = {"rule": "name_match", "outcome": "FAIL", "reason": "The name on your card does not match.",
            "detail": {"registered": "ramesh kumar", "read": "rajesh khanna", "distance": 6, "max_distance": 2,
                       "confidence": 92.4}}
    rows = staff_pages.rule_rows([screening, name])
    assert [(r.title, r.outcome_words) for r in rows] == [("Sanctions and PEP lists", "Needs a person"),
                                                          ("Name", "Failed")]
    assert rows[0].text == ("POSSIBLE against list 2026.11-sample-1: Devendra Pratap Bhandari (UN, sanctions, "
                            "score 91.5).")
    assert rows[1].text == ("Registered \u201cramesh kumar\u201d, card \u201crajesh khanna\u201d: 6 letters differ "
                            "(at most 2 allowed); OCR confidence 92 of 100.")
    unknown = staff_pages.describe_rule({"rule": "new_rule", "detail": {"limit": 3, "seen": [1, 2], "empty": None}})
    assert unknown == "limit 3; seen 1, 2"


def test_events_read_in_words():
    review = SimpleNamespace(step="REVIEW", payload={"action": "resubmit", "previous": "MANUAL_REVIEW",
                                                     "status": "REJECTED", "reviewer": "asha", "note": "Blurred."})
    row = staff_pages.event_row(review)
    assert row.title == "Staff decision"
    assert row.text == "asha asked for new documents (Waiting for staff review \u2192 Rejected). Note: Blurred."


def test_why_a_case_waits():
    def case(**fields):
        defaults = dict(status=KycStatus.MANUAL_REVIEW, escalated=False, internal={}, last_error="", retries=0,
                        reasons=["A member of staff will check your application."], rule_results=[])
        return SimpleNamespace(**{**defaults, **fields})

    assert staff_pages.waiting_reason(case(status=KycStatus.PROCESSING, retries=2)) == (
        "The automatic checks have not finished, 2 retries so far.")
    assert staff_pages.waiting_reason(case(internal={"gave_up": "x"}, last_error="ScannerUnavailable after 6 "
                                           "retries: no clamd")) == (
        "The automatic checks could not finish: ScannerUnavailable after 6 retries.")
    assert staff_pages.waiting_reason(case(escalated=True)).startswith("Needs a supervisor. ")
    assert staff_pages.waiting_reason(case(status=KycStatus.VERIFIED)) == ""
