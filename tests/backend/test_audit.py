"""The audit log: events for registrations, sign-ins, transfers, accounts and staff; append-only."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.backend.audit.models import AppendOnlyError, AuditEvent

from .factories import make_account

pytestmark = pytest.mark.django_db


def test_events_record_who_what_when_and_from_where(api, customer):
    api.post("/api/auth/login/", {"username": customer.mobile, "pin": customer.pin}, format="json",
             REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="SmartBankDesktop/1.0")
    event = AuditEvent.objects.get(action="sign_in", outcome="success")
    assert event.actor == customer.user and event.actor_label == customer.mobile
    assert event.ip_address == "10.1.2.3" and event.user_agent == "SmartBankDesktop/1.0"
    assert event.at is not None and event.details["method"] == "pin"


def test_account_changes_and_registrations_are_logged(customer):
    account = make_account(customer, balance_paise=5_000_00)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"registration.create", "kyc.status", "account.open", "account.deposit"} <= actions
    assert AuditEvent.objects.filter(target_id=str(account.pk), action="account.open").exists()


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = audit.record("test.event", actor_label="someone")
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_postgresql_refuses_raw_updates_and_deletes():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the model's refusal")
    from django.db import DatabaseError

    event = audit.record("test.event", actor_label="someone")
    for statement in ("UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
                      "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, action="test.event").exists()
