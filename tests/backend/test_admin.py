"""Staff pages: customers with masked Aadhaar, read-only audit log, audited freeze action."""

from __future__ import annotations

import pytest

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.banking.models import Account
from smartbank_desktop.backend.customers.models import AadhaarRecord

from .factories import make_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    officer = django_user_model.objects.create_superuser("officer", "officer@bank.in", "s3cret-pass")
    client.force_login(officer)
    client.officer = officer
    return client


def test_customer_pages_show_only_the_masked_aadhaar(staff_client, customer):
    number = AadhaarRecord.objects.get(customer=customer).reveal()
    for url in ("/admin/customers/customer/", f"/admin/customers/customer/{customer.pk}/change/"):
        page = staff_client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert f"XXXX XXXX {number[-4:]}" in html
        assert number not in html and number[:8] not in html


def test_audit_log_is_read_only_for_staff(staff_client, customer):
    event = AuditEvent.objects.first()
    assert staff_client.get("/admin/audit/auditevent/").status_code == 200
    page = staff_client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content  # view only, no save button
    assert staff_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_staff_freeze_action_freezes_and_is_audited(staff_client, customer):
    account = make_account(customer)
    response = staff_client.post("/admin/banking/account/", {"action": "freeze", "_selected_action": [account.pk]})
    assert response.status_code == 302
    assert Account.objects.get(pk=account.pk).status == "frozen"
    assert AuditEvent.objects.filter(action="account.frozen", actor=staff_client.officer).exists()


def test_staff_clear_a_customers_sign_in_locks_at_the_branch(staff_client, customer, api):
    from smartbank_desktop.backend.authn.models import SignInGuard

    for _ in range(5):
        api.post("/api/auth/login/", {"username": customer.mobile, "pin": "1357"}, format="json")
    api.post("/api/auth/login/", {"username": "9000000000", "pin": "1357"}, format="json")
    assert staff_client.get("/admin/authn/signinguard/").status_code == 200
    guard = SignInGuard.objects.get(user=customer.user)
    response = staff_client.post("/admin/authn/signinguard/", {"action": "clear", "_selected_action": [guard.pk]})
    assert response.status_code == 302
    assert not SignInGuard.objects.filter(user=customer.user).exists()
    assert api.post("/api/auth/login/", {"username": customer.mobile, "pin": customer.pin},
                    format="json").status_code == 200
    assert AuditEvent.objects.filter(action="sign_in.cleared", actor=staff_client.officer).exists()


def test_staff_cannot_save_a_customer_name_with_invisible_characters(staff_client, customer):
    form = {"full_name": "Kamala\u202e Devi", "email": customer.email, "mobile": customer.mobile,
            "date_of_birth": customer.date_of_birth.isoformat(), "address": customer.address,
            "documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0"}
    page = staff_client.post(f"/admin/customers/customer/{customer.pk}/change/", form)
    assert page.status_code == 200 and "A name cannot hold invisible characters" in page.content.decode()
    customer.refresh_from_db()
    assert "\u202e" not in customer.full_name
