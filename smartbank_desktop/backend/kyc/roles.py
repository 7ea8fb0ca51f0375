"""Staff groups of the manual review (reviewers and supervisors), and who may decide which case.

Reviewers decide MANUAL_REVIEW cases; escalated cases and automatic (or
earlier) rejections need a supervisor; a verified case, an earlier attempt or
one whose checks are still running is not decided at all. Each refusal says
why, in the staff page's words.
"""

from __future__ import annotations

from smartbank_desktop.backend.staff_time import staff_time
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import Code, Refusal, refuse

from .cases import latest_case

REVIEWERS = "KYC reviewers"
SUPERVISORS = "KYC supervisors"

# Permission codenames (app label "kyc").
REVIEW = "review_kyccase"
SUPERVISE = "supervise_kyccase"
VIEW_DOCUMENTS = "view_kyc_documents"

_REVIEWER_PERMISSIONS = ("view_kyccase", "view_kycevent", REVIEW, VIEW_DOCUMENTS)
GROUPS = {REVIEWERS: _REVIEWER_PERMISSIONS, SUPERVISORS: _REVIEWER_PERMISSIONS + (SUPERVISE,)}


def can_review(user) -> bool:
    return user.has_perm(f"kyc.{REVIEW}")


def can_supervise(user) -> bool:
    return user.has_perm(f"kyc.{SUPERVISE}")


def can_view_documents(user) -> bool:
    return user.has_perm(f"kyc.{VIEW_DOCUMENTS}")


def check_may_decide(case, user) -> None:
    """Nothing when ``user`` may decide ``case`` now; else a ``review_refused`` / ``review_forbidden`` refusal."""
    refusal = decision_refusal(case, user)
    if refusal is not None:
        raise refusal


def decision_refusal(case, user) -> Refusal | None:
    """Why ``user`` may not decide ``case`` now (None when they may)."""
    latest = latest_case(case.customer_id)
    if latest is not None and latest.pk != case.pk:
        return refuse(Code.REVIEW_REFUSED, f"This is attempt {case.attempt}, an earlier one; please decide the "
                      f"customer's latest attempt ({latest.attempt}).")
    decided = _decided_by(case)
    if case.status == KycStatus.MANUAL_REVIEW:
        if case.escalated and not can_supervise(user):
            return refuse(Code.REVIEW_FORBIDDEN, "This case was escalated: only a supervisor can decide it.")
        if not (can_review(user) or can_supervise(user)):
            return refuse(Code.REVIEW_FORBIDDEN, "You do not have permission to decide KYC cases.")
        return None
    if case.status == KycStatus.REJECTED:
        if can_supervise(user):
            return None
        return refuse(Code.REVIEW_FORBIDDEN, f"This case was rejected {decided}; only a supervisor can change "
                      "a rejection.")
    if case.status == KycStatus.VERIFIED:
        return refuse(Code.REVIEW_REFUSED, f"This case was verified {decided}; there is nothing left to decide.")
    return refuse(Code.REVIEW_REFUSED, "The automatic checks are still running; please wait for them to finish.")


def _decided_by(case) -> str:
    when = staff_time(case.decided_at, seconds=False)
    who = f"by {case.reviewed_by.get_username()}" if case.reviewed_by_id else "by the automatic checks"
    return f"{who} on {when}" if when else who


def ensure_groups(sender=None, using="default", **kwargs) -> None:
    """Create the two groups with their permissions (after every migrate; idempotent)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    if sender is not None:
        create_permissions(sender, verbosity=0, using=using)
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        permissions = Permission.objects.using(using).filter(content_type__app_label="kyc", codename__in=codenames)
        group.permissions.add(*permissions)
