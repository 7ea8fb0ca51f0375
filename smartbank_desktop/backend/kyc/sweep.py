"""Recovery: open cases whose lease lapsed (a killed worker, a lost message) go to a new run,
or to a person after ``KYC_MAX_RUNS`` hand-overs. Safe to run from many workers at once."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smartbank_desktop.core.kyc import OPEN_STATUSES

from . import queue
from .cases import add_event
from .decisions import give_up
from .leases import lease_end
from .models import KycCase


def sweep() -> list[str]:
    """Hand lapsed cases on; returns the customer ids enqueued again."""
    requeued: list[str] = []
    with transaction.atomic():
        stale = list(KycCase.objects.select_for_update(skip_locked=True)
                     .filter(status__in=OPEN_STATUSES, lease_until__lt=timezone.now()).order_by("lease_until")[:200])
        for case in stale:
            if case.recoveries >= settings.KYC_MAX_RUNS:
                give_up(case, None, f"still unfinished after {case.recoveries} hand-overs; last error: "
                        f"{case.last_error or 'none'}")
                continue
            case.recoveries += 1
            case.claimed_by = ""
            case.lease_until = lease_end(settings.KYC_PENDING_GRACE_SECONDS)
            case.save(update_fields=["recoveries", "claimed_by", "lease_until", "updated_at"])
            add_event(case, "REQUEUED", {"recovery": case.recoveries, "status": case.status})
            requeued.append(str(case.customer_id))
    for customer_id in requeued:
        queue.enqueue(customer_id)
    return requeued
