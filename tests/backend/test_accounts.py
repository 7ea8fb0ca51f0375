"""Opening accounts: KYC gate, account numbers, opening credit, fixed deposits, staff freeze."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.banking import account_numbers, services
from smartbank_desktop.backend.banking.models import Account, AccountType, LedgerEntry
from smartbank_desktop.core.refusals import Code, MoneyRefused

from .factories import make_account, make_customer

pytestmark = pytest.mark.django_db


def total_money() -> int:
    return Account.objects.aggregate(total=Sum("balance_paise"))["total"] or 0


@pytest.mark.parametrize("status", ["PENDING", "MANUAL_REVIEW", "REJECTED"])
def test_account_before_kyc_verified_is_403_with_a_plain_reason(client_for, status):
    customer = make_customer(kyc_status=status)
    response = client_for(customer).post("/api/v1/accounts/", {"type": "savings"}, format="json")
    assert response.status_code == 403
    assert "verified" in response.json()["detail"]
    assert not Account.objects.filter(customer=customer).exists()


def test_savings_account_opens_with_1000_rupees_from_bank_capital(client_for, customer):
    client = client_for(customer)
    response = client.post("/api/v1/accounts/", {"type": "savings"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert account_numbers.is_valid(body["number"]) and len(body["number"]) == 15
    assert body["balance_paise"] == 100_000 and body["balance"] == "₹1,000.00"
    capital = services.capital_account()
    assert capital.balance_paise == -100_000
    assert total_money() == 0  # money is only moved, never made
    account = Account.objects.get(number=body["number"])
    assert list(account.entries.values_list("amount_paise", flat=True)) == [100_000]
    listing = client.get("/api/v1/accounts/").json()
    assert [a["number"] for a in listing] == [body["number"]]
    assert AuditEvent.objects.filter(action="account.open", target_id=str(account.pk)).exists()


def test_account_numbers_are_unique_and_check_digit_catches_typos():
    numbers = {account_numbers.new_account_number() for _ in range(2000)}
    assert len(numbers) == 2000 and all(account_numbers.is_valid(n) for n in numbers)
    number = numbers.pop()
    typo = number[:5] + str((int(number[5]) + 1) % 10) + number[6:]
    assert not account_numbers.is_valid(typo)


def test_fixed_deposit_is_funded_from_savings(client_for, customer):
    savings = make_account(customer, balance_paise=50_000_00)
    client = client_for(customer)
    response = client.post("/api/v1/accounts/", {"type": "fd", "amount_paise": 20_000_00, "term_months": 12},
                           format="json")
    assert response.status_code == 201, response.content
    savings.refresh_from_db()
    assert savings.balance_paise == 30_000_00
    assert response.json()["balance_paise"] == 20_000_00 and response.json()["fd_matures_on"]
    too_much = client.post("/api/v1/accounts/", {"type": "fd", "amount_paise": 40_000_00, "term_months": 12},
                           format="json")
    assert too_much.status_code == 422 and "not enough money" in too_much.json()["detail"]
    assert Account.objects.filter(customer=customer, type=AccountType.FD).count() == 1


def test_fixed_deposit_needs_amount_and_term(client_for, customer):
    response = client_for(customer).post("/api/v1/accounts/", {"type": "fd"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"amount_paise", "term_months"}


def test_staff_freeze_and_close_are_audited(customer, django_user_model):
    account = make_account(customer)
    staff = django_user_model.objects.create_superuser("officer", "o@bank.in", "x")
    services.set_account_status(account, "frozen", actor=staff)
    assert Account.objects.get(pk=account.pk).status == "frozen"
    with pytest.raises(MoneyRefused, match="zero balance") as refused:
        services.set_account_status(account, "closed", actor=staff)
    assert refused.value.code == Code.ACCOUNT_NOT_EMPTY
    assert AuditEvent.objects.filter(action="account.frozen", actor=staff).exists()


def test_ledger_matches_balances_after_openings():
    for _ in range(3):
        make_account(make_customer())
    for account in Account.objects.all():
        ledger = LedgerEntry.objects.filter(account=account).aggregate(total=Sum("amount_paise"))["total"] or 0
        assert ledger == account.balance_paise
