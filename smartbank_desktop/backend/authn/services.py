"""Sign-in decisions: check the secret, count failures, lock after too many, issue tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from smartbank_desktop.backend import crypto
from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.core.phone import InvalidPhone, normalise_mobile
from smartbank_desktop.core.refusals import Code, refuse

from . import biometric, otp
from .authentication import SESSION_CLAIM
from .checks import CheckResult
from .models import KnownDevice, OtpDevice, SignInGuard, SignInMethod, SignInSession, StepUpToken


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str
    failed_tries: int = 0  # tries refused since the customer's previous sign-in, to tell them
    failed_tries_since: datetime | None = None  # that previous sign-in (None: the first one)


WRONG_PIN = "The mobile number, email or PIN is not right. Please try again."
WRONG_SECRET = {
    SignInMethod.PIN: (Code.WRONG_CREDENTIALS, WRONG_PIN),
    SignInMethod.OTP: (Code.WRONG_PASSCODE,
                       "That passcode is not right. Please say or type the six digits shown on your phone now."),
    SignInMethod.FACE: (Code.NOT_RECOGNISED, "We could not recognise your face."),
    SignInMethod.VOICE: (Code.NOT_RECOGNISED, "We could not recognise your voice and the digits."),
}
OTP_NEEDED = "Please also give the six-digit passcode from the authenticator app on your phone."
PIN_NOT_ENOUGH = ("After many wrong tries, your PIN alone no longer signs you in on this computer. Please sign in "
                  "with your face or your voice, on your own computer, or visit your branch.")
# Locks are remembered this long; the k-th lock within it lasts SIGN_IN_LOCKOUT * 2**(k-1), at most this long.
LOCK_MEMORY = timedelta(days=365)


def find_user(identifier: str):
    """The active customer user whose mobile number or email this is, or None."""
    identifier = (identifier or "").strip()
    query = Q(customer__email__iexact=identifier)
    try:
        query |= Q(customer__mobile=normalise_mobile(identifier))
    except InvalidPhone:
        pass
    return get_user_model().objects.filter(query, is_active=True).select_related("customer").first()


@dataclass(frozen=True)
class Trying:
    """Who a sign-in try is for, and from where: the lockout rules' view of it."""

    user: object | None  # None: the name is no customer's (counted and answered alike)
    subject: str
    client: str  # one of the customer's known devices, or "" for every other client
    device_hash: str  # of the device name the client sent ("" when none)


def trying(identifier: str, device_id: str | None = None) -> Trying:
    user = find_user(identifier)
    device_hash = crypto.lookup_hash(device_id, "sign-in device") if device_id else ""
    if user is None:
        return Trying(None, crypto.lookup_hash(_plain_name(identifier), "sign-in name"), "", device_hash)
    known = bool(device_hash) and KnownDevice.objects.filter(user=user, device_hash=device_hash).exists()
    return Trying(user, f"user:{user.pk}", device_hash if known else "", device_hash)


def signed_in_customer(user) -> Trying:
    """A signed-in customer's own checks (passcode set-up, step-up), counted with every other client's."""
    return Trying(user, f"user:{user.pk}", "", "")


def _plain_name(identifier: str) -> str:
    try:
        return normalise_mobile(identifier)
    except InvalidPhone:
        return (identifier or "").strip().lower()


def _right_pin(user, pin: str) -> bool:
    if user is None:
        get_user_model()().set_password(str(pin))  # hash it anyway: a missing customer answers as slowly
        return False
    return user.check_password(str(pin))


def issue_tokens(user) -> Tokens:
    """Tokens of a new sign-in session (refreshing them keeps the session; signing out ends it)."""
    refresh = RefreshToken.for_user(user)
    refresh[SESSION_CLAIM] = str(SignInSession.objects.create(user=user).pk)
    return Tokens(access=str(refresh.access_token), refresh=str(refresh))


def _signed_in(who: Trying) -> Tokens:
    """Tokens, the tries refused since the previous sign-in, and this client remembered as a known device."""
    user, now = who.user, timezone.now()
    since = user.last_login
    refused = AuditEvent.objects.filter(action="sign_in", actor=user, outcome__in=("failure", "locked"))
    failed = (refused.filter(at__gt=since) if since else refused).count()
    if who.device_hash:
        KnownDevice.objects.update_or_create(user=user, device_hash=who.device_hash, defaults={"last_seen_at": now})
    user.last_login = now
    user.save(update_fields=["last_login"])
    return replace(issue_tokens(user), failed_tries=failed, failed_tries_since=since)


def has_otp(user) -> bool:
    return OtpDevice.objects.filter(user=user, confirmed=True).exists()


def sign_in_with_pin(identifier: str, pin: str, *, device_id: str | None = None, request=None) -> Tokens:
    """PIN alone signs in until the customer has set up passcodes (then PIN + passcode), and on a client
    only until its PIN has been locked three times within a year (then the passcode, face or voice)."""
    who = trying(identifier, device_id)
    guard = _guarded(who, SignInMethod.PIN, lambda: _right_pin(who.user, pin), request=request)
    if has_otp(who.user):
        raise refuse(Code.OTP_REQUIRED, OTP_NEEDED, otp_required=True)
    if len(guard.locks) >= settings.SIGN_IN_LOCKS_BEFORE_PIN_ALONE_ENDS:
        raise refuse(Code.PIN_NOT_ENOUGH, PIN_NOT_ENOUGH, method=SignInMethod.PIN)
    return _signed_in(who)


def sign_in_with_pin_and_otp(identifier: str, pin: str, code: str, *, device_id: str | None = None,
                             request=None) -> Tokens:
    who = trying(identifier, device_id)
    _guarded(who, SignInMethod.PIN, lambda: _right_pin(who.user, pin), request=request)
    _guarded(who, SignInMethod.OTP, lambda: use_otp_code(who.user, code), request=request)
    return _signed_in(who)


def sign_in_with_face(identifier: str, challenge_id, frames: list[bytes], *, device_id: str | None = None,
                      request=None) -> Tokens:
    who = trying(identifier, device_id)
    _guarded(who, SignInMethod.FACE, lambda: biometric.check_face(
        who.user, biometric.take_challenge(who.user, challenge_id, "face"), frames), request=request)
    return _signed_in(who)


def sign_in_with_voice(identifier: str, challenge_id, audio: bytes, *, language: str = "en",
                       device_id: str | None = None, request=None) -> Tokens:
    """``language``: the one the digits are said in ("en" or "hi")."""
    who = trying(identifier, device_id)
    _guarded(who, SignInMethod.VOICE, lambda: biometric.check_voice(
        who.user, biometric.take_challenge(who.user, challenge_id, "voice"), audio, language), request=request)
    return _signed_in(who)


def lock_period(locks_this_year: int) -> timedelta:
    """How long the k-th lock within a year lasts: 15 minutes, 30, an hour, two... at most a year."""
    return min(settings.SIGN_IN_LOCKOUT * 2 ** min(locks_this_year - 1, 20), LOCK_MEMORY)


def _guarded(who: Trying, method: str, check, *, action: str = "sign_in", request=None) -> SignInGuard:
    """Run ``check`` under the lockout rules of this way in, for this name, from this client; record the try;
    refuse on failure, else give the guard.

    Every fifth wrong try (a right one does not clear the count) locks the way in: the k-th lock within a
    year lasts :func:`lock_period` (k). Tries while locked are refused unchecked. ``check`` returns a bool
    or a CheckResult. The try is committed (counter and audit event) before any refusal is raised.
    """
    now = timezone.now()
    result = CheckResult(False)
    with transaction.atomic():
        guard, _ = SignInGuard.objects.select_for_update().get_or_create(
            subject=who.subject, method=method, client=who.client, defaults={"user": who.user})
        guard.locks = [at for at in guard.locks if datetime.fromisoformat(at) > now - LOCK_MEMORY]
        if guard.locked_until and guard.locked_until > now:
            outcome = "locked"
        elif (result := _as_result(check())).ok:
            outcome = "success"
        else:
            guard.failures += 1
            outcome = "failure"
            if guard.failures >= settings.SIGN_IN_MAX_FAILURES:
                outcome = "failure_locked"
                guard.locks.append(now.isoformat())
                guard.failures, guard.locked_until = 0, now + lock_period(len(guard.locks))
        guard.save(update_fields=["failures", "locks", "locked_until"])
        audit.record(action, request=request, actor=who.user, actor_label="" if who.user else "unknown",
                     method=method, outcome="success" if outcome == "success" else outcome.split("_")[0],
                     locked=outcome.endswith("locked"), known_device=bool(who.client), **result.details)
    if outcome == "success":
        return guard
    until = guard.locked_until.isoformat() if guard.locked_until else None
    if outcome == "locked":
        raise refuse(Code.LOCKED_OUT, f"Too many wrong attempts. For your safety, this way of signing in is locked "
                     f"until {_when(guard.locked_until, now)}. Please try again then, or use another way.",
                     locked_until=until, method=method)
    if outcome == "failure_locked":
        raise refuse(Code.LOCKED_OUT, f"That was the fifth wrong attempt. For your safety, this way of signing in "
                     f"is locked for {_how_long(guard.locked_until - now)}.", locked_until=until, method=method)
    left = settings.SIGN_IN_MAX_FAILURES - guard.failures
    code, message = WRONG_SECRET[method]
    code, message = result.code or code, result.reason or message
    raise refuse(code, f"{message} {left} {'try' if left == 1 else 'tries'} left.", attempts_left=left, method=method)


def _when(moment, now) -> str:
    local = timezone.localtime(moment)
    return f"{local:%I:%M %p}" if local.date() == timezone.localtime(now).date() else f"{local:%d %B, %I:%M %p}"


def _how_long(period: timedelta) -> str:
    minutes = round(period.total_seconds() / 60)
    if minutes < 120:
        return f"{minutes} minutes"
    if minutes < 48 * 60:
        return f"{minutes // 60} hours"
    return f"{minutes // (24 * 60)} days"


def _as_result(value) -> CheckResult:
    return value if isinstance(value, CheckResult) else CheckResult(bool(value))


def clear_guards(guards, *, request=None) -> int:
    """At the branch, with the customer there: forget the wrong tries and locks of these ways in."""
    with transaction.atomic():
        for guard in guards:
            audit.record("sign_in.cleared", request=request, target=guard, customer=guard.subject,
                         method=guard.method, known_device=bool(guard.client), locks=len(guard.locks))
        cleared, _ = SignInGuard.objects.filter(pk__in=[guard.pk for guard in guards]).delete()
    return cleared


def sign_out(user, refresh_token: str, *, session_id: str | None = None, request=None) -> None:
    """End the caller's sign-in session (``session_id``) and the one of ``refresh_token``, which must be the
    caller's own: every access and refresh token of those sessions stops working now.

    Raises ``TokenError`` for a refresh token that is not valid (any more)."""
    token = RefreshToken(refresh_token)
    if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(user.pk):
        audit.record("sign_out", request=request, actor=user, outcome="failure", reason="not the caller's token")
        raise refuse(Code.PERMISSION_DENIED, "This is not your sign-in: you can only sign yourself out.")
    with transaction.atomic():
        token.blacklist()
        sessions = {token.get(SESSION_CLAIM), session_id} - {None}
        SignInSession.objects.filter(user=user, pk__in=sessions, ended_at__isnull=True).update(ended_at=timezone.now())
        audit.record("sign_out", request=request, actor=user)


# --- one-time passcodes ---------------------------------------------------------

def start_otp_setup(user, *, request=None) -> dict:
    """A new (unconfirmed) secret and its QR code; replaces an unconfirmed one."""
    with transaction.atomic():
        device = OtpDevice.objects.select_for_update().filter(user=user).first()
        if device and device.confirmed:
            raise refuse(Code.OTP_ALREADY_SET_UP, "Passcodes are already set up for this customer.")
        secret = otp.new_secret()
        OtpDevice.objects.update_or_create(user=user, defaults={"secret_sealed": otp.seal(secret), "confirmed": False,
                                                                 "last_used_step": 0})
        audit.record("otp.setup_started", request=request, actor=user)
    label = getattr(getattr(user, "customer", None), "full_name", user.get_username())
    uri = otp.provisioning_uri(secret, label)
    return {"provisioning_uri": uri, "qr_png_base64": otp.qr_png_base64(uri), "secret": secret}


def use_otp_code(user, code: str) -> bool:
    """True once per code: the device's last used step moves forward under a row lock."""
    with transaction.atomic():
        device = OtpDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return False
        step = otp.matching_step(otp.unseal(device.secret_sealed), code, after_step=device.last_used_step)
        if step is None:
            return False
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
        return True


def confirm_otp_setup(user, code: str, *, request=None) -> None:
    device = OtpDevice.objects.filter(user=user).first()
    if device is None:
        raise refuse(Code.OTP_SETUP_NOT_STARTED, "Please start the passcode set-up first.")
    if device.confirmed:
        raise refuse(Code.OTP_ALREADY_SET_UP, "Passcodes are already set up for this customer.")
    _guarded(signed_in_customer(user), SignInMethod.OTP, lambda: use_otp_code(user, code), action="otp.confirm",
             request=request)
    OtpDevice.objects.filter(pk=device.pk).update(confirmed=True)
    audit.record("otp.confirmed", request=request, actor=user)


# --- step-up for transfers --------------------------------------------------------

STEP_UP_LIFETIME = timedelta(minutes=5)


def issue_step_up(user, *, method: str, amount_paise: int, to_account: str, request=None) -> dict:
    """A single-use token for exactly this amount to exactly this account, valid five minutes."""
    raw = secrets.token_urlsafe(32)
    token = StepUpToken.objects.create(
        token_hash=hashlib.sha256(raw.encode()).hexdigest(), user=user, amount_paise=amount_paise,
        to_account=to_account, method=method, expires_at=timezone.now() + STEP_UP_LIFETIME,
    )
    audit.record("step_up.issued", request=request, actor=user, method=method, amount_paise=amount_paise,
                 to_account=f"XXXX{to_account[-4:]}")
    return {"step_up_token": raw, "expires_at": token.expires_at.isoformat()}


def step_up_with_otp(user, code: str, *, amount_paise: int, to_account: str, request=None) -> dict:
    if not has_otp(user):
        raise refuse(Code.OTP_NOT_SET_UP, "Passcodes are not set up for this customer yet.")
    _guarded(signed_in_customer(user), SignInMethod.OTP, lambda: use_otp_code(user, code), action="step_up",
             request=request)
    return issue_step_up(user, method=SignInMethod.OTP, amount_paise=amount_paise, to_account=to_account,
                         request=request)


def step_up_with_voice(user, challenge_id, audio: bytes, *, amount_paise: int, to_account: str,
                       language: str = "en", request=None) -> dict:
    _guarded(signed_in_customer(user), SignInMethod.VOICE, lambda: biometric.check_voice(
        user, biometric.take_challenge(user, challenge_id, "voice"), audio, language), action="step_up",
        request=request)
    return issue_step_up(user, method=SignInMethod.VOICE, amount_paise=amount_paise, to_account=to_account,
                         request=request)


def redeem_step_up(user, raw_token: str, *, amount_paise: int, to_account: str) -> bool:
    """Use a step-up token for this transfer; call inside the transfer's transaction."""
    if not raw_token:
        return False
    token = (StepUpToken.objects.select_for_update()
             .filter(token_hash=hashlib.sha256(raw_token.encode()).hexdigest(), user=user).first())
    if (token is None or token.used_at is not None or token.expires_at <= timezone.now()
            or token.amount_paise != amount_paise or token.to_account != to_account):
        return False
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    return True
