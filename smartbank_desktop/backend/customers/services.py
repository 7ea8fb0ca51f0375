"""The one place that writes customers and the Aadhaar vault.

Registration as a whole (the customer, the documents and the first KYC case in
one transaction) is ``kyc.submission.register``; documents are written by
``kyc.documents``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import Code, Refusal, refuse

from .models import AadhaarRecord, Customer


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


def create_customer(data: dict, *, request=None) -> Customer:
    """The user, the vault record and the customer from validated registration data.

    Refuses with ``already_registered`` when the Aadhaar number, mobile or
    email is taken, also when an identical registration wins a race.
    """
    identity = {"aadhaar_number": data["aadhaar_number"], "mobile": data["mobile"], "email": data["email"]}
    conflicts = find_conflicts(**identity)
    if conflicts:
        audit.record("registration.create", request=request, outcome="conflict", fields=conflicts)
        raise already_registered(conflicts)
    try:
        with transaction.atomic():
            vault = AadhaarRecord.seal(data["aadhaar_number"])
            vault.save()
            user = get_user_model()(username=data["mobile"], email=data["email"])
            user.set_password(data["pin"])
            user.save()
            return Customer.objects.create(
                user=user,
                full_name=data["full_name"],
                email=data["email"],
                mobile=data["mobile"],
                date_of_birth=data["date_of_birth"],
                address=data["address"],
                aadhaar=vault,
            )
    except IntegrityError as exc:  # lost a race with an identical registration
        raise already_registered(find_conflicts(**identity) or ["mobile"]) from exc


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


__all__ = ["already_registered", "create_customer", "find_conflicts", "set_kyc_status"]
