"""The one module that writes KYC state: cases, events, and the KYC side of
customers and documents (status, ``validation_result``, quarantine, the
masked card). Every write happens inside ``transaction.atomic()``.

A case is run by one Celery task at a time: :func:`claim` gives it to a task
id for ``KYC_LEASE_SECONDS``, each recorded step renews that lease, and
:func:`sweep` hands cases whose lease lapsed (a killed worker, a lost
message) to a new run, or to a person after ``KYC_MAX_RUNS`` such hand-overs.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.backend.customers import services as customers
from smartbank_desktop.backend.customers.models import Customer, Document, KycStatus

from . import roles
from .models import OPEN_STATUSES, CaseStatus, KycCase, KycEvent

log = logging.getLogger(__name__)

# Customer-facing words for outcomes no rule produced.
UNFINISHED_REASON = ("We could not finish checking your documents automatically. "
                     "A member of staff will check them.")
SCANNER_REASON = ("We could not finish the safety check of your files. "
                  "A member of staff will check them.")
REVIEW_MESSAGES = {
    "approve": "Your identity is verified. You can open an account.",
    "reject": "We could not verify your documents. Please visit your branch for help.",
    "resubmit": "Please upload a new, clear photo of your Aadhaar card and a new photo of your face.",
}
REVIEW_STATUS = {"approve": CaseStatus.VERIFIED, "reject": CaseStatus.REJECTED, "resubmit": CaseStatus.REJECTED}


class LeaseLost(Exception):
    """Another run took the case over (this one's lease lapsed); stop quietly."""


class ReviewRefused(Exception):
    """A staff action that cannot be taken; the message says why in plain words."""


class ReviewForbidden(ReviewRefused):
    """The staff member lacks the permission for this action."""


class ResubmissionRefused(Exception):
    """New documents are not accepted now; the message says why in plain words."""


def _now():
    return timezone.now()


def _lease(seconds: float | None = None):
    return _now() + timedelta(seconds=settings.KYC_LEASE_SECONDS if seconds is None else seconds)


def _event(case: KycCase, step: str, payload: dict | None = None) -> KycEvent:
    return KycEvent.objects.create(customer_id=case.customer_id, case=case, step=step, payload=payload or {})


def _set_customer_status(case: KycCase, status: str, *, request=None, actor=None, reason: str = "") -> None:
    customer = Customer.objects.get(pk=case.customer_id)
    if customer.kyc_status != status:
        customers.set_kyc_status(customer, status, request=request, actor=actor, reason=reason)


def case_documents(case: KycCase) -> dict[str, Document]:
    """The case's uploads by engine kind ("aadhaar_card", "selfie")."""
    documents = Document.objects.filter(customer_id=case.customer_id, attempt=case.attempt)
    return {doc.kind.lower(): doc for doc in documents}


def latest_case(customer_id) -> KycCase | None:
    return KycCase.objects.filter(customer_id=customer_id).order_by("-attempt").first()


# ---------------------------------------------------------------- submission

def open_case(customer: Customer, attempt: int, *, request=None) -> KycCase:
    """A new PENDING case for the customer's uploads of ``attempt``; enqueued when the transaction commits."""
    with transaction.atomic():
        case = KycCase.objects.create(customer=customer, attempt=attempt,
                                      lease_until=_lease(settings.KYC_PENDING_GRACE_SECONDS))
        _event(case, "SUBMITTED", {"attempt": attempt})
    transaction.on_commit(lambda: enqueue(customer.pk))
    return case


def enqueue(customer_id) -> bool:
    """Send the case to the workers; a broker that is down is logged, and the sweep retries later."""
    from .tasks import process_kyc_for_profile

    try:
        process_kyc_for_profile.apply_async((str(customer_id),), retry=True,
                                            retry_policy={"max_retries": 2, "interval_start": 0.2})
        return True
    except Exception:  # noqa: BLE001 - the registration is saved; the sweep enqueues it again
        log.exception("could not enqueue the KYC case of %s; the sweep will retry", customer_id)
        return False


def resubmit(customer: Customer, documents: dict, *, request=None) -> KycCase:
    """New documents from a rejected customer: a new attempt and a new case.

    ``documents`` maps a DocumentKind to a checked upload. Nothing is written
    unless everything is (files saved before a failure are removed again).
    """
    saved: list[Document] = []
    try:
        with transaction.atomic():
            locked = Customer.objects.select_for_update().get(pk=customer.pk)
            current = latest_case(locked.pk)
            if locked.kyc_status != KycStatus.REJECTED:
                raise ResubmissionRefused(_resubmission_refusal(locked.kyc_status))
            attempt = max(locked.kyc_attempts, current.attempt if current else 0) + 1
            for kind, upload in documents.items():
                saved.append(customers._store_document(locked, kind, upload, attempt=attempt))
            locked.kyc_attempts = attempt
            locked.save(update_fields=["kyc_attempts", "updated_at"])
            customers.set_kyc_status(locked, KycStatus.PENDING, request=request, actor=locked.user,
                                     reason=f"new documents, attempt {attempt}")
            case = open_case(locked, attempt, request=request)
            audit.record("kyc.resubmit", request=request, actor=locked.user, target=locked, attempt=attempt)
    except BaseException:
        customers._remove_files(saved)
        raise
    return case


def _resubmission_refusal(status: str) -> str:
    return {
        KycStatus.VERIFIED: "Your identity is already verified. There is nothing more to upload.",
        KycStatus.PENDING: "We are already checking your documents. Please wait for the result.",
        KycStatus.PROCESSING: "We are already checking your documents. Please wait for the result.",
        KycStatus.MANUAL_REVIEW: "A bank officer is checking your documents. Please wait for the result.",
    }.get(status, "New documents cannot be accepted now.")


# ---------------------------------------------------------------- the pipeline's writes

def claim(customer_id, task_id: str) -> KycCase | None:
    """Give the customer's open case to this task run; None when it is decided or another run holds it."""
    with transaction.atomic():
        case = (KycCase.objects.select_for_update().filter(customer_id=customer_id)
                .order_by("-attempt").first())
        if case is None or case.status not in OPEN_STATUSES:
            return None
        now = _now()
        held = case.claimed_by and case.claimed_by != task_id and case.lease_until and case.lease_until > now
        if held:
            return None
        case.status = CaseStatus.PROCESSING
        case.claimed_by = task_id
        case.lease_until = _lease()
        case.runs += 1
        case.started_at = case.started_at or now
        case.save(update_fields=["status", "claimed_by", "lease_until", "runs", "started_at", "updated_at"])
        _set_customer_status(case, KycStatus.PROCESSING, reason="checks started")
        _event(case, "PROCESSING", {"run": case.runs, "task": task_id})
    return case


def _hold(case: KycCase, task_id: str) -> KycCase:
    locked = KycCase.objects.select_for_update().get(pk=case.pk)
    if locked.claimed_by != task_id or locked.status != CaseStatus.PROCESSING:
        raise LeaseLost(f"case {case.pk} is no longer held by {task_id}")
    return locked


_STEP_DOCUMENTS = {"virus_scan": None, "ocr": ("aadhaar_card",), "mask": ("aadhaar_card",),
                   "face_match": ("aadhaar_card", "selfie"), "rules": ("aadhaar_card",),
                   "decision": ("aadhaar_card", "selfie")}


def record_step(case: KycCase, task_id: str, step: str, data: dict) -> None:
    """One finished engine step: a KYC event, the documents' ``validation_result``, a renewed lease."""
    with transaction.atomic():
        locked = _hold(case, task_id)
        locked.lease_until = _lease()
        locked.save(update_fields=["lease_until", "updated_at"])
        _event(locked, step, data)
        documents = case_documents(locked)
        if step == "virus_scan":
            per_document = {kind: data[kind] for kind in data if kind in documents}
        else:
            per_document = {kind: data for kind in _STEP_DOCUMENTS.get(step) or () if kind in documents}
        for kind, result in per_document.items():
            document = documents[kind]
            document.validation_result = {**document.validation_result, step: result}
            document.save(update_fields=["validation_result"])


def note_retry(case: KycCase, task_id: str, error: Exception, countdown: float) -> None:
    """A transient failure; the same task runs again in ``countdown`` seconds and keeps its claim."""
    with transaction.atomic():
        locked = _hold(case, task_id)
        locked.retries += 1
        locked.last_error = f"{type(error).__name__}: {error}"[:2000]
        locked.lease_until = _lease(countdown + settings.KYC_LEASE_SECONDS)
        locked.save(update_fields=["retries", "last_error", "lease_until", "updated_at"])
        _event(locked, "RETRY", {"error": locked.last_error, "retry": locked.retries, "in_seconds": countdown})


def finish(case: KycCase, task_id: str, assessment) -> KycCase:
    """The engine's decision: the case, the customer and the documents updated, ``KYC_COMPLETED`` written.

    Infected uploads are quarantined; the stored card is replaced by its masked copy.
    """
    decision = assessment.decision
    status = CaseStatus(decision.status.value)
    escalated = bool(decision.escalate)
    if escalated and status == CaseStatus.REJECTED and not assessment.infected:
        status = CaseStatus.MANUAL_REVIEW  # a supervisor decides, not the machine
    steps = assessment.steps
    face = (steps.get("face_match") or {}).get("detail", {})
    written: list[str] = []  # new files, removed again if the transaction fails
    try:
        with transaction.atomic():
            locked = _hold(case, task_id)
            documents = case_documents(locked)
            for kind, signature in assessment.infected.items():
                if kind in documents:
                    written.append(_quarantine(documents[kind], signature))
            card = documents.get("aadhaar_card")
            if assessment.masked_card is not None and card is not None and not card.quarantined:
                written.append(_replace_with_masked(card, assessment.masked_card))
            locked.status = status
            locked.decided_automatically = True
            locked.escalated = escalated
            locked.reasons = list(decision.reasons)
            locked.internal = {"ms": round(assessment.ms, 1), "infected": assessment.infected,
                               "decision": decision.status.value}
            if assessment.ocr is not None:
                locked.ocr_text = assessment.ocr.text(masked=True)
                locked.ocr_fields = {k: v for k, v in assessment.ocr.as_dict().items() if k != "text"}
            distance = face.get("distance")
            locked.face_distance = distance
            locked.face_score = None if distance is None else round(max(0.0, min(1.0, 1 - distance)) * 100, 1)
            locked.face_match = face.get("match") if face else None
            locked.rule_results = [r.as_dict() for r in decision.results]
            locked.screening_list_version = (steps.get("screening") or {}).get("list_version", "") or ""
            _close(locked)
            locked.save()
            _set_customer_status(locked, status, reason="automatic decision")
            _completed(locked, by="pipeline")
    except BaseException:
        _delete_files(written)
        raise
    return locked


def give_up(case: KycCase, task_id: str | None, error: Exception | str, *, reason: str = UNFINISHED_REASON) -> None:
    """The automatic checks could not finish: a person decides (MANUAL_REVIEW with a plain reason)."""
    with transaction.atomic():
        locked = _hold(case, task_id) if task_id else KycCase.objects.select_for_update().get(pk=case.pk)
        if locked.status not in OPEN_STATUSES:
            return
        locked.status = CaseStatus.MANUAL_REVIEW
        locked.decided_automatically = True
        locked.reasons = [reason]
        locked.last_error = str(error)[:2000]
        locked.internal = {**locked.internal, "gave_up": locked.last_error, "retries": locked.retries,
                           "recoveries": locked.recoveries}
        _close(locked)
        locked.save()
        _set_customer_status(locked, KycStatus.MANUAL_REVIEW, reason="automatic checks could not finish")
        _event(locked, "GAVE_UP", {"error": locked.last_error})
        _completed(locked, by="pipeline")


def _close(case: KycCase) -> None:
    case.claimed_by = ""
    case.lease_until = None
    case.decided_at = _now()


def _completed(case: KycCase, *, by: str, request=None, actor=None) -> None:
    payload = {"status": case.status, "reasons": case.reasons, "escalated": case.escalated, "by": by,
               "attempt": case.attempt}
    _event(case, "KYC_COMPLETED", payload)
    audit.record("kyc.completed", request=request, actor=actor, target_type="customers.customer",
                 target_id=str(case.customer_id), case=case.pk, status=case.status, attempt=case.attempt,
                 escalated=case.escalated, by=by)


def _quarantine(document: Document, signature: str) -> str:
    """Move the (still encrypted) file aside without opening it, and mark the document."""
    storage = document.file.storage
    inner = storage.inner
    old_name = document.file.name
    with inner.open(old_name, "rb") as fh:
        sealed = fh.read()
    new_name = inner.save(f"quarantine/{document.customer_id}/{uuid.uuid4().hex}", ContentFile(sealed))
    document.file.name = new_name
    document.quarantined = True
    document.validation_result = {**document.validation_result,
                                  "quarantine": {"signature": signature, "at": _now().isoformat()}}
    document.save(update_fields=["file", "quarantined", "validation_result"])
    transaction.on_commit(lambda: _delete_files([old_name], inner=True, storage=storage))
    return new_name


def _replace_with_masked(document: Document, masked: bytes) -> str:
    import hashlib

    from smartbank_desktop.backend.customers.uploads import sniff

    old_name = document.file.name
    storage = document.file.storage
    document.file.save("masked", ContentFile(masked), save=False)
    document.content_type = sniff(masked[:16]) or document.content_type
    document.size = len(masked)
    document.sha256 = hashlib.sha256(masked).hexdigest()
    document.validation_result = {**document.validation_result, "masked": True}
    document.save(update_fields=["file", "content_type", "size", "sha256", "validation_result"])
    transaction.on_commit(lambda: _delete_files([old_name], storage=storage))
    return document.file.name


def _delete_files(names: list[str], *, inner: bool = False, storage=None) -> None:
    from smartbank_desktop.backend.customers.models import document_storage

    storage = storage or document_storage()
    target = storage.inner if inner else storage
    for name in names:
        try:
            target.delete(name)
        except OSError:
            log.exception("could not remove a document file")


# ---------------------------------------------------------------- recovery

def sweep() -> list[str]:
    """Hand open cases whose lease lapsed to a new run (or, after KYC_MAX_RUNS hand-overs, to a person).

    Returns the customer ids enqueued again. Safe to run from many workers at once.
    """
    now = _now()
    requeued: list[str] = []
    with transaction.atomic():
        stale = list(KycCase.objects.select_for_update(skip_locked=True)
                     .filter(status__in=OPEN_STATUSES, lease_until__lt=now).order_by("lease_until")[:200])
        for case in stale:
            if case.recoveries >= settings.KYC_MAX_RUNS:
                give_up(case, None, f"still unfinished after {case.recoveries} hand-overs; last error: "
                        f"{case.last_error or 'none'}")
                continue
            case.recoveries += 1
            case.claimed_by = ""
            case.lease_until = _lease(settings.KYC_PENDING_GRACE_SECONDS)
            case.save(update_fields=["recoveries", "claimed_by", "lease_until", "updated_at"])
            _event(case, "REQUEUED", {"recovery": case.recoveries, "status": case.status})
            requeued.append(str(case.customer_id))
    for customer_id in requeued:
        enqueue(customer_id)
    return requeued


# ---------------------------------------------------------------- manual review

def review(case: KycCase, action: str, note: str, *, user, request=None, message: str = "") -> KycCase:
    """A staff decision: ``approve``, ``reject`` or ``resubmit`` (request new documents), with a note.

    Reviewers act on MANUAL_REVIEW cases; escalated cases and automatic
    rejections need a supervisor. Refusals raise :class:`ReviewRefused` /
    :class:`ReviewForbidden` (also recorded as audit events).
    """
    note = (note or "").strip()
    message = (message or "").strip()
    try:
        if action not in REVIEW_STATUS:
            raise ReviewRefused("Please choose approve, reject or request new documents.")
        if not note:
            raise ReviewRefused("Please write a note saying why.")
        with transaction.atomic():
            locked = KycCase.objects.select_for_update().get(pk=case.pk)
            _check_may_decide(locked, user)
            previous = locked.status
            new_status = REVIEW_STATUS[action]
            locked.status = new_status
            locked.decided_automatically = False
            locked.resubmission_requested = action == "resubmit"
            locked.reviewed_by = user
            locked.review_note = note
            locked.reasons = [message or REVIEW_MESSAGES[action]]
            _close(locked)
            locked.save()
            _set_customer_status(locked, new_status, request=request, actor=user, reason=f"staff: {action}")
            _event(locked, "REVIEW", {"action": action, "previous": previous, "status": new_status,
                                      "reviewer": user.get_username(), "note": note})
            _completed(locked, by="staff", request=request, actor=user)
            audit.record("kyc.review", request=request, actor=user, target_type="customers.customer",
                         target_id=str(locked.customer_id), case=locked.pk, decision=action, previous=previous,
                         status=new_status, note=note)
    except ReviewRefused as exc:
        audit.record("kyc.review", request=request, actor=user, outcome="denied" if isinstance(
            exc, ReviewForbidden) else "refused", target_type="customers.customer",
            target_id=str(case.customer_id), case=case.pk, decision=action, reason=str(exc))
        raise
    return locked


def _check_may_decide(case: KycCase, user) -> None:
    latest = latest_case(case.customer_id)
    if latest is not None and latest.pk != case.pk:
        raise ReviewRefused("This is an earlier attempt; please decide the customer's latest one.")
    if case.status == CaseStatus.MANUAL_REVIEW:
        if case.escalated and not roles.can_supervise(user):
            raise ReviewForbidden("This case was escalated: only a supervisor can decide it.")
        if not (roles.can_review(user) or roles.can_supervise(user)):
            raise ReviewForbidden("You do not have permission to decide KYC cases.")
    elif case.status == CaseStatus.REJECTED:
        if not roles.can_supervise(user):
            raise ReviewForbidden("Only a supervisor can change a rejection.")
    elif case.status == CaseStatus.VERIFIED:
        raise ReviewRefused("This case is already verified.")
    else:
        raise ReviewRefused("The automatic checks are still running; please wait for them to finish.")
