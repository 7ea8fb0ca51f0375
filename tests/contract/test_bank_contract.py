"""One contract, three banks: the in-memory test bank, the backend's service bank and the app's API bank.

Every adapter of ``core.bank.Bank`` must behave alike: the same main account,
the same history (all accounts, newest first), money moved once per
idempotency key, and the same refusal codes.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

import pyotp
import pytest

from smartbank_desktop.core.bank import Bank, balance_paise, main_account
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import AlreadyDone, Code, MoneyRefused, NotFound, SignInRefused, StepUpRequired
from tests.support.memory_bank import InMemoryBank

STEP_UP_ABOVE = 10_000_00  # the backend's default step-up threshold
pytestmark = pytest.mark.django_db  # the service bank's world; the others do not touch this database


@dataclass
class World:
    bank: Bank
    remove_payee: Callable[[str], None]
    secret: str | None = None  # the customer's passcode secret (None: the in-memory bank's fixed passcode)
    last_step: int = 0
    fixed_passcode: str = ""
    cleanup: list = field(default_factory=list)

    def passcode(self) -> str:
        """A passcode the bank accepts now: each one from a later time step than the last (single use)."""
        if self.secret is None:
            return self.fixed_passcode
        while True:
            current = int(time.time() // 30)
            step = max(self.last_step + 1, current - 1)
            if step <= current + 1:
                self.last_step = step
                return pyotp.TOTP(self.secret).at(step * 30)
            time.sleep(1)

    def payee(self):
        return self.bank.payees()[0]


def memory_world() -> World:
    bank = InMemoryBank(balance_paise=50_000_00, step_up_above_paise=STEP_UP_ABOVE, otp="246810")
    return World(bank, bank.remove_payee, fixed_passcode="246810")


def services_world() -> World:
    from django.utils import timezone

    from smartbank_desktop.backend.authn import services as authn
    from smartbank_desktop.backend.banking import services as banking
    from smartbank_desktop.backend.banking.models import Payee
    from smartbank_desktop.backend.chatbot.bank import ServiceBank
    from tests.backend.factories import make_account, make_customer

    me = make_customer(full_name="Kamala Devi")
    make_account(me, balance_paise=50_000_00)
    for name in ("Sita Devi", "Ramesh Kumar"):
        banking.add_payee(me, name=name, account_number=make_account(make_customer(full_name=name)).number)
    Payee.objects.filter(customer=me).update(added_at=timezone.now() - timedelta(days=5))
    secret = authn.start_otp_setup(me.user)["secret"]
    world = World(ServiceBank(me), secret=secret,
                  remove_payee=lambda name: banking.remove_payee(me, me.payees.get(name=name).pk))
    authn.confirm_otp_setup(me.user, world.passcode())
    return world


def api_world(live_backend) -> World:
    from smartbank_desktop.client.api import BankClient
    from smartbank_desktop.client.bank import ApiBank

    me = live_backend.take_customer()
    client = BankClient(live_backend.url)
    client.sign_in(me["mobile"], me["pin"])
    secret = client.start_passcodes()["secret"]

    def remove(name: str) -> None:
        client.remove_payee(next(p["id"] for p in client.payees() if p["name"] == name))

    world = World(ApiBank(client), remove_payee=remove, secret=secret, cleanup=[client.close])
    client.confirm_passcodes(world.passcode())
    return world


@pytest.fixture(params=["memory", "services", "api"])
def world(request):
    if request.param == "memory":
        built = memory_world()
    elif request.param == "services":
        built = services_world()
    else:
        built = api_world(request.getfixturevalue("live_backend"))
    yield built
    for close in built.cleanup:
        close()


def key() -> str:
    return f"contract-{uuid.uuid4()}"


def test_your_account_is_the_active_savings_account(world):
    accounts = world.bank.accounts()
    main = main_account(accounts)
    assert main.type == "savings" and main.status == "active" and main.masked == f"XXXX{main.number[-4:]}"
    assert balance_paise(world.bank) == main.balance_paise > STEP_UP_ABOVE


def test_payees_come_with_ids_and_masked_accounts(world):
    payees = world.bank.payees()
    assert len(payees) >= 2 and len({p.payee_id for p in payees}) == len(payees)
    assert all(p.name and p.account_masked.startswith("XXXX") and len(p.account_masked) == 8 for p in payees)


def test_a_transfer_moves_money_once_per_key_and_shows_in_history(world):
    bank, payee, first_key = world.bank, world.payee(), key()
    before = balance_paise(bank)
    receipt = bank.transfer(payee, 500_00, idempotency_key=first_key)
    assert (receipt.amount_paise, receipt.payee_name, receipt.replayed) == (500_00, payee.name, False)
    assert receipt.to_account_masked == payee.account_masked and receipt.reference
    assert balance_paise(bank) == before - 500_00 == receipt.balance_after_paise
    again = bank.transfer(payee, 500_00, idempotency_key=first_key)
    assert again.replayed and again.reference == receipt.reference and balance_paise(bank) == before - 500_00
    latest = bank.history(1)[0]
    assert (latest.counterparty, latest.amount_paise, latest.reference) == (payee.name, -500_00, receipt.reference)
    assert latest.balance_after_paise == before - 500_00 and len(latest.date) == 10
    with pytest.raises(AlreadyDone) as reused:
        bank.transfer(payee, 600_00, idempotency_key=first_key)
    assert reused.value.code == Code.IDEMPOTENCY_KEY_REUSED


def test_not_enough_money_is_refused_with_the_balance(world):
    balance = balance_paise(world.bank)
    with pytest.raises(MoneyRefused) as refused:
        world.bank.transfer(world.payee(), balance + 1, idempotency_key=key())
    assert refused.value.code == Code.INSUFFICIENT_FUNDS and refused.value.facts["balance_paise"] == balance
    assert balance_paise(world.bank) == balance


def test_a_large_payment_needs_a_passcode_for_exactly_that_payment(world):
    bank, payee, amount = world.bank, world.payee(), STEP_UP_ABOVE + 100_00
    before, payment_key = balance_paise(bank), key()
    with pytest.raises(StepUpRequired) as asked:
        bank.transfer(payee, amount, idempotency_key=payment_key)
    assert asked.value.code == Code.STEP_UP_REQUIRED and asked.value.warning
    with pytest.raises(SignInRefused) as wrong:
        bank.step_up_with_otp("000000" if world.passcode() != "000000" else "111111", payee, amount)
    assert wrong.value.code == Code.WRONG_PASSCODE
    token = bank.step_up_with_otp(world.passcode(), payee, amount)
    with pytest.raises(StepUpRequired):
        bank.transfer(payee, amount - 1, idempotency_key=key(), step_up_token=token)  # not the payment confirmed
    receipt = bank.transfer(payee, amount, idempotency_key=payment_key, step_up_token=token)
    assert receipt.amount_paise == amount and balance_paise(bank) == before - amount


def test_a_payee_removed_meanwhile_is_refused_by_name(world):
    payee = world.payee()
    world.remove_payee(payee.name)
    with pytest.raises(NotFound) as gone:
        world.bank.transfer(payee, 100_00, idempotency_key=key())
    assert gone.value.code == Code.NO_SUCH_PAYEE and gone.value.facts["name"] == payee.name


def test_kyc_status_is_the_one_enumeration(world):
    assert world.bank.kyc_status() is KycStatus.VERIFIED


def test_opening_an_account_credits_it_and_history_covers_every_account(world):
    opened = world.bank.open_account("current")
    assert (opened.type, opened.status, opened.balance_paise) == ("current", "active", 1_000_00)
    latest = world.bank.history(1)[0]
    assert latest.amount_paise == 1_000_00 and latest.account_masked == opened.masked
    assert main_account(world.bank.accounts()).type == "savings"  # a new current account does not take over
