"""Sign-in decisions: check the secret, count failures, lock after too many, issue tokens."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.tokens import RefreshToken

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.core.phone import InvalidPhone, normalise_mobile

from .models import SignInGuard, SignInMethod


class SignInFailed(Exception):
    """Refused; ``status`` is the HTTP status and the message is a plain sentence."""

    def __init__(self, message: str, status: int = 401, **extra):
        super().__init__(message)
        self.status = status
        self.extra = extra


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str


WRONG_PIN = "The mobile number, email or PIN is not right. Please try again."


def find_user(identifier: str):
    """The active customer user whose mobile number or email this is, or None."""
    identifier = (identifier or "").strip()
    query = Q(customer__email__iexact=identifier)
    try:
        query |= Q(customer__mobile=normalise_mobile(identifier))
    except InvalidPhone:
        pass
    return get_user_model().objects.filter(query, is_active=True).select_related("customer").first()


def issue_tokens(user) -> Tokens:
    refresh = RefreshToken.for_user(user)
    return Tokens(access=str(refresh.access_token), refresh=str(refresh))


def sign_in_with_pin(identifier: str, pin: str, *, request=None) -> Tokens:
    user = find_user(identifier)
    if user is None:
        audit.record("sign_in", request=request, outcome="failure", method="pin", reason="unknown user",
                     actor_label="unknown")
        raise SignInFailed(WRONG_PIN)
    return _guarded(user, SignInMethod.PIN, lambda: user.check_password(str(pin)), request=request)


def _guarded(user, method: str, check, *, request=None) -> Tokens:
    """Run ``check`` under the per-method lockout rules and record the attempt.

    The attempt is committed (counter and audit event) before any refusal is raised.
    """
    now = timezone.now()
    with transaction.atomic():
        guard, _ = SignInGuard.objects.select_for_update().get_or_create(user=user, method=method)
        if guard.locked_until and guard.locked_until > now:
            outcome = "locked"
        elif check():
            outcome = "success"
            guard.failures, guard.locked_until = 0, None
        else:
            guard.failures += 1
            outcome = "failure"
            if guard.failures >= settings.SIGN_IN_MAX_FAILURES:
                outcome = "failure_locked"
                guard.failures, guard.locked_until = 0, now + settings.SIGN_IN_LOCKOUT
        guard.save(update_fields=["failures", "locked_until"])
        audit.record("sign_in", request=request, actor=user, method=method,
                     outcome="success" if outcome == "success" else outcome.split("_")[0],
                     locked=outcome.endswith("locked"))
    if outcome == "success":
        return issue_tokens(user)
    until = guard.locked_until.isoformat() if guard.locked_until else None
    if outcome == "locked":
        local = timezone.localtime(guard.locked_until)
        raise SignInFailed(f"Too many wrong attempts. For your safety, sign-in is locked until {local:%I:%M %p}. "
                           "Please try again then.", status=403, locked_until=until)
    if outcome == "failure_locked":
        minutes = int(settings.SIGN_IN_LOCKOUT.total_seconds() // 60)
        raise SignInFailed(f"That was the fifth wrong attempt. For your safety, sign-in is locked for {minutes} "
                           "minutes.", status=403, locked_until=until)
    left = settings.SIGN_IN_MAX_FAILURES - guard.failures
    raise SignInFailed(f"{WRONG_PIN} {left} {'try' if left == 1 else 'tries'} left.", attempts_left=left)


def sign_out(refresh_token: str, *, request=None) -> None:
    """Revoke a refresh token (and so every access token refreshed from it from now on)."""
    token = RefreshToken(refresh_token)
    token.blacklist()
    audit.record("sign_out", request=request, actor_label=str(token.get("user_id", "")))
