"""What every KYC write shares: finding a customer's latest case, its timeline events, the customer's
status kept in step with the case, and the record of a finished decision."""

from __future__ import annotations

from django.utils import timezone

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.backend.customers import services as customers
from smartbank_desktop.backend.customers.models import Customer

from .models import KycCase, KycEvent


def latest_case(customer_id) -> KycCase | None:
    return KycCase.objects.filter(customer_id=customer_id).order_by("-attempt").first()


def add_event(case: KycCase, step: str, payload: dict | None = None) -> KycEvent:
    return KycEvent.objects.create(customer_id=case.customer_id, case=case, step=step, payload=payload or {})


def set_customer_status(case: KycCase, status: str, *, request=None, actor=None, reason: str = "") -> None:
    """The customer's KYC status follows their latest case."""
    customer = Customer.objects.get(pk=case.customer_id)
    if customer.kyc_status != status:
        customers.set_kyc_status(customer, status, request=request, actor=actor, reason=reason)


def close(case: KycCase) -> None:
    """No run holds the case any more: it is decided now (the caller saves it)."""
    case.claimed_by = ""
    case.lease_until = None
    case.decided_at = timezone.now()


def record_completed(case: KycCase, *, by: str, request=None, actor=None) -> None:
    """``KYC_COMPLETED`` on the timeline and in the audit log, after the pipeline or a person decided."""
    payload = {"status": case.status, "reasons": case.reasons, "escalated": case.escalated, "by": by,
               "attempt": case.attempt}
    add_event(case, "KYC_COMPLETED", payload)
    audit.record("kyc.completed", request=request, actor=actor, target_type="customers.customer",
                 target_id=str(case.customer_id), case=case.pk, status=case.status, attempt=case.attempt,
                 escalated=case.escalated, by=by)
