"""The pipeline's outcome written: the engine's decision (:func:`finish`), or a person's turn when the
automatic checks could not finish (:func:`give_up`). The customer's status follows the case."""

from __future__ import annotations

from django.db import transaction

from smartbank_desktop.core.kyc import OPEN_STATUSES, KycStatus

from . import documents
from .cases import add_event, close, record_completed, set_customer_status
from .leases import hold
from .messages import UNFINISHED_REASON
from .models import KycCase


def finish(case: KycCase, task_id: str, assessment) -> KycCase:
    """The engine's decision: the case, the customer and the documents updated, ``KYC_COMPLETED`` written.

    Infected uploads are quarantined; the stored card is replaced by its masked copy.
    """
    decision = assessment.decision
    status = KycStatus(decision.status)
    escalated = bool(decision.escalate)
    if escalated and status == KycStatus.REJECTED and not assessment.infected:
        status = KycStatus.MANUAL_REVIEW  # a supervisor decides, not the machine
    steps = assessment.steps
    face = (steps.get("face_match") or {}).get("detail", {})
    written: list[str] = []  # new files, removed again if the transaction fails
    try:
        with transaction.atomic():
            locked = hold(case, task_id)
            uploads = documents.of_attempt(locked.customer_id, locked.attempt)
            for kind, signature in assessment.infected.items():
                if kind in uploads:
                    written.append(documents.quarantine(uploads[kind], signature))
            card = uploads.get("aadhaar_card")
            if assessment.masked_card is not None and card is not None and not card.quarantined:
                written.append(documents.replace_with_masked(card, assessment.masked_card))
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
            close(locked)
            locked.save()
            set_customer_status(locked, status, reason="automatic decision")
            record_completed(locked, by="pipeline")
    except BaseException:
        documents.remove_files(written)
        raise
    return locked


def give_up(case: KycCase, task_id: str | None, error: Exception | str, *, reason: str = UNFINISHED_REASON) -> None:
    """The automatic checks could not finish: a person decides (MANUAL_REVIEW with a plain reason)."""
    with transaction.atomic():
        locked = hold(case, task_id) if task_id else KycCase.objects.select_for_update().get(pk=case.pk)
        if locked.status not in OPEN_STATUSES:
            return
        locked.status = KycStatus.MANUAL_REVIEW
        locked.decided_automatically = True
        locked.reasons = [reason]
        locked.last_error = str(error)[:2000]
        locked.internal = {**locked.internal, "gave_up": locked.last_error, "retries": locked.retries,
                           "recoveries": locked.recoveries}
        close(locked)
        locked.save()
        set_customer_status(locked, KycStatus.MANUAL_REVIEW, reason="automatic checks could not finish")
        add_event(locked, "GAVE_UP", {"error": locked.last_error})
        record_completed(locked, by="pipeline")
