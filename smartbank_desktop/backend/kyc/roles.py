"""Staff groups of the manual review: reviewers and supervisors."""

from __future__ import annotations

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
