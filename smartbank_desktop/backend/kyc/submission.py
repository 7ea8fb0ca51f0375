"""Documents coming in: a registration (the customer, their documents and the first case in one
transaction) and new documents from a rejected customer (a new attempt, a new case).

Each case is enqueued for the workers once its transaction commits. Nothing is
left half-written: files saved before a failure are removed again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.backend.customers import services as customers
from smartbank_desktop.backend.customers.models import Customer
from smartbank_desktop.backend.uploads import CheckedUpload
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import Code, refuse

from . import documents, leases, queue
from .cases import add_event, latest_case
from .messages import RESUBMISSION_REFUSALS
from .models import KycCase


def register(data: dict, uploads: dict[str, CheckedUpload], *, request=None) -> Customer:
    """A new customer from validated registration data and checked uploads (DocumentKind -> upload)."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            customer = customers.create_customer(data, request=request)
            documents.store_all(customer, uploads, attempt=1, saved=saved)
            open_case(customer, attempt=1)
            audit.record("registration.create", request=request, actor=customer.user,
                         actor_label=customer.full_name, target=customer, aadhaar=customer.aadhaar.masked)
    except BaseException:
        documents.remove_files(saved)
        raise
    return customer


def resubmit(customer: Customer, uploads: dict[str, CheckedUpload], *, request=None) -> KycCase:
    """New documents from a rejected customer: a new attempt and a new case.

    Refuses with ``resubmission_not_allowed`` (and the customer's status) when
    the customer is not rejected.
    """
    saved: list[str] = []
    try:
        with transaction.atomic():
            locked = Customer.objects.select_for_update().get(pk=customer.pk)
            if locked.kyc_status != KycStatus.REJECTED:
                raise refuse(Code.RESUBMISSION_NOT_ALLOWED,
                             RESUBMISSION_REFUSALS.get(locked.kyc_status, "New documents cannot be accepted now."),
                             kyc_status=locked.kyc_status)
            current = latest_case(locked.pk)
            attempt = max(locked.kyc_attempts, current.attempt if current else 0) + 1
            documents.store_all(locked, uploads, attempt=attempt, saved=saved)
            locked.kyc_attempts = attempt
            locked.save(update_fields=["kyc_attempts", "updated_at"])
            customers.set_kyc_status(locked, KycStatus.PENDING, request=request, actor=locked.user,
                                     reason=f"new documents, attempt {attempt}")
            case = open_case(locked, attempt)
            audit.record("kyc.resubmit", request=request, actor=locked.user, target=locked, attempt=attempt)
    except BaseException:
        documents.remove_files(saved)
        raise
    return case


def open_case(customer: Customer, attempt: int) -> KycCase:
    """A new PENDING case for the customer's uploads of ``attempt``; enqueued when the transaction commits."""
    with transaction.atomic():
        case = KycCase.objects.create(customer=customer, attempt=attempt,
                                      lease_until=leases.lease_end(settings.KYC_PENDING_GRACE_SECONDS))
        add_event(case, "SUBMITTED", {"attempt": attempt})
    transaction.on_commit(lambda: queue.enqueue(customer.pk))
    return case
