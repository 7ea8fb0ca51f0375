"""One-time passcodes (set-up by QR, PIN + passcode sign-in, no reuse) and step-up for transfers."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.authn import otp
from smartbank_desktop.backend.authn.models import StepUpToken
from smartbank_desktop.backend.banking.models import Account, Payee

from .factories import make_account, make_customer

pytestmark = pytest.mark.django_db


def set_up_otp(client) -> pyotp.TOTP:
    setup = client.post("/api/auth/otp/setup/")
    assert setup.status_code == 200, setup.content
    body = setup.json()
    assert body["provisioning_uri"].startswith("otpauth://totp/SmartBank")
    assert len(body["qr_png_base64"]) > 500
    totp = pyotp.TOTP(body["secret"])
    assert client.post("/api/auth/otp/confirm/", {"code": totp.now()}, format="json").status_code == 204
    return totp


def code_for_next_step(totp: pyotp.TOTP) -> str:
    """A code not used yet: the next time step (accepted within the window of one step)."""
    return totp.at(time.time() + otp.STEP_SECONDS)


def test_after_otp_setup_pin_alone_no_longer_signs_in(api, client_for, customer):
    totp = set_up_otp(client_for(customer))
    alone = api.post("/api/auth/login/", {"username": customer.mobile, "pin": customer.pin}, format="json")
    assert alone.status_code == 403 and alone.json()["otp_required"] is True
    both = api.post("/api/auth/verify-otp/", {"username": customer.mobile, "pin": customer.pin,
                                              "code": code_for_next_step(totp)}, format="json")
    assert both.status_code == 200 and "access" in both.json()


def test_a_used_code_is_never_accepted_twice(api, client_for, customer):
    totp = set_up_otp(client_for(customer))
    code = code_for_next_step(totp)
    body = {"username": customer.mobile, "pin": customer.pin, "code": code}
    assert api.post("/api/auth/verify-otp/", body, format="json").status_code == 200
    again = api.post("/api/auth/verify-otp/", body, format="json")
    assert again.status_code == 401


def test_wrong_or_old_codes_fail_and_lock_after_five(api, client_for, customer):
    totp = set_up_otp(client_for(customer))
    stale = totp.at(time.time() - 5 * otp.STEP_SECONDS)
    codes = [stale, "000000", "123456", "999999", "111111"]
    answers = [api.post("/api/auth/verify-otp/", {"username": customer.mobile, "pin": customer.pin, "code": c},
                        format="json") for c in codes]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 403]
    locked = api.post("/api/auth/verify-otp/", {"username": customer.mobile, "pin": customer.pin,
                                                "code": code_for_next_step(totp)}, format="json")
    assert locked.status_code == 403 and "locked" in locked.json()["detail"]
    failures = AuditEvent.objects.filter(action="sign_in", details__method="otp", outcome="failure")
    assert failures.count() == 5 and failures.filter(details__locked=True).count() == 1
    assert AuditEvent.objects.filter(action="sign_in", details__method="otp", outcome="locked").count() == 1


def test_otp_step_up_token_unlocks_exactly_that_transfer_once(client_for):
    sender, receiver = make_customer(), make_customer(full_name="Sita Devi")
    source, target = make_account(sender, balance_paise=100_000_00), make_account(receiver)
    Payee.objects.create(customer=sender, name="Sita Devi", account=target)
    Payee.objects.update(added_at=timezone.now() - timedelta(days=3))
    client = client_for(sender)
    totp = set_up_otp(client)
    body = {"from_account": source.number, "to_account": target.number, "amount_paise": 25_000_00}
    assert client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY="a").status_code == 403

    step_up = client.post("/api/auth/step-up/", {"method": "otp", "code": code_for_next_step(totp),
                                                 "amount_paise": 25_000_00, "to_account": target.number},
                          format="json")
    assert step_up.status_code == 200, step_up.content
    token = step_up.json()["step_up_token"]
    other_amount = {**body, "amount_paise": 25_000_01}
    wrong = client.post("/api/transactions/", other_amount, format="json", HTTP_IDEMPOTENCY_KEY="b",
                        HTTP_X_STEP_UP_TOKEN=token)
    assert wrong.status_code == 403 and "does not match" in wrong.json()["detail"]
    sent = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY="c", HTTP_X_STEP_UP_TOKEN=token)
    assert sent.status_code == 201, sent.content
    reused = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY="d",
                         HTTP_X_STEP_UP_TOKEN=token)
    assert reused.status_code == 403  # single use
    assert Account.objects.get(pk=source.pk).balance_paise == 75_000_00


def test_expired_step_up_token_is_refused(client_for):
    sender, receiver = make_customer(), make_customer()
    source, target = make_account(sender, balance_paise=100_000_00), make_account(receiver)
    Payee.objects.create(customer=sender, name="R", account=target)
    client = client_for(sender)
    totp = set_up_otp(client)
    token = client.post("/api/auth/step-up/", {"method": "otp", "code": code_for_next_step(totp),
                                               "amount_paise": 1_000_00, "to_account": target.number},
                        format="json").json()["step_up_token"]
    StepUpToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    body = {"from_account": source.number, "to_account": target.number, "amount_paise": 1_000_00}
    response = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
                           HTTP_X_STEP_UP_TOKEN=token)
    assert response.status_code == 403  # the new payee still needs a fresh step-up


def test_otp_secret_is_encrypted_at_rest(client_for, customer):
    client = client_for(customer)
    secret = client.post("/api/auth/otp/setup/").json()["secret"]
    from smartbank_desktop.backend.authn.models import OtpDevice

    sealed = bytes(OtpDevice.objects.get(user=customer.user).secret_sealed)
    assert secret.encode() not in sealed and otp.unseal(sealed) == secret
