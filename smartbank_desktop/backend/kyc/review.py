"""A staff decision on a case: approve, reject or request new documents, always with a note.

:func:`review` checks who may decide (``roles``), records the decision, the
customer's status, a timeline event and audit events (refusals too).
:func:`customer_sees` is what the customer will read afterwards, for the
confirmation a reviewer sees before rejecting or asking for new documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import Code, KycRefused, refuse

from . import roles
from .cases import add_event, close, latest_case, record_completed, set_customer_status
from .messages import IN_BRANCH_REASON, REVIEW_MESSAGES, status_message
from .models import KycCase

ACTIONS = {"approve": "Approve", "reject": "Reject", "resubmit": "Request new documents"}
REVIEW_STATUS = {"approve": KycStatus.VERIFIED, "reject": KycStatus.REJECTED, "resubmit": KycStatus.REJECTED}
NEEDS_CONFIRMATION = ("reject", "resubmit")


@dataclass(frozen=True)
class CustomerView:
    """The registration status a customer reads after a decision: the message and the reasons."""

    status: KycStatus
    message: str
    reasons: tuple[str, ...]


def customer_sees(action: str, message: str = "") -> CustomerView:
    status = REVIEW_STATUS[action]
    reason = (message or "").strip() or REVIEW_MESSAGES[action]
    return CustomerView(status, status_message(status, resubmission_requested=action == "resubmit"), (reason,))


def review(case: KycCase, action: str, note: str, *, user, request=None, message: str = "") -> KycCase:
    """Decide ``case`` as ``user``; refuses with ``review_refused`` (bad input, nothing to decide) or
    ``review_forbidden`` (not this user's to decide), both recorded in the audit log."""
    note = (note or "").strip()
    message = (message or "").strip()
    try:
        if action not in REVIEW_STATUS:
            raise refuse(Code.REVIEW_REFUSED, "Please choose approve, reject or request new documents.")
        if not note:
            raise refuse(Code.REVIEW_REFUSED, "Please write a note saying why (it cannot be only spaces).")
        with transaction.atomic():
            locked = KycCase.objects.select_for_update().get(pk=case.pk)
            roles.check_may_decide(locked, user)
            previous = locked.status
            seen = customer_sees(action, message)
            locked.status = seen.status
            locked.decided_automatically = False
            locked.resubmission_requested = action == "resubmit"
            locked.reviewed_by = user
            locked.review_note = note
            locked.reasons = list(seen.reasons)
            close(locked)
            locked.save()
            set_customer_status(locked, seen.status, request=request, actor=user, reason=f"staff: {action}")
            add_event(locked, "REVIEW", {"action": action, "previous": previous, "status": seen.status,
                                         "reviewer": user.get_username(), "note": note})
            record_completed(locked, by="staff", request=request, actor=user)
            audit.record("kyc.review", request=request, actor=user, target_type="customers.customer",
                         target_id=str(locked.customer_id), case=locked.pk, decision=action, previous=previous,
                         status=seen.status, note=note)
    except KycRefused as exc:
        audit.record("kyc.review", request=request, actor=user,
                     outcome="denied" if exc.code == Code.REVIEW_FORBIDDEN else "refused",
                     target_type="customers.customer", target_id=str(case.customer_id), case=case.pk,
                     decision=action, reason=exc.detail)
        raise
    return locked


def verify_in_branch(customer, *, note: str, actor=None, request=None) -> KycCase:
    """Staff saw the customer and their original documents at the branch: the open case is decided VERIFIED.

    The case is closed (the automatic checks, still queued, then leave it alone: a worker only claims
    open cases), with the note, a timeline event and an audit event, as any staff decision.
    """
    note = (note or "").strip()
    if not note:
        raise refuse(Code.REVIEW_REFUSED, "Please write a note saying how the identity was checked.")
    with transaction.atomic():
        case = latest_case(customer.pk)
        locked = KycCase.objects.select_for_update().get(pk=case.pk)
        previous = locked.status
        locked.status = KycStatus.VERIFIED
        locked.decided_automatically = False
        locked.reviewed_by = actor
        locked.review_note = note
        locked.reasons = [IN_BRANCH_REASON]
        close(locked)
        locked.save()
        set_customer_status(locked, KycStatus.VERIFIED, request=request, actor=actor, reason="verified in branch")
        add_event(locked, "REVIEW", {"action": "verify_in_branch", "previous": previous,
                                     "status": KycStatus.VERIFIED, "note": note})
        record_completed(locked, by="staff", request=request, actor=actor)
        audit.record("kyc.verify_in_branch", request=request, actor=actor, target_type="customers.customer",
                     target_id=str(locked.customer_id), case=locked.pk, previous=previous, note=note)
    return locked
