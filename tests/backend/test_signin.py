"""PIN sign-in, lockout after five wrong PINs, token rotation and sign-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from smartbank_desktop.backend.audit.models import AuditEvent

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
