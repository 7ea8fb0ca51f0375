"""The one place that writes customers, the Aadhaar vault and documents."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.core.refusals import Code, Refusal, refuse

from .models import AadhaarRecord, Customer, Document, DocumentKind, KycStatus
from .uploads import CheckedUpload

log = logging.getLogger(__name__)


def already_registered(fields: list[str]) -> Refusal:
    """A customer with this Aadhaar number, mobile or email exists (``fields`` says which)."""
    names = {"aadhaar_number": "Aadhaar number", "mobile": "mobile number", "email": "email address"}
    return refuse(Code.ALREADY_REGISTERED, "This " + " and ".join(names[f] for f in fields) + " is already registered. "
                  "Please sign in, or visit your branch if this is a mistake.", fields=fields)


def find_conflicts(*, aadhaar_number: str, mobile: str, email: str) -> list[str]:
    conflicts = []
    if AadhaarRecord.objects.filter(lookup_hash=AadhaarRecord.hash_of(aadhaar_number)).exists():
        conflicts.append("aadhaar_number")
    if Customer.objects.filter(mobile=mobile).exists():
        conflicts.append("mobile")
    if Customer.objects.filter(email__iexact=email).exists():
        conflicts.append("email")
    return conflicts


def register(data: dict, documents: dict[str, CheckedUpload], *, request=None) -> Customer:
    """Create the user, the vault record, the customer and the encrypted documents.

    ``data`` is validated registration data; ``documents`` maps a DocumentKind to
    a checked upload. Either everything is written or nothing is (files saved
    before a failure are removed again).
    """
    conflicts = find_conflicts(aadhaar_number=data["aadhaar_number"], mobile=data["mobile"], email=data["email"])
    if conflicts:
        audit.record("registration.create", request=request, outcome="conflict", fields=conflicts)
        raise already_registered(conflicts)

    saved: list[Document] = []
    try:
        with transaction.atomic():
            vault = AadhaarRecord.seal(data["aadhaar_number"])
            vault.save()
            user = get_user_model()(username=data["mobile"], email=data["email"])
            user.set_password(data["pin"])
            user.save()
            customer = Customer.objects.create(
                user=user,
                full_name=data["full_name"],
                email=data["email"],
                mobile=data["mobile"],
                date_of_birth=data["date_of_birth"],
                address=data["address"],
                aadhaar=vault,
            )
            for kind, upload in documents.items():
                saved.append(_store_document(customer, kind, upload, attempt=1))
            from smartbank_desktop.backend.kyc import services as kyc  # kyc builds on customers

            kyc.open_case(customer, attempt=1, request=request)  # enqueued once this commits
            audit.record(
                "registration.create", request=request, actor=user, actor_label=customer.full_name,
                target=customer, aadhaar=vault.masked,
            )
    except IntegrityError as exc:
        _remove_files(saved)
        # Lost a race with an identical registration.
        raise already_registered(
            find_conflicts(aadhaar_number=data["aadhaar_number"], mobile=data["mobile"], email=data["email"])
            or ["mobile"]
        ) from exc
    except BaseException:
        _remove_files(saved)
        raise
    return customer


def _store_document(customer: Customer, kind: str, upload: CheckedUpload, *, attempt: int) -> Document:
    from django.core.files.base import ContentFile

    document = Document(
        customer=customer,
        kind=kind,
        attempt=attempt,
        content_type=upload.content_type,
        size=len(upload.content),
        sha256=upload.sha256,
        validation_result={"upload": upload.details},
    )
    document.file.save("upload", ContentFile(upload.content), save=False)
    document.save()
    return document


def _remove_files(documents: list[Document]) -> None:
    for document in documents:
        try:
            document.file.storage.delete(document.file.name)
        except OSError:
            log.exception("could not remove an orphaned document file")


def set_kyc_status(customer: Customer, status: str, *, request=None, actor=None, reason: str = "") -> Customer:
    """Move a customer's KYC status and record who did it."""
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        previous = locked.kyc_status
        locked.kyc_status = KycStatus(status)
        locked.save(update_fields=["kyc_status", "updated_at"])
        audit.record(
            "kyc.status", request=request, actor=actor, target=locked, previous=previous, status=status, reason=reason
        )
    return locked


__all__ = ["already_registered", "register", "set_kyc_status", "find_conflicts", "DocumentKind"]
