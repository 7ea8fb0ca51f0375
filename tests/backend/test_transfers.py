"""POST /api/transactions/: idempotency, limits, step-up, double entry; and history."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone
from freezegun import freeze_time

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.banking import services
from smartbank_desktop.backend.banking.history import day_bounds
from smartbank_desktop.backend.banking.models import Account, IdempotencyRecord, LedgerEntry, Payee, Transfer

from .factories import make_account, make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def sender(customer):
    customer.savings = make_account(customer, balance_paise=200_000_00)
    return customer


@pytest.fixture
def receiver():
    receiver = make_customer(full_name="Ramesh Kumar")
    receiver.savings = make_account(receiver)
    return receiver


@pytest.fixture
def client(client_for, sender):
    return client_for(sender)


def add_payee(client, receiver, *, aged=True):
    response = client.post("/api/v1/payees/", {"name": "Ramesh Kumar", "nickname": "Ramu",
                                               "account_number": receiver.savings.number}, format="json")
    assert response.status_code == 201, response.content
    if aged:  # a payee saved more than a day ago
        Payee.objects.filter(pk=response.json()["id"]).update(added_at=timezone.now() - timedelta(days=2))
    return response.json()


def send(client, sender, to_number, amount_paise, key=None, **extra):
    body = {"from_account": sender.savings.number, "to_account": to_number, "amount_paise": amount_paise, **extra}
    return client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()))


def balance(account) -> int:
    return Account.objects.get(pk=account.pk).balance_paise


def test_transfer_to_a_saved_payee_moves_money_with_two_ledger_rows(client, sender, receiver):
    add_payee(client, receiver)
    response = send(client, sender, receiver.savings.number, 2_500_00, note="medicines")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["amount"] == "₹2,500.00"
    assert body["amount_words"] == "two thousand five hundred rupees"
    assert body["to_name"] == "Ramesh Kumar" and body["to_account"] == receiver.savings.masked_number
    assert balance(sender.savings) == 197_500_00 and balance(receiver.savings) == 1_000_00 + 2_500_00
    transfer = Transfer.objects.get(reference=body["reference"])
    assert body["id"] == transfer.pk and transfer.note == "medicines" and transfer.payee is not None
    assert sorted(transfer.entries.values_list("amount_paise", "balance_after_paise")) == [
        (-2_500_00, 197_500_00), (2_500_00, 3_500_00)]
    event = AuditEvent.objects.get(action="transfer.create", outcome="success", target_id=str(transfer.pk))
    assert event.target_type == "banking.transfer" and event.details["amount_paise"] == 2_500_00
    answer = IdempotencyRecord.objects.get(transfer=transfer)
    assert answer.response_status == 201 and answer.response_body == body


def test_same_key_same_body_replays_and_moves_money_once(client, sender, receiver):
    add_payee(client, receiver)
    key = str(uuid.uuid4())
    first = send(client, sender, receiver.savings.number, 1_000_00, key=key)
    again = send(client, sender, receiver.savings.number, 1_000_00, key=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert balance(sender.savings) == 199_000_00
    assert Transfer.objects.filter(kind="transfer").count() == 1


def test_same_key_other_body_is_refused(client, sender, receiver):
    add_payee(client, receiver)
    key = str(uuid.uuid4())
    assert send(client, sender, receiver.savings.number, 1_000_00, key=key).status_code == 201
    other = send(client, sender, receiver.savings.number, 2_000_00, key=key)
    assert other.status_code == 422 and "different transfer" in other.json()["detail"]
    nowhere = {"from_account": "9" * 15, "to_account": "8" * 15, "amount_paise": 1_000_00}  # no such accounts
    other = client.post("/api/transactions/", nowhere, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused", other.content
    assert balance(sender.savings) == 199_000_00


def test_missing_idempotency_key_is_400(client, sender, receiver):
    body = {"from_account": sender.savings.number, "to_account": receiver.savings.number, "amount_paise": 100}
    response = client.post("/api/transactions/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_missing"
    assert "Idempotency-Key" in response.json()["detail"]


@pytest.mark.parametrize("amount", [0, -500, "12.5", "lots"])
def test_amount_must_be_positive_whole_paise(client, sender, receiver, amount):
    add_payee(client, receiver)
    response = send(client, sender, receiver.savings.number, amount)
    assert response.status_code == 400 and "amount_paise" in response.json()["errors"]


def test_not_a_payee_and_unknown_accounts_are_refused(client, sender, receiver):
    assert "add this person" in send(client, sender, receiver.savings.number, 100).json()["detail"]
    stranger = make_account(make_customer())
    other = client.post("/api/transactions/", {"from_account": stranger.number, "to_account": sender.savings.number,
                                              "amount_paise": 100}, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert other.status_code == 404  # somebody else's account is not yours to send from
    assert balance(stranger) == 1_000_00


def test_savings_never_goes_below_zero(client, sender, receiver):
    add_payee(client, receiver)
    response = send(client, sender, receiver.savings.number, 200_000_01)
    assert response.status_code == 422
    assert "not enough money" in response.json()["detail"] and "₹2,00,000.00" in response.json()["detail"]
    assert balance(sender.savings) == 200_000_00
    assert AuditEvent.objects.filter(action="transfer.create", outcome="refused").exists()


def test_database_refuses_a_negative_savings_balance(sender):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=sender.savings.pk).update(balance_paise=-1)


def test_transfers_above_threshold_need_step_up_with_a_scam_warning(client, sender, receiver):
    add_payee(client, receiver)
    response = send(client, sender, receiver.savings.number, 10_000_01)
    assert response.status_code == 403
    body = response.json()
    assert body["step_up_required"]["reason"] == "amount_over_threshold"
    assert "never ask" in body["warning"]
    assert balance(sender.savings) == 200_000_00
    # Exactly at the threshold no step-up is asked.
    assert send(client, sender, receiver.savings.number, 10_000_00).status_code == 201


def test_new_payee_needs_step_up_and_has_a_5000_cap(client, sender, receiver):
    add_payee(client, receiver, aged=False)
    response = send(client, sender, receiver.savings.number, 1_000_00)
    assert response.status_code == 403 and response.json()["step_up_required"]["reason"] == "new_payee"
    over_cap = send(client, sender, receiver.savings.number, 5_000_01)
    assert over_cap.status_code == 422 and "24 hours" in over_cap.json()["detail"]
    Payee.objects.update(added_at=timezone.now() - timedelta(hours=25))
    assert send(client, sender, receiver.savings.number, 1_000_00).status_code == 201


def test_the_new_payee_cap_counts_the_account_not_the_payee_row(client, sender, receiver):
    from .test_otp_and_step_up import code_for_next_step, set_up_otp

    totp = set_up_otp(client)
    payee = add_payee(client, receiver, aged=False)
    step_up = client.post("/api/auth/step-up/", {"method": "otp", "code": code_for_next_step(totp),
                                                 "amount_paise": 3_000_00, "to_account": receiver.savings.number},
                          format="json")
    body = {"from_account": sender.savings.number, "to_account": receiver.savings.number, "amount_paise": 3_000_00}
    first = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
                        HTTP_X_STEP_UP_TOKEN=step_up.json()["step_up_token"])
    assert first.status_code == 201, first.content
    assert client.delete(f"/api/v1/payees/{payee['id']}/").status_code == 204
    add_payee(client, receiver, aged=False)  # the same account, saved again: a new payee row
    again = send(client, sender, receiver.savings.number, 3_000_00)
    assert again.status_code == 422 and again.json()["code"] == "new_payee_limit", again.content
    assert again.json()["remaining_paise"] == 2_000_00
    assert balance(sender.savings) == 197_000_00


def test_a_payee_verified_in_branch_has_no_cooling_off(client, sender, receiver):
    from smartbank_desktop.backend.banking import services

    services.add_payee(sender, name="Verified at the counter", account_number=receiver.savings.number,
                       verified_in_branch=True)
    response = send(client, sender, receiver.savings.number, 6_000_00)  # over the new-payee cap, no step-up
    assert response.status_code == 201, response.content


def test_daily_limit_counts_todays_transfers(client, sender, receiver, settings):
    settings.DAILY_TRANSFER_LIMIT_PAISE = 15_000_00
    add_payee(client, receiver)
    for _ in range(3):
        assert send(client, sender, receiver.savings.number, 5_000_00).status_code == 201
    refused = send(client, sender, receiver.savings.number, 1_00)
    assert refused.status_code == 422 and "daily limit" in refused.json()["detail"]
    assert refused.json()["remaining_today_paise"] == 0


def test_the_daily_limit_is_given_back_at_midnight_in_india_and_not_a_moment_before(client_for, sender, receiver,
                                                                                    settings):
    """The bank's day begins at midnight Asia/Kolkata (18:30 UTC): a paisa more is refused until then, and
    the whole limit is there again from the first instant of the new day."""
    settings.DAILY_TRANSFER_LIMIT_PAISE = 15_000_00
    midnight = day_bounds(timezone.localdate() + timedelta(days=1))[0]
    assert (midnight.hour, midnight.minute) == (0, 0) and midnight.utcoffset() == timedelta(hours=5, minutes=30)
    with freeze_time(midnight - timedelta(minutes=2)) as clock:
        client = client_for(sender)
        add_payee(client, receiver)
        for _ in range(3):
            assert send(client, sender, receiver.savings.number, 5_000_00).status_code == 201
        clock.move_to(midnight - timedelta(microseconds=1))
        refused = send(client, sender, receiver.savings.number, 1_00)
        assert refused.status_code == 422 and refused.json()["remaining_today_paise"] == 0, refused.content
        clock.move_to(midnight)
        assert send(client, sender, receiver.savings.number, 5_000_00).status_code == 201
        assert send(client, sender, receiver.savings.number, 10_000_00 - 1).status_code == 201
        refused = send(client, sender, receiver.savings.number, 2)
        assert refused.status_code == 422 and refused.json()["remaining_today_paise"] == 1, refused.content
    before = Transfer.objects.filter(kind="transfer", created_at__lt=midnight).aggregate(s=Sum("amount_paise"))["s"]
    assert before == 15_000_00  # each transfer is stamped with the instant its day was counted by


def sent_to_others_today(account) -> int:
    """What the account sent to other customers today, summed from the transfers themselves."""
    start, end = day_bounds(timezone.localdate())
    return (Transfer.objects.filter(kind="transfer", from_account=account, created_at__gte=start, created_at__lt=end)
            .exclude(to_account__customer=account.customer).aggregate(s=Sum("amount_paise"))["s"] or 0)


def test_each_accounts_running_total_is_what_it_sent_to_others_today_and_the_migration_fills_it_in(
        client, sender, receiver):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("smartbank_desktop.backend.banking.migrations.0004_daily_sent_running_total")
    current = make_account(sender, "current", balance_paise=10_000_00)
    add_payee(client, receiver)
    yesterday = send(client, sender, receiver.savings.number, 7_00).json()["id"]
    Transfer.objects.filter(pk=yesterday).update(created_at=timezone.now() - timedelta(days=1))
    for amount in (1_00, 2_00):
        assert send(client, sender, receiver.savings.number, amount).status_code == 201
    assert send(client, sender, current.number, 50_00).status_code == 201  # own account: not counted
    body = {"from_account": current.number, "to_account": receiver.savings.number, "amount_paise": 4_00}
    assert client.post("/api/transactions/", body, format="json",
                       HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())).status_code == 201
    accounts = [sender.savings, current, receiver.savings]
    expected = {a.pk: sent_to_others_today(a) for a in accounts}
    # The running total counted the 7_00 today, before the test moved that transfer to yesterday.
    assert expected == {sender.savings.pk: 3_00, current.pk: 4_00, receiver.savings.pk: 0}
    running = dict(Account.objects.filter(pk__in=expected).values_list("pk", "daily_sent_paise"))
    assert running == {sender.savings.pk: 3_00 + 7_00, current.pk: 4_00, receiver.savings.pk: 0}
    Account.objects.update(daily_sent_on=None, daily_sent_paise=0)
    migration.backfill(apps, SimpleNamespace(connection=connection))
    today = timezone.localdate()
    assert {a.pk: (a.daily_sent_on, a.daily_sent_paise) for a in Account.objects.filter(pk__in=expected)} == {
        sender.savings.pk: (today, 3_00), current.pk: (today, 4_00), receiver.savings.pk: (None, 0)}


def test_fixed_deposits_cannot_send(client_for, sender, receiver):
    client = client_for(sender)
    fd = client.post("/api/v1/accounts/", {"type": "fd", "amount_paise": 10_000_00, "term_months": 6},
                     format="json").json()
    add_payee(client, receiver)
    response = client.post("/api/transactions/", {"from_account": fd["number"], "to_account": receiver.savings.number,
                                                  "amount_paise": 100}, format="json", HTTP_IDEMPOTENCY_KEY="fd-1")
    assert response.status_code == 422 and "fixed deposit" in response.json()["detail"]


def test_frozen_account_cannot_send(client, sender, receiver):
    add_payee(client, receiver)
    Account.objects.filter(pk=sender.savings.pk).update(status="frozen")
    response = send(client, sender, receiver.savings.number, 100)
    assert response.status_code == 422 and "frozen" in response.json()["detail"]


def test_between_own_accounts_needs_no_payee(client_for, sender):
    current = make_account(sender, "current")
    response = send(client_for(sender), sender, current.number, 50_00)
    assert response.status_code == 201
    assert balance(current) == 1_000_00 + 50_00


def test_history_is_newest_first_paginated_and_filterable(client, sender, receiver):
    add_payee(client, receiver)
    for amount in (100_00, 200_00, 300_00):
        send(client, sender, receiver.savings.number, amount)
    page = client.get("/api/transactions/history/").json()
    amounts = [row["amount_paise"] for row in page["results"]]
    assert amounts[:3] == [-300_00, -200_00, -100_00]
    latest = page["results"][0]
    assert latest["counterparty_name"] == "Ramesh Kumar"
    assert latest["counterparty_account"] == receiver.savings.masked_number
    assert latest["balance_after_paise"] == 200_000_00 - 600_00 and latest["direction"] == "out"
    assert latest["reference"].startswith("SB")
    # The opening credits show the bank as counterparty.
    assert page["results"][-1]["kind"] in ("opening_credit", "cash_deposit")
    today = timezone.localdate()
    assert client.get("/api/transactions/history/", {"date_to": str(today - timedelta(days=1))}).json()["count"] == 0
    assert client.get("/api/transactions/history/", {"date_from": str(today)}).json()["count"] == page["count"]
    bad = client.get("/api/transactions/history/", {"date_from": str(today), "date_to": str(today - timedelta(1))})
    assert bad.status_code == 400


@pytest.mark.parametrize("query", [{"date_to": "9999-12-31"}, {"date_from": "9999-12-31"},
                                   {"date_from": "0001-01-01"}, {"date_to": "0001-01-01"},
                                   {"date_from": "1899-12-31"}, {"date_to": "3000-01-01"}])
def test_history_refuses_days_outside_the_banks_range_with_a_reason(client, query):
    client.raise_request_exception = False
    response = client.get("/api/transactions/history/", query)
    assert response.status_code == 400, response.content
    [(field, [reason])] = response.json()["errors"].items()
    assert field in query and reason == "Please give a date between 1 January 1900 and 31 December 2999."


def test_history_takes_the_first_and_last_days_of_its_range(client, sender):
    answer = client.get("/api/transactions/history/", {"date_from": "1900-01-01", "date_to": "2999-12-31"})
    assert answer.status_code == 200 and answer.json()["count"] == LedgerEntry.objects.filter(account__customer=sender).count() > 0


def test_history_pages_hold_twenty(client, sender, receiver):
    add_payee(client, receiver)
    for _ in range(25):
        send(client, sender, receiver.savings.number, 1_00)
    first = client.get("/api/transactions/history/").json()
    assert len(first["results"]) == 20 and first["next"]
    second = client.get(first["next"]).json()
    assert first["count"] == 27 and len(second["results"]) == 7


def test_payees_can_be_listed_and_removed(client, sender, receiver):
    payee = add_payee(client, receiver)
    assert [p["name"] for p in client.get("/api/v1/payees/").json()] == ["Ramesh Kumar"]
    duplicate = client.post("/api/v1/payees/", {"name": "R", "account_number": receiver.savings.number}, format="json")
    assert duplicate.status_code in (400, 409)
    assert client.delete(f"/api/v1/payees/{payee['id']}/").status_code == 204
    assert client.get("/api/v1/payees/").json() == []
    assert client.delete(f"/api/v1/payees/{payee['id']}/").status_code == 404


@pytest.mark.parametrize("field, text", [("name", "Ramesh\u2067 Kumar"), ("name", "Ramesh\nKumar"),
                                         ("nickname", "Ramu\u200d"), ("nickname", "\u200fRamu")])
def test_payee_names_with_invisible_or_control_characters_are_refused_with_a_reason(client, receiver, field, text):
    body = {"name": "Ramesh Kumar", "nickname": "Ramu", "account_number": receiver.savings.number, field: text}
    response = client.post("/api/v1/payees/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"][field][0].startswith("A name cannot hold")
    assert not Payee.objects.exists()


def test_a_payee_named_in_devanagari_is_saved(client, receiver):
    body = {"name": "रमेश कुमार", "nickname": "रामू", "account_number": receiver.savings.number}
    assert client.post("/api/v1/payees/", body, format="json").status_code == 201


def test_sum_of_balances_equals_ledger(client, sender, receiver):
    add_payee(client, receiver)
    for amount in (1_00, 2_00, 3_00):
        send(client, sender, receiver.savings.number, amount)
    assert Account.objects.aggregate(s=Sum("balance_paise"))["s"] == 0
    for account in Account.objects.all():
        assert account.balance_paise == (LedgerEntry.objects.filter(account=account)
                                         .aggregate(s=Sum("amount_paise"))["s"] or 0)
    assert IdempotencyRecord.objects.count() == 3


def test_the_daily_limit_counts_every_own_account_but_not_moves_between_them(client_for, sender, receiver, settings):
    settings.DAILY_TRANSFER_LIMIT_PAISE = 10_000_00
    current = make_account(sender, "current", balance_paise=50_000_00)
    client = client_for(sender)
    add_payee(client, receiver)
    assert send(client, sender, current.number, 9_000_00).status_code == 201  # own: not counted
    assert send(client, sender, receiver.savings.number, 6_000_00).status_code == 201
    from_current = {"from_account": current.number, "to_account": receiver.savings.number, "amount_paise": 4_000_01}
    refused = client.post("/api/transactions/", from_current, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
    assert refused.status_code == 422 and refused.json()["remaining_today_paise"] == 4_000_00, refused.content
    from_current["amount_paise"] = 4_000_00
    assert client.post("/api/transactions/", from_current, format="json",
                       HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())).status_code == 201


# ---------------------------------------------------------------- what a request costs the database

def statements(captured) -> list[str]:
    """The statements a request sent, without the savepoints of the test's own transaction."""
    return [q["sql"] for q in captured.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))]


def busy_customer(sender, receiver, client, others: int = 6, past: int = 12):
    """The sender with more payees, another account and transfers today: what an N+1 query would grow with."""
    make_account(sender, "current", balance_paise=5_000_00)
    for n in range(others):
        other = make_customer(full_name=f"Payee Number {'ABCDEFGHIJ'[n]}")
        services.add_payee(sender, name=other.full_name, account_number=make_account(other).number,
                           verified_in_branch=True)
    for _ in range(past):
        assert send(client, sender, receiver.savings.number, 1_00).status_code == 201


# One each: the signed-in user (with the session check and the customer), the customer's lock, both
# accounts' locks (with the payee, the day's running totals and the idempotency key's answer), then the
# writes: both balances (with the day's running total), the transfer, its two ledger rows, the audit
# event, the stored answer. PostgreSQL sends the writes as one statement; SQLite, one each.
WRITES = {"postgresql": 1, "sqlite": 5}


def transfer_statements() -> int:
    from django.db import connection

    return 3 + WRITES[connection.vendor]


GET_STATEMENTS = 2  # the signed-in user, the accounts


@pytest.mark.parametrize("busy", [False, True], ids=["first transfer", "many payees and transfers"])
def test_a_transfer_costs_a_fixed_number_of_statements(client, sender, receiver, busy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_payee(client, receiver)
    if busy:
        busy_customer(sender, receiver, client)
    key = str(uuid.uuid4())
    with CaptureQueriesContext(connection) as transfer:
        response = send(client, sender, receiver.savings.number, 2_00, key=key)
    assert response.status_code == 201, response.content
    assert len(statements(transfer)) <= transfer_statements(), "\n".join(statements(transfer))
    with CaptureQueriesContext(connection) as get:
        assert client.get("/api/v1/accounts/").status_code == 200
    assert len(statements(get)) <= GET_STATEMENTS, "\n".join(statements(get))
    with CaptureQueriesContext(connection) as replay:
        again = send(client, sender, receiver.savings.number, 2_00, key=key)
    assert again["Idempotent-Replayed"] == "true"
    assert len(statements(replay)) <= 3, "\n".join(statements(replay))  # the user, the lock, the stored answer
    assert balance(sender.savings) == 200_000_00 - 2_00 - (12 * 1_00 if busy else 0)


def test_a_stepped_up_transfer_to_a_new_payee_costs_three_statements_more(client, sender, receiver):
    """The new payee's 24-hour total, and the step-up token: found under a lock, then used."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_otp_and_step_up import code_for_next_step, set_up_otp

    totp = set_up_otp(client)
    add_payee(client, receiver, aged=False)
    step_up = client.post("/api/auth/step-up/", {"method": "otp", "code": code_for_next_step(totp),
                                                 "amount_paise": 1_000_00, "to_account": receiver.savings.number},
                          format="json").json()["step_up_token"]
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/api/transactions/", {"from_account": sender.savings.number,
                                                      "to_account": receiver.savings.number, "amount_paise": 1_000_00},
                               format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()), HTTP_X_STEP_UP_TOKEN=step_up)
    assert response.status_code == 201, response.content
    assert len(statements(captured)) <= transfer_statements() + 3, "\n".join(statements(captured))
