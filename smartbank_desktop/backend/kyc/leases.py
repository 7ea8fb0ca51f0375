"""Who runs a case now: one Celery task run at a time holds it, for ``KYC_LEASE_SECONDS``.

:func:`claim` gives the customer's open case to a task id; every recorded
step renews the lease; a run whose lease lapsed (a killed worker) finds the
case taken over (:class:`LeaseLost`) and stops. The sweep hands lapsed cases on.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smartbank_desktop.core.kyc import OPEN_STATUSES, KycStatus

from . import documents
from .cases import add_event, set_customer_status
from .models import KycCase


class LeaseLost(Exception):
    """Another run took the case over (this one's lease lapsed); stop quietly."""


def lease_end(seconds: float | None = None):
    return timezone.now() + timedelta(seconds=settings.KYC_LEASE_SECONDS if seconds is None else seconds)


def claim(customer_id, task_id: str) -> KycCase | None:
    """Give the customer's open case to this task run; None when it is decided or another run holds it."""
    with transaction.atomic():
        case = (KycCase.objects.select_for_update().filter(customer_id=customer_id)
                .order_by("-attempt").first())
        if case is None or case.status not in OPEN_STATUSES:
            return None
        now = timezone.now()
        held = case.claimed_by and case.claimed_by != task_id and case.lease_until and case.lease_until > now
        if held:
            return None
        case.status = KycStatus.PROCESSING
        case.claimed_by = task_id
        case.lease_until = lease_end()
        case.runs += 1
        case.started_at = case.started_at or now
        case.save(update_fields=["status", "claimed_by", "lease_until", "runs", "started_at", "updated_at"])
        set_customer_status(case, KycStatus.PROCESSING, reason="checks started")
        add_event(case, "PROCESSING", {"run": case.runs, "task": task_id})
    return case


def hold(case: KycCase, task_id: str) -> KycCase:
    """The case locked for this run's write (inside the caller's transaction), or :class:`LeaseLost`."""
    locked = KycCase.objects.select_for_update().get(pk=case.pk)
    if locked.claimed_by != task_id or locked.status != KycStatus.PROCESSING:
        raise LeaseLost(f"case {case.pk} is no longer held by {task_id}")
    return locked


def record_step(case: KycCase, task_id: str, step: str, data: dict) -> None:
    """One finished engine step: a KYC event, the documents' results, a renewed lease."""
    with transaction.atomic():
        locked = hold(case, task_id)
        locked.lease_until = lease_end()
        locked.save(update_fields=["lease_until", "updated_at"])
        add_event(locked, step, data)
        documents.record_step(documents.of_attempt(locked.customer_id, locked.attempt), step, data)


def note_retry(case: KycCase, task_id: str, error: Exception, countdown: float) -> None:
    """A transient failure; the same task runs again in ``countdown`` seconds and keeps its claim."""
    with transaction.atomic():
        locked = hold(case, task_id)
        locked.retries += 1
        locked.last_error = f"{type(error).__name__}: {error}"[:2000]
        locked.lease_until = lease_end(countdown + settings.KYC_LEASE_SECONDS)
        locked.save(update_fields=["retries", "last_error", "lease_until", "updated_at"])
        add_event(locked, "RETRY", {"error": locked.last_error, "retry": locked.retries, "in_seconds": countdown})
