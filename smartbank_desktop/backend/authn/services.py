"""Sign-in decisions: check the secret, count failures, lock after too many, issue tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.core.phone import InvalidPhone, normalise_mobile
from smartbank_desktop.core.refusals import Code, refuse

from . import biometric, otp
from .authentication import SESSION_CLAIM
from .checks import CheckResult
from .models import OtpDevice, SignInGuard, SignInMethod, SignInSession, StepUpToken


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str


WRONG_PIN = "The mobile number, email or PIN is not right. Please try again."
WRONG_SECRET = {
    SignInMethod.PIN: (Code.WRONG_CREDENTIALS, WRONG_PIN),
    SignInMethod.OTP: (Code.WRONG_PASSCODE,
                       "That passcode is not right. Please say or type the six digits shown on your phone now."),
    SignInMethod.FACE: (Code.NOT_RECOGNISED, "We could not recognise your face."),
    SignInMethod.VOICE: (Code.NOT_RECOGNISED, "We could not recognise your voice and the digits."),
}


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
    """Tokens of a new sign-in session (refreshing them keeps the session; signing out ends it)."""
    refresh = RefreshToken.for_user(user)
    refresh[SESSION_CLAIM] = str(SignInSession.objects.create(user=user).pk)
    return Tokens(access=str(refresh.access_token), refresh=str(refresh))


OTP_NEEDED = "Please also give the six-digit passcode from the authenticator app on your phone."


def known_user(identifier: str, method: str, *, request=None):
    """The user, or an audited refusal that reads the same as a wrong secret."""
    user = find_user(identifier)
    if user is None:
        audit.record("sign_in", request=request, outcome="failure", method=method, reason="unknown user",
                     actor_label="unknown")
        raise refuse(Code.WRONG_CREDENTIALS, WRONG_PIN)
    return user


def has_otp(user) -> bool:
    return OtpDevice.objects.filter(user=user, confirmed=True).exists()


def sign_in_with_pin(identifier: str, pin: str, *, request=None) -> Tokens:
    """PIN alone signs in only until the customer has set up passcodes; then PIN + passcode."""
    user = known_user(identifier, SignInMethod.PIN, request=request)
    if has_otp(user):
        raise refuse(Code.OTP_REQUIRED, OTP_NEEDED, otp_required=True)
    _guarded(user, SignInMethod.PIN, lambda: user.check_password(str(pin)), request=request)
    return issue_tokens(user)


def sign_in_with_pin_and_otp(identifier: str, pin: str, code: str, *, request=None) -> Tokens:
    user = known_user(identifier, SignInMethod.PIN, request=request)
    _guarded(user, SignInMethod.PIN, lambda: user.check_password(str(pin)), request=request)
    _guarded(user, SignInMethod.OTP, lambda: use_otp_code(user, code), request=request)
    return issue_tokens(user)


def sign_in_with_face(identifier: str, challenge_id, frames: list[bytes], *, request=None) -> Tokens:
    user = known_user(identifier, SignInMethod.FACE, request=request)
    _guarded(user, SignInMethod.FACE, lambda: biometric.check_face(
        user, biometric.take_challenge(user, challenge_id, "face"), frames), request=request)
    return issue_tokens(user)


def sign_in_with_voice(identifier: str, challenge_id, audio: bytes, *, request=None) -> Tokens:
    user = known_user(identifier, SignInMethod.VOICE, request=request)
    _guarded(user, SignInMethod.VOICE, lambda: biometric.check_voice(
        user, biometric.take_challenge(user, challenge_id, "voice"), audio), request=request)
    return issue_tokens(user)


def _guarded(user, method: str, check, *, request=None) -> None:
    """Run ``check`` under the per-method lockout rules and record the attempt; refuse on failure.

    ``check`` returns a bool or a CheckResult. The attempt is committed (counter
    and audit event) before any refusal is raised.
    """
    now = timezone.now()
    result = CheckResult(False)
    with transaction.atomic():
        guard, _ = SignInGuard.objects.select_for_update().get_or_create(user=user, method=method)
        if guard.locked_until and guard.locked_until > now:
            outcome = "locked"
        elif (result := _as_result(check())).ok:
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
                     locked=outcome.endswith("locked"), **result.details)
    if outcome == "success":
        return
    until = guard.locked_until.isoformat() if guard.locked_until else None
    if outcome == "locked":
        local = timezone.localtime(guard.locked_until)
        raise refuse(Code.LOCKED_OUT, f"Too many wrong attempts. For your safety, sign-in is locked until "
                     f"{local:%I:%M %p}. Please try again then.", locked_until=until, method=method)
    if outcome == "failure_locked":
        minutes = int(settings.SIGN_IN_LOCKOUT.total_seconds() // 60)
        raise refuse(Code.LOCKED_OUT, f"That was the fifth wrong attempt. For your safety, sign-in is locked for "
                     f"{minutes} minutes.", locked_until=until, method=method)
    left = settings.SIGN_IN_MAX_FAILURES - guard.failures
    code, message = WRONG_SECRET[method]
    code, message = result.code or code, result.reason or message
    raise refuse(code, f"{message} {left} {'try' if left == 1 else 'tries'} left.", attempts_left=left, method=method)


def _as_result(value) -> CheckResult:
    return value if isinstance(value, CheckResult) else CheckResult(bool(value))


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
    _guarded(user, SignInMethod.OTP, lambda: use_otp_code(user, code), request=request)
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
    _guarded(user, SignInMethod.OTP, lambda: use_otp_code(user, code), request=request)
    return issue_step_up(user, method=SignInMethod.OTP, amount_paise=amount_paise, to_account=to_account,
                         request=request)


def step_up_with_voice(user, challenge_id, audio: bytes, *, amount_paise: int, to_account: str,
                       request=None) -> dict:
    _guarded(user, SignInMethod.VOICE, lambda: biometric.check_voice(
        user, biometric.take_challenge(user, challenge_id, "voice"), audio), request=request)
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
