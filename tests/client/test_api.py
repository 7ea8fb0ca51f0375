"""BankClient against the real server: sign-in, accounts, transfers, refusals, retries."""

from __future__ import annotations

import httpx
import pytest

from smartbank_desktop.backend.process import free_port
from smartbank_desktop.client.api import BankClient
from smartbank_desktop.client.token_store import TokenStore
from smartbank_desktop.core.refusals import BankFailed, Code, InvalidInput, SignInRefused, StepUpRequired
from tests.backend.factories import image_bytes, registration_fields


@pytest.fixture
def bank(live_backend):
    with BankClient(live_backend.url) as client:
        yield client


def test_sign_in_and_read_accounts_payees_and_history(bank, live_backend):
    me, other = live_backend.demo_customers[0], live_backend.demo_customers[1]
    bank.sign_in(me["mobile"], me["pin"])
    accounts = bank.accounts()
    assert accounts[0]["number"] == me["account"]
    assert other["name"] in {p["name"] for p in bank.payees()}
    assert "results" in bank.history()


def test_wrong_pin_gives_the_banks_sentence(bank, live_backend):
    with pytest.raises(SignInRefused) as refusal:
        bank.sign_in(live_backend.demo_customers[2]["mobile"], "1357")
    assert refusal.value.code == Code.WRONG_CREDENTIALS and "PIN is not right" in refusal.value.detail


def test_transfer_and_step_up_refusal(bank, live_backend):
    me, other = live_backend.demo_customers[2], live_backend.demo_customers[3]
    bank.sign_in(me["mobile"], me["pin"])
    sent = bank.transfer(me["account"], other["account"], 500_00, "groceries")
    assert sent["amount"] == "₹500.00" and sent["to_name"] == other["name"]
    with pytest.raises(StepUpRequired) as step_up:
        bank.transfer(me["account"], other["account"], 50_000_00)
    assert step_up.value.code == Code.STEP_UP_REQUIRED and step_up.value.reason == "amount_over_threshold"
    assert "never ask" in step_up.value.warning


def test_lost_answer_is_retried_with_the_same_key(live_backend):
    """The first attempt's answer is lost after the bank acted; the retry replays it."""
    me, other = live_backend.demo_customers[1], live_backend.demo_customers[0]
    real = httpx.HTTPTransport()
    calls = []

    class LosesFirstAnswer(httpx.BaseTransport):
        def handle_request(self, request):
            response = real.handle_request(request)
            if request.url.path == "/api/transactions/":
                calls.append(request.headers["Idempotency-Key"])
                if len(calls) == 1:
                    response.read()
                    raise httpx.ReadTimeout("answer lost", request=request)
            return response

    with BankClient(live_backend.url, transport=LosesFirstAnswer()) as bank:
        bank.sign_in(me["mobile"], me["pin"])
        before = bank.accounts()[0]["balance_paise"]
        result = bank.transfer(me["account"], other["account"], 123_00)
        after = bank.accounts()[0]["balance_paise"]
    assert len(calls) == 2 and calls[0] == calls[1]
    assert before - after == 123_00  # moved once, not twice
    assert result["amount_paise"] == 123_00


def test_a_server_failure_during_a_transfer_is_retried_with_the_same_key(live_backend):
    """A 500 answer means the bank rolled the request back: the client tries again with the same key."""
    me, other = live_backend.demo_customers[1], live_backend.demo_customers[0]
    real = httpx.HTTPTransport()
    keys = []

    class FailsFirstTransfer(httpx.BaseTransport):
        def handle_request(self, request):
            if request.url.path == "/api/transactions/":
                keys.append(request.headers["Idempotency-Key"])
                if len(keys) == 1:
                    return httpx.Response(500, text="<h1>Server Error</h1>", request=request)
            return real.handle_request(request)

    with BankClient(live_backend.url, transport=FailsFirstTransfer()) as bank:
        bank.sign_in(me["mobile"], me["pin"])
        before = bank.accounts()[0]["balance_paise"]
        result = bank.transfer(me["account"], other["account"], 77_00)
        assert before - bank.accounts()[0]["balance_paise"] == 77_00
    assert len(keys) == 2 and keys[0] == keys[1] and not result["replayed"]


def test_registration_errors_come_back_per_field(bank):
    fields = registration_fields(n=7001, pin="1111")
    with pytest.raises(InvalidInput) as refusal:
        bank.register(fields, aadhaar_card=image_bytes(), selfie=image_bytes())
    assert refusal.value.code == Code.INVALID_INPUT and "pin" in refusal.value.field_errors


def test_calls_before_sign_in_and_to_a_stopped_bank_are_plain():
    with BankClient(f"http://127.0.0.1:{free_port()}", timeout=2) as bank:
        with pytest.raises(SignInRefused) as not_signed_in:
            bank.accounts()
        assert not_signed_in.value.code == Code.NOT_SIGNED_IN
        with pytest.raises(BankFailed, match="could not be reached. Your money has not moved") as down:
            bank.sign_in("9800000001", "4826")
        assert down.value.code == Code.BANK_UNREACHABLE


def test_tokens_kept_in_the_keyring_resume_a_session(live_backend, secret_service):
    me = live_backend.demo_customers[0]
    store = TokenStore(secret_service, service="SmartBank client test")
    with BankClient(live_backend.url, token_store=store) as bank:
        bank.sign_in(me["mobile"], me["pin"])
    with BankClient(live_backend.url, token_store=store) as later:
        assert later.resume(me["mobile"])
        assert later.accounts()[0]["number"] == me["account"]
        later.sign_out()
    assert store.tokens(me["mobile"]) is None
    with BankClient(live_backend.url, token_store=store) as after_sign_out:
        assert not after_sign_out.resume(me["mobile"])


def test_this_computer_is_not_locked_by_tries_from_elsewhere_and_hears_of_them(live_backend):
    me = live_backend.take_customer()
    here = "this-computer-" + "0123456789abcdef"
    with BankClient(live_backend.url, device_id=here) as client:
        client.sign_in(me["mobile"], me["pin"])  # the bank now knows this computer as the customer's
        assert client.failed_tries == 0
    with BankClient(live_backend.url) as elsewhere:
        for _ in range(5):
            with pytest.raises(SignInRefused):
                elsewhere.sign_in(me["mobile"], "1357")
        with pytest.raises(SignInRefused) as locked:
            elsewhere.sign_in(me["mobile"], me["pin"])
        assert locked.value.code == Code.LOCKED_OUT
    with BankClient(live_backend.url, device_id=here) as client:
        client.sign_in(me["mobile"], me["pin"])
        assert client.failed_tries == 6 and client.failed_tries_since
