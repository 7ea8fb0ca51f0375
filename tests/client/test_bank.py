"""The app's bank (the Bank contract over the API client) driven by the assistant's dialogue, against the real server."""

from __future__ import annotations

import pytest

from smartbank_desktop.client.api import BankClient
from smartbank_desktop.client.bank import ApiBank
from smartbank_desktop.core.bank import balance_paise
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.voice.dialogue import Dialogue


@pytest.fixture
def signed_in(live_backend):
    me = live_backend.demo_customers[1]  # [3] is the schema fuzzer's, whose payees it changes
    with BankClient(live_backend.url) as client:
        client.sign_in(me["mobile"], me["pin"])
        yield client, me


def test_balance_and_a_confirmed_transfer_by_dialogue(signed_in, live_backend):
    client, me = signed_in
    payee = live_backend.demo_customers[0]
    bank = ApiBank(client)
    dialogue = Dialogue(bank)
    before = balance_paise(bank)
    assert before == client.accounts()[0]["balance_paise"]
    asked = dialogue.handle_text(f"send 250 rupees to {payee['name']}")
    assert asked.expecting == "confirm" and payee["name"] in asked.text, asked.text
    dialogue.handle_text("yes")
    assert balance_paise(bank) == before - 250_00
    assert bank.history(1)[0].amount_paise == -250_00 and bank.history(1)[0].counterparty == payee["name"]
    assert bank.kyc_status() is KycStatus.VERIFIED
