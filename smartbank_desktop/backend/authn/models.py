"""Sign-in state: lockouts per method, one-time-passcode devices, biometric
templates (encrypted), single-use challenges and step-up tokens."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class SignInMethod(models.TextChoices):
    PIN = "pin", "PIN"
    FACE = "face", "Face"
    VOICE = "voice", "Voice"
    OTP = "otp", "One-time passcode"


class SignInGuard(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_guards")
    method = models.CharField(max_length=8, choices=SignInMethod.choices)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "method"], name="one_guard_per_method")]


class OtpDevice(models.Model):
    """A TOTP secret (encrypted) shared with the customer's authenticator app."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="otp_device")
    secret_sealed = models.BinaryField()
    confirmed = models.BooleanField(default=False)
    last_used_step = models.BigIntegerField(default=0, help_text="a code's time step is accepted only once")
    created_at = models.DateTimeField(auto_now_add=True)


class BiometricKind(models.TextChoices):
    FACE = "face"
    VOICE = "voice"


class BiometricTemplate(models.Model):
    """A face or voice template, encrypted at rest; the customer can delete it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="biometric_templates")
    kind = models.CharField(max_length=8, choices=BiometricKind.choices)
    sealed = models.BinaryField()
    encoder = models.CharField(max_length=40)
    samples = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_template_per_kind")]


class Challenge(models.Model):
    """A single-use, short-lived prompt: digits to speak, or a liveness action to do."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=BiometricKind.choices)
    prompt = models.CharField(max_length=20, help_text="digits for voice; blink/turn_left/turn_right for face")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class StepUpToken(models.Model):
    """Proof of a fresh second factor, bound to one transfer's amount and destination."""

    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    amount_paise = models.BigIntegerField()
    to_account = models.CharField(max_length=15)
    method = models.CharField(max_length=8, choices=SignInMethod.choices)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class SignInSession(models.Model):
    """One sign-in. Its tokens carry its id (and keep it when they are refreshed); signing out ends the
    session, and with it every access and refresh token it gave, at once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
