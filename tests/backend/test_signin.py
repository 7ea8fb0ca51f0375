"""PIN sign-in, lockout after five wrong PINs, token rotation and sign-out."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pyotp
import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.utils import timezone
from freezegun import freeze_time

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.authn import services
from smartbank_desktop.core.refusals import Code, Refusal, refuse

from .factories import make_customer

pytestmark = pytest.mark.django_db


def sign_in(api, username, pin, **more):
    return api.post("/api/auth/login/", {"username": username, "pin": pin, **more}, format="json")


@pytest.mark.parametrize("how", ["mobile", "local mobile", "email"])
def test_sign_in_by_mobile_or_email_gives_tokens_that_work(api, customer, how):
    username = {"mobile": customer.mobile, "local mobile": customer.mobile[3:], "email": customer.email.upper()}[how]
    response = sign_in(api, username, customer.pin)
    assert response.status_code == 200, response.content
    tokens = response.json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert api.get("/api/v1/accounts/").status_code == 200
    assert AuditEvent.objects.filter(action="sign_in", outcome="success", actor=customer.user).count() == 1


def test_unauthenticated_requests_are_refused(api):
    assert api.get("/api/v1/accounts/").status_code == 401


@pytest.mark.parametrize("path", ["/api/auth/login/", "/api/auth/verify-otp/"])
def test_a_pin_in_other_digits_than_ascii_is_refused_before_it_is_checked(api, customer, path):
    other_digits = customer.pin.translate({ord(d): 0x0660 + int(d) for d in "0123456789"})  # "4826" -> "٤٨٢٦"
    response = api.post(path, {"username": customer.mobile, "pin": other_digits, "code": "123456"}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["pin"] == ["The PIN must be 4 or 6 digits."]
    assert not AuditEvent.objects.filter(action="sign_in", actor=customer.user).exclude(outcome="success").exists()


def test_wrong_pin_counts_down_then_locks_for_15_minutes(api, customer):
    for left in (4, 3, 2, 1):
        response = sign_in(api, customer.mobile, "9999")
        assert response.status_code == 401
        assert response.json()["attempts_left"] == left
    fifth = sign_in(api, customer.mobile, "9999")
    assert fifth.status_code == 403
    assert "locked for 15 minutes" in fifth.json()["detail"]
    # Even the right PIN is refused while locked.
    locked = sign_in(api, customer.mobile, customer.pin)
    assert locked.status_code == 403 and "locked until" in locked.json()["detail"]
    with freeze_time(timezone.now() + timedelta(minutes=16)):
        assert sign_in(api, customer.mobile, customer.pin).status_code == 200
    failures = AuditEvent.objects.filter(action="sign_in", actor=customer.user).exclude(outcome="success")
    assert failures.count() == 6


def test_unknown_user_gets_the_same_answer_as_a_wrong_pin(api, customer):
    unknown = sign_in(api, "9000000000", "4826")
    wrong = sign_in(api, customer.mobile, "9999")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json()["detail"].split(".")[0] == wrong.json()["detail"].split(".")[0]
    assert AuditEvent.objects.filter(action="sign_in", outcome="failure", actor_label="unknown").exists()


def test_refresh_rotates_and_sign_out_revokes(api, customer):
    tokens = sign_in(api, customer.mobile, customer.pin).json()
    rotated = api.post("/api/auth/refresh/", {"refresh": tokens["refresh"]}, format="json")
    assert rotated.status_code == 200
    new_refresh = rotated.json()["refresh"]
    assert new_refresh != tokens["refresh"]
    # The old refresh token was blacklisted by rotation.
    assert api.post("/api/auth/refresh/", {"refresh": tokens["refresh"]}, format="json").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {rotated.json()['access']}")
    assert api.post("/api/auth/logout/", {"refresh": new_refresh}, format="json").status_code == 204
    assert api.post("/api/auth/refresh/", {"refresh": new_refresh}, format="json").status_code == 401
    assert AuditEvent.objects.filter(action="sign_out").count() == 1


def test_sign_in_is_throttled(api, customer, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "sign_in": "3/min"}
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [sign_in(api, "9000000000", "4826").status_code for _ in range(4)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
    assert codes == [401, 401, 401, 429]


# --- the answers say nothing about who is registered ----------------------------------------------

def with_passcodes(customer):
    from smartbank_desktop.backend.authn import otp
    from smartbank_desktop.backend.authn.models import OtpDevice

    secret = otp.new_secret()
    OtpDevice.objects.create(user=customer.user, secret_sealed=otp.seal(secret), confirmed=True)
    return secret


def test_unknown_and_known_numbers_get_the_same_answers_try_after_try(api, customer):
    with_passcodes(passcode_customer := make_customer())
    with freeze_time("2030-03-05 10:00:00"):
        answers = {name: [(r.status_code, r.json()) for r in (sign_in(api, username, "1357") for _ in range(7))]
                   for name, username in (("unknown", "9000000000"), ("known", customer.mobile),
                                          ("with passcodes", passcode_customer.mobile))}
    assert answers["unknown"] == answers["known"] == answers["with passcodes"]
    assert [status for status, _ in answers["known"]] == [401, 401, 401, 401, 403, 403, 403]


def test_the_passcode_is_asked_for_only_after_the_right_pin(api, customer):
    with_passcodes(customer)
    wrong = sign_in(api, customer.mobile, "1357")
    assert wrong.status_code == 401 and wrong.json()["code"] == "wrong_credentials"
    right = sign_in(api, customer.mobile, customer.pin)
    assert right.status_code == 403 and right.json()["code"] == "otp_required"


@pytest.mark.parametrize("method", ["face", "voice"])
def test_face_and_voice_answer_an_unknown_number_as_a_customer_not_set_up(api, customer, method):
    from tests.support import upload_corpus

    from .factories import image_bytes

    answers = []
    for username in ("9000000000", customer.mobile):
        kind = api.post("/api/auth/challenge/", {"username": username, "kind": method}, format="json").json()
        # a file each way takes (a picture, a recording): the upload checks pass, the bank answers for the customer
        upload = io.BytesIO(image_bytes()) if method == "face" else io.BytesIO(upload_corpus.wav(3.0))
        upload.name = "frame.jpg" if method == "face" else "digits.wav"
        files = {"frames": [upload]} if method == "face" else {"audio": upload}
        response = api.post("/api/auth/login/", {"method": method, "username": username,
                                                 "challenge_id": kind["challenge_id"], **files}, format="multipart")
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1] and answers[0][1]["code"] == "not_enrolled"


class CountingHasher(MD5PasswordHasher):
    """Counts the PIN hashings (checking a PIN hashes it), to see that an unknown number costs one as a known
    one does: the answers come as fast."""

    checks = 0

    def encode(self, password, salt):
        CountingHasher.checks += 1
        return super().encode(password, salt)


def test_an_unknown_number_costs_a_pin_check_as_a_known_one_does(api, customer, settings):
    settings.PASSWORD_HASHERS = ["tests.backend.test_signin.CountingHasher"]
    checks = []
    for username in ("9000000000", customer.mobile):
        CountingHasher.checks = 0
        sign_in(api, username, "1357")
        checks.append(CountingHasher.checks)
    assert checks == [1, 1]


# --- signing out ------------------------------------------------------------------------------------

def test_sign_out_ends_the_sessions_access_tokens_at_once(api, customer):
    first = sign_in(api, customer.mobile, customer.pin).json()
    rotated = api.post("/api/auth/refresh/", {"refresh": first["refresh"]}, format="json").json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {rotated['access']}")
    assert api.post("/api/auth/logout/", {"refresh": rotated["refresh"]}, format="json").status_code == 204
    for access in (first["access"], rotated["access"]):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        assert api.get("/api/v1/accounts/").status_code == 401


def test_sign_out_refuses_another_customers_refresh_token_and_leaves_it_valid(api, customer):
    other = make_customer()
    mine, theirs = (sign_in(api, c.mobile, c.pin).json() for c in (customer, other))
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {mine['access']}")
    refused = api.post("/api/auth/logout/", {"refresh": theirs["refresh"]}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert api.get("/api/v1/accounts/").status_code == 200  # the caller stays signed in too
    assert api.post("/api/auth/refresh/", {"refresh": theirs["refresh"]}, format="json").status_code == 200


# --- the lockout policy -----------------------------------------------------------------------------

@pytest.fixture
def many_tries(monkeypatch):
    """The rate limit (its own test above) out of the way of the lockout rules."""
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES",
                        {**api_settings.DEFAULT_THROTTLE_RATES, "sign_in": "100000/min"})


def guess(clock, attempt) -> None:
    """One try; when the way in is locked, the clock moves on to the end of the lock."""
    try:
        attempt()
    except Refusal as refusal:
        if refusal.code == Code.LOCKED_OUT:
            clock.move_to(datetime.fromisoformat(refusal.facts["locked_until"]) + timedelta(seconds=1))


def checked_wrong_pins(user) -> int:
    return AuditEvent.objects.filter(action="sign_in", actor=user, details__method="pin", outcome="failure").count()


def test_a_year_of_guessing_checks_at_most_84_pins(customer):
    start = timezone.now()
    with freeze_time(start) as clock:
        while timezone.now() < start + timedelta(days=365) and checked_wrong_pins(customer.user) <= 100:
            guess(clock, lambda: services.sign_in_with_pin(customer.mobile, "1357"))
    assert checked_wrong_pins(customer.user) <= 84


def attack(api, clock, username, tries: int) -> None:
    for _ in range(tries):
        guess(clock, lambda: _raise_refusal(sign_in(api, username, "1357")))


def _raise_refusal(response):
    if response.status_code >= 400:
        body = response.json()
        raise refuse(body.pop("code"), body.pop("detail"), **body)


def test_tries_from_elsewhere_do_not_lock_the_customer_out_of_their_own_computer(api, customer, many_tries):
    home = "a-computer-at-home-0123456789abcdef"
    assert sign_in(api, customer.mobile, customer.pin, device_id=home).status_code == 200  # now a known computer
    with freeze_time(timezone.now()) as clock:
        attack(api, clock, customer.mobile, 40)
        assert sign_in(api, customer.mobile, customer.pin).status_code == 403
        assert sign_in(api, customer.mobile, customer.pin, device_id="another-computer-0123456789").status_code == 403
        at_home = sign_in(api, customer.mobile, customer.pin, device_id=home)
        assert at_home.status_code == 200
    assert at_home.json()["failed_tries"] >= 40


def test_after_three_lockouts_the_pin_alone_is_not_enough(api, customer, many_tries):
    with freeze_time(timezone.now()) as clock:
        attack(api, clock, customer.mobile, 15)
        alone = sign_in(api, customer.mobile, customer.pin)
        assert alone.status_code == 403 and alone.json()["code"] == "pin_not_enough"
        secret = with_passcodes(customer)
        assert sign_in(api, customer.mobile, customer.pin).json()["code"] == "otp_required"
        both = api.post("/api/auth/verify-otp/", {"username": customer.mobile, "pin": customer.pin,
                                                  "code": pyotp.TOTP(secret).now()}, format="json")
        assert both.status_code == 200, both.content


def test_the_next_sign_in_says_how_many_tries_failed_since_the_last(api, customer):
    with freeze_time("2030-03-05 10:00:00+00:00") as clock:
        first = sign_in(api, customer.mobile, customer.pin).json()
        assert first["failed_tries"] == 0
        clock.move_to("2030-03-07 09:00:00+00:00")
        for _ in range(3):
            sign_in(api, customer.mobile, "1357")
        told = sign_in(api, customer.mobile, customer.pin).json()
        assert told["failed_tries"] == 3
        assert datetime.fromisoformat(told["failed_tries_since"]) == datetime.fromisoformat("2030-03-05T10:00:00+00:00")
        assert sign_in(api, customer.mobile, customer.pin).json()["failed_tries"] == 0
