"""Eight threads, 2,000 random transfers among 10 accounts on PostgreSQL, with
retried duplicates and overdraft attempts: money is neither made nor lost."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter

import pytest
from django.db import connection, connections
from django.db.models import Sum
from rest_framework.test import APIClient

from smartbank_desktop.backend.banking.models import Account, IdempotencyRecord, LedgerEntry, Payee, Transfer

from .conftest import signed_in_client
from .factories import make_account, make_customer

THREADS = 8
TRANSFERS = 2000


@pytest.fixture
def bank(transactional_db, settings):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; run with DATABASE_URL=postgres://...")
    settings.DAILY_TRANSFER_LIMIT_PAISE = 10**12
    customers = [make_customer() for _ in range(5)]
    accounts = {c.pk: [make_account(c, balance_paise=random.randint(1_000_00, 20_000_00)),
                       make_account(c, "current", balance_paise=5_000_00)] for c in customers}
    for customer in customers:
        for other in customers:
            if other.pk != customer.pk:
                for account in accounts[other.pk]:
                    Payee.objects.create(customer=customer, name=other.full_name, account=account)
    Payee.objects.update(added_at="2020-01-01T00:00:00Z")
    return customers, accounts


def test_random_concurrent_transfers_keep_the_books_right(bank):
    customers, accounts = bank
    all_accounts = [a for pair in accounts.values() for a in pair]
    total_before = Account.objects.aggregate(s=Sum("balance_paise"))["s"]
    clients = {c.pk: signed_in_client(c) for c in customers}
    tokens = {pk: client._credentials["HTTP_AUTHORIZATION"] for pk, client in clients.items()}
    outcomes: list[tuple[str, int, str | None]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        client = APIClient()
        sent: list[tuple[str, dict, str]] = []
        try:
            for _ in range(TRANSFERS // THREADS):
                if sent and rng.random() < 0.1:  # a retry after a lost answer
                    key, body, token = rng.choice(sent)
                else:
                    customer = rng.choice(customers)
                    source = rng.choice(accounts[customer.pk])
                    target = rng.choice([a for a in all_accounts if a.pk != source.pk])
                    overdraft = rng.random() < 0.1
                    amount = rng.randint(30_000_00, 90_000_00) if overdraft else rng.randint(1, 3_000_00)
                    amount = min(amount, 10_000_00) if not overdraft else amount
                    key, token = str(uuid.uuid4()), tokens[customer.pk]
                    body = {"from_account": source.number, "to_account": target.number, "amount_paise": amount}
                    sent.append((key, body, token))
                client.credentials(HTTP_AUTHORIZATION=token)
                response = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
                reference = response.json().get("reference") if response.status_code == 201 else None
                with lock:
                    outcomes.append((key, response.status_code, reference))
        except BaseException as exc:  # surfaced by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors

    statuses = Counter(status for _, status, _ in outcomes)
    assert len(outcomes) == TRANSFERS
    assert set(statuses) <= {201, 403, 422}, statuses  # never a 5xx, never a lost update
    assert statuses[201] > 500 and statuses[422] > 50  # both paths really ran

    assert Account.objects.aggregate(s=Sum("balance_paise"))["s"] == total_before
    assert not Account.objects.exclude(type="capital").filter(balance_paise__lt=0).exists()
    for account in Account.objects.all():
        ledger = LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount_paise"))["s"] or 0
        assert ledger == account.balance_paise, account

    references_by_key: dict[str, set] = {}
    for key, status, reference in outcomes:
        if status == 201:
            references_by_key.setdefault(key, set()).add(reference)
    assert all(len(refs) == 1 for refs in references_by_key.values())  # every retry replayed the first answer
    assert Transfer.objects.filter(kind="transfer").count() == len(references_by_key)
    assert IdempotencyRecord.objects.count() == len(references_by_key)
    retried = [k for k, n in Counter(k for k, _, _ in outcomes).items() if n > 1]
    assert retried, "the run must include retried keys"


def test_concurrent_transfers_from_two_accounts_never_pass_the_daily_limit(transactional_db, settings):
    """The day's total is read under the customer's lock: racing transfers, from either of the customer's
    accounts, stop at the limit to the paisa."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; run with DATABASE_URL=postgres://...")
    settings.DAILY_TRANSFER_LIMIT_PAISE = 30 * 1_000_00
    sender, receiver = make_customer(), make_customer()
    sources = [make_account(sender, balance_paise=100_000_00), make_account(sender, "current", balance_paise=100_000_00)]
    target = make_account(receiver)
    Payee.objects.create(customer=sender, name=receiver.full_name, account=target, verified_in_branch=True)
    token = signed_in_client(sender)._credentials["HTTP_AUTHORIZATION"]
    statuses: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=token)
        try:
            for i in range(8):
                body = {"from_account": sources[(n + i) % 2].number, "to_account": target.number,
                        "amount_paise": 1_000_00}
                response = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))
                with lock:
                    statuses.append((response.status_code, response.json().get("code", "")))
        except BaseException as exc:  # surfaced by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert Counter(statuses) == {(201, ""): 30, (422, "daily_limit"): 18}
    sent = Transfer.objects.filter(kind="transfer", to_account=target).aggregate(s=Sum("amount_paise"))["s"]
    assert sent == settings.DAILY_TRANSFER_LIMIT_PAISE
