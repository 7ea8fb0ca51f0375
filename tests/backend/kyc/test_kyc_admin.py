"""Manual review in the admin: the queue, who may decide what, notes, and the audit trail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.customers.models import KycStatus
from smartbank_desktop.backend.kyc import decisions, leases, rules
from smartbank_desktop.backend.kyc.engine import Assessment
from smartbank_desktop.backend.kyc.models import KycCase

from ..factories import make_customer

pytestmark = pytest.mark.django_db


def decided_case(outcome: str, *, escalate: bool = False, **names) -> KycCase:
    """A case the pipeline decided: MANUAL_REVIEW (a rule wants review) or REJECTED (a rule failed)."""
    customer = make_customer(KycStatus.PENDING, **names)
    case = leases.claim(customer.pk, "task")
    result = rules.RuleResult("face_match", rules.Outcome(outcome), "Your photo does not match the photo on your card.",
                              {"distance": 0.8}, escalate=escalate)
    return decisions.finish(case, "task", Assessment(rules.decide([result])))


@pytest.fixture
def staff(django_user_model):
    def make(name, group=None):
        user = django_user_model.objects.create_user(name, password=f"pw-{name}-1", is_staff=True)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user
    return make


def decide(client, case, action, note="Checked the documents by eye."):
    return client.post(f"/admin/kyc/kyccase/{case.pk}/decide/", {"action": action, "note": note})


def status_of(case):
    case.refresh_from_db()
    case.customer.refresh_from_db()
    assert case.status == case.customer.kyc_status
    return case.status


def test_queue_lists_pending_and_manual_review_oldest_first(client, staff):
    older = decided_case("REVIEW", full_name="Anita Older")
    pending = make_customer(KycStatus.PENDING, full_name="Bela Pending")
    decided_case("FAIL", full_name="Chitra Rejected")
    client.force_login(staff("reviewer", "KYC reviewers"))
    html = client.get("/admin/kyc/kyccase/").content.decode()
    assert "Anita Older" in html and "Bela Pending" in html and "Chitra Rejected" not in html
    assert html.index("Anita Older") < html.index("Bela Pending")
    assert older.status == "MANUAL_REVIEW" and pending.kyc_status == "PENDING"


def test_reviewer_finishes_a_manual_review_case_only_with_a_note(client, staff):
    case = decided_case("REVIEW")
    reviewer = staff("reviewer", "KYC reviewers")
    client.force_login(reviewer)
    page = client.get(f"/admin/kyc/kyccase/{case.pk}/change/").content.decode()
    assert 'value="approve"' in page and "Your photo does not match" in page
    decide(client, case, "approve", note="   ")
    assert status_of(case) == "MANUAL_REVIEW"
    assert AuditEvent.objects.filter(action="kyc.review", outcome="refused").exists()
    decide(client, case, "resubmit")
    assert status_of(case) == "REJECTED" and case.resubmission_requested and case.reviewed_by == reviewer
    body = client.get(f"/api/v1/registrations/{case.customer_id}/").json()
    assert body["can_upload_documents"] is True and body["message"] == "Please upload your documents again."
    assert AuditEvent.objects.filter(action="kyc.review", outcome="success", actor=reviewer).count() == 1


def test_reviewer_cannot_override_an_automatic_rejection_but_a_supervisor_can(client, staff):
    case = decided_case("FAIL")
    assert case.status == "REJECTED" and case.decided_automatically
    client.force_login(staff("reviewer", "KYC reviewers"))
    assert 'value="approve"' not in client.get(f"/admin/kyc/kyccase/{case.pk}/change/").content.decode()
    decide(client, case, "approve")
    assert status_of(case) == "REJECTED"
    assert AuditEvent.objects.filter(action="kyc.review", outcome="denied").exists()

    supervisor = staff("supervisor", "KYC supervisors")
    client.force_login(supervisor)
    decide(client, case, "approve", note="Old photo on the card; same person, confirmed at the branch.")
    assert status_of(case) == "VERIFIED" and case.reviewed_by == supervisor
    review = AuditEvent.objects.get(action="kyc.review", outcome="success")
    assert review.actor == supervisor and review.details["previous"] == "REJECTED"


def test_escalated_cases_need_a_supervisor(client, staff):
    case = decided_case("REVIEW", escalate=True)
    assert case.escalated
    client.force_login(staff("reviewer", "KYC reviewers"))
    decide(client, case, "approve")
    assert status_of(case) == "MANUAL_REVIEW"
    client.force_login(staff("supervisor", "KYC supervisors"))
    decide(client, case, "reject", note="Card photo is of someone else.")
    assert status_of(case) == "REJECTED"


def test_documents_need_their_own_permission(client, staff, django_user_model):
    from django.contrib.auth.models import Permission

    case = decided_case("REVIEW")
    card = case.customer.documents.get(kind="AADHAAR_CARD")
    viewer = staff("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_kyccase"))
    client.force_login(viewer)
    page = client.get(f"/admin/kyc/kyccase/{case.pk}/change/")
    assert page.status_code == 200 and "You do not have permission to see identity documents." in page.content.decode()
    assert client.get(f"/admin/kyc/kyccase/{case.pk}/document/{card.pk}/").status_code == 403
    # Even with the permission, a file the virus scan never passed is not shown.
    client.force_login(staff("reviewer", "KYC reviewers"))
    assert client.get(f"/admin/kyc/kyccase/{case.pk}/document/{card.pk}/").status_code == 409
