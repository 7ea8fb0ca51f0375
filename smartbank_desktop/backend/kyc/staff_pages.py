"""What the staff pages say about a case, in words and figures: the face comparison, each rule's inputs
and outcome, each timeline event, the registered details beside the card's reading, and why a case waits.

Built from what the pipeline recorded (``KycCase.rule_results``, ``ocr_fields``,
event payloads); nothing here writes. The queue and the case page both use it,
so each thing has one wording everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from smartbank_desktop.backend.staff_time import staff_time
from smartbank_desktop.core.kyc import KycStatus

from .rules import name_distance

OUTCOME_WORDS = {"PASS": "Passed", "REVIEW": "Needs a person", "FAIL": "Failed"}
RULE_TITLES = {
    "required_documents": "Documents sent", "attempts": "Attempts", "virus_scan": "Virus scan",
    "card_readable": "Card file", "face_match": "Face on the card and selfie",
    "image_quality": "Card photo sharpness", "name_match": "Name", "date_of_birth": "Date of birth",
    "document_number": "Aadhaar number", "document_expiry": "Document expiry", "screening": "Sanctions and PEP lists",
}
STEP_TITLES = {
    "SUBMITTED": "Documents received", "PROCESSING": "Automatic checks started", "virus_scan": "Virus scan",
    "ocr": "Card read (OCR)", "mask": "Card number masked", "face_match": "Faces compared",
    "rules": "Rules checked", "screening": "Sanctions and PEP lists", "decision": "Automatic decision",
    "KYC_COMPLETED": "Case decided", "RETRY": "Retry", "REQUEUED": "Handed to a new run",
    "GAVE_UP": "Automatic checks gave up", "REVIEW": "Staff decision",
}
ACTION_WORDS = {"approve": "approved", "reject": "rejected", "resubmit": "asked for new documents"}
DOCUMENT_WORDS = {"aadhaar_card": "Aadhaar card", "selfie": "selfie"}


@dataclass(frozen=True)
class Row:
    title: str
    text: str  # the inputs and the outcome, in words and figures
    outcome: str = ""  # PASS, REVIEW or FAIL (rules only)
    reason: str = ""  # what the customer reads (rules only)

    @property
    def outcome_words(self) -> str:
        return OUTCOME_WORDS.get(self.outcome, self.outcome)


@dataclass(frozen=True)
class DetailRow:
    field: str
    registered: str
    read: str  # from the card; "" when the card front does not carry it
    differs: bool = False
    note: str = ""


def status_words(status: str) -> str:
    return KycStatus(status).label


# ---------------------------------------------------------------- faces

def face_line(detail: dict | None) -> str:
    """``Distance 0.412: the same person below 0.56, so a match (1 face on the card, 1 on the selfie).``"""
    if not detail or detail.get("ran") is False:
        return "Not compared automatically: a member of staff compares the two photos."
    faces = detail.get("faces") or []
    counted = (f" ({_faces(faces[0])} on the card, {_faces(faces[1])} on the selfie)" if len(faces) == 2 else "")
    threshold = detail.get("threshold")
    if detail.get("distance") is None:
        return f"Not compared: exactly one face is needed on each picture{counted}."
    verdict = "a match" if detail.get("match") else "not a match"
    rule = f"the same person below {threshold:.2f}, so {verdict}" if threshold is not None else verdict
    return f"Distance {detail['distance']:.3f}: {rule}{counted}."


def _faces(count) -> str:
    return f"{count} face" + ("" if count == 1 else "s")


# ---------------------------------------------------------------- rules

def rule_rows(results: list[dict]) -> list[Row]:
    return [Row(RULE_TITLES.get(r["rule"], r["rule"].replace("_", " ").capitalize()), describe_rule(r),
                r.get("outcome", ""), r.get("reason", "")) for r in results]


def describe_rule(result: dict) -> str:
    d = result.get("detail") or {}
    rule = result["rule"]
    if rule == "face_match":
        return face_line(d)
    if rule == "name_match":
        if not d.get("read"):
            return "The name could not be read on the card."
        return (f"Registered \u201c{d['registered']}\u201d, card \u201c{d['read']}\u201d: {_letters(d['distance'])} "
                f"differ (at most {d['max_distance']} allowed){_confidence(d)}.")
    if rule == "date_of_birth":
        return f"Registered {d.get('registered')}, card {d.get('read') or 'not read'}{_confidence(d)}."
    if rule == "document_number":
        text = f"Registered {d.get('registered')}, card {d.get('read') or 'not read'}{_confidence(d)}"
        if d.get("invalid_read"):
            text += f"; numbers failing the check digit: {', '.join(d['invalid_read'])}"
        return text + "."
    if rule == "image_quality":
        if d.get("text_sharpness") is None:
            return "No text was read, so sharpness could not be measured."
        return f"Text sharpness {d['text_sharpness']} (at least {d['min_sharpness']:.0f} reads reliably)."
    if rule == "attempts":
        return f"Attempt {d.get('attempts')} (a supervisor decides after {d.get('max_attempts')})."
    if rule == "required_documents":
        missing = d.get("missing") or []
        sent = ", ".join(DOCUMENT_WORDS.get(k, k) for k in d.get("provided", [])) or "nothing"
        return f"Sent: {sent}" + (f"; missing: {', '.join(DOCUMENT_WORDS.get(k, k) for k in missing)}." if missing
                                  else ".")
    if rule == "virus_scan":
        return _scan(d)
    if rule == "document_expiry":
        return f"Expires {d['expiry']}." if d.get("expiry") else "This document has no expiry date."
    if rule == "screening":
        hits = "; ".join(f"{h['listed_name']} ({h['list']}, {h['category']}, score {h['score']})"
                         for h in d.get("hits") or [])
        return f"{d.get('outcome', '')} against list {d.get('list_version', '?')}" + (f": {hits}." if hits else ".")
    return _plain(d)


def _letters(n) -> str:
    return f"{n} letter" + ("" if n == 1 else "s")


def _confidence(d: dict) -> str:
    return f"; OCR confidence {d['confidence']:.0f} of 100" if d.get("confidence") is not None else ""


def _scan(d: dict) -> str:
    verdict = d.get("verdict", "not scanned")
    return f"{verdict.capitalize()}" + (f": {d['signature']}" if d.get("signature") else "") + "."


def _plain(d) -> str:
    """Any other detail: ``key value`` pairs, whole."""
    if isinstance(d, dict):
        return "; ".join(f"{k.replace('_', ' ')} {_plain(v)}" for k, v in d.items() if v not in (None, "", [], {}))
    if isinstance(d, list):
        return ", ".join(_plain(v) for v in d)
    return str(d)


# ---------------------------------------------------------------- the timeline

def event_row(event) -> Row:
    return Row(STEP_TITLES.get(event.step, event.step), describe_event(event.step, event.payload or {}))


def describe_event(step: str, p: dict) -> str:
    if step == "SUBMITTED":
        return f"Attempt {p.get('attempt')}."
    if step == "PROCESSING":
        return f"Run {p.get('run')}."
    if step == "virus_scan":
        order = list(DOCUMENT_WORDS)  # the card first, whatever order the database kept
        scans = sorted((k for k, v in p.items() if isinstance(v, dict)),
                       key=lambda k: order.index(k) if k in order else len(order))
        return "; ".join(f"{DOCUMENT_WORDS.get(k, k).capitalize()}: {_scan(p[k]).rstrip('.')}" for k in scans) + "."
    if step == "ocr":
        fields = [f"name \u201c{_value(p, 'name')}\u201d", f"born {_value(p, 'date_of_birth')}",
                  f"number {_value(p, 'number')}"]
        return f"Read {', '.join(fields)} in {p.get('ms', 0) / 1000:.1f} s."
    if step == "mask":
        return "The stored copy has the first 8 digits blacked out." if p.get("masked") else \
            "Not masked: no number was found to mask."
    if step == "face_match":
        return face_line(p.get("detail"))
    if step == "rules":
        counts = {}
        for result in p.values():
            counts[result.get("outcome")] = counts.get(result.get("outcome"), 0) + 1
        return ", ".join(f"{counts[o]} {OUTCOME_WORDS[o].lower()}" for o in OUTCOME_WORDS if o in counts) + "."
    if step == "screening":
        return describe_rule({"rule": "screening", "detail": p})
    if step in ("decision", "KYC_COMPLETED"):
        by = {"pipeline": " by the automatic checks", "staff": " by staff"}.get(p.get("by"), "")
        reasons = " ".join(p.get("reasons") or [])
        return f"{status_words(p['status'])}{by}" + (f". The customer reads: {reasons}" if reasons else ".")
    if step == "RETRY":
        return f"Retry {p.get('retry')} in {p.get('in_seconds')} s after: {p.get('error')}"
    if step == "REQUEUED":
        return f"Recovery {p.get('recovery')}: the previous run stopped without finishing."
    if step == "GAVE_UP":
        return f"A person decides now. Last error: {p.get('error')}"
    if step == "REVIEW":
        return (f"{p.get('reviewer')} {ACTION_WORDS.get(p.get('action'), p.get('action'))} "
                f"({status_words(p['previous'])} \u2192 {status_words(p['status'])}). Note: {p.get('note')}")
    return _plain(p)


def _value(p: dict, name: str) -> str:
    found = p.get(name)
    return found["value"] if found else "not read"


# ---------------------------------------------------------------- registered details and the card

def detail_rows(customer, masked_aadhaar: str, ocr_fields: dict) -> list[DetailRow]:
    """What the customer registered beside what the card says, each difference marked."""
    def read(name):
        found = (ocr_fields or {}).get(name)
        return found.get("value", "") if found else ""

    name = read("name")
    rows = []
    distance = name_distance(customer.full_name, name) if name else None
    rows.append(DetailRow("Name", customer.full_name, name or "not read", bool(distance),
                          "" if not distance else f"{_letters(distance)} differ"))
    card_dob = read("date_of_birth")
    registered_dob = customer.date_of_birth.isoformat()
    dob_differs = bool(card_dob) and card_dob != registered_dob and card_dob != registered_dob[:4]
    rows.append(DetailRow("Date of birth", _date(customer.date_of_birth), _date(card_dob) or "not read",
                          dob_differs, "year only on the card" if len(card_dob) == 4 else ""))
    number = read("number")
    rows.append(DetailRow("Aadhaar number", masked_aadhaar, number or "not read",
                          bool(number) and number != masked_aadhaar))
    rows.append(DetailRow("Gender", "not asked at registration", {"M": "Male", "F": "Female", "T": "Transgender"}
                          .get(read("gender"), read("gender") or "not read")))
    hindi = read("name_hindi")
    if hindi:
        rows.append(DetailRow("Name in Hindi", "", hindi))
    for field, value in (("Address", customer.address), ("Mobile", customer.mobile), ("Email", customer.email)):
        rows.append(DetailRow(field, value, "", note="not printed on the card front"))
    return rows


def _date(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    if value and len(value) == 10:
        return date.fromisoformat(value).strftime("%d %b %Y")
    return value or ""


# ---------------------------------------------------------------- the queue

def waiting_reason(case) -> str:
    """Why a case waits, in a few words (empty once decided)."""
    if case.status in (KycStatus.PENDING, KycStatus.PROCESSING):
        retried = f", {case.retries} retries so far" if case.retries else ""
        return f"The automatic checks have not finished{retried}."
    if case.status != KycStatus.MANUAL_REVIEW:
        return ""
    prefix = "Needs a supervisor. " if case.escalated else ""
    if case.internal.get("gave_up"):
        return prefix + "The automatic checks could not finish: " + case.last_error.split(":")[0] + "."
    open_rules = [r for r in rule_rows(case.rule_results) if r.outcome in ("REVIEW", "FAIL")]
    if not open_rules:
        return prefix + " ".join(case.reasons)
    return prefix + " ".join(f"{r.title}: {r.text}" for r in open_rules)


def decided_words(case) -> str:
    """Who decided a verified or rejected case, and when (empty while it waits)."""
    if case.status not in (KycStatus.VERIFIED, KycStatus.REJECTED) or not case.decided_at:
        return ""
    who = f"by {case.reviewed_by.get_username()}" if case.reviewed_by_id else "by the automatic checks"
    return f"{status_words(case.status)} {who}, {staff_time(case.decided_at, seconds=False)}"
