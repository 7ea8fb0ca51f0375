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
    """The wrong tries of one way in (``method``), for one sign-in name, from one client.

    The name is a customer (``user:<pk>``) or, for a mobile number or email no customer has, a keyed hash
    of it: both are counted and locked alike, so the answers do not tell which numbers are registered. The
    client is one of the customer's known devices, or "" for every other client together.
    """

    subject = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="sign_in_guards")
    client = models.CharField(max_length=64, blank=True, default="", help_text="a known device, or any other")
    method = models.CharField(max_length=8, choices=SignInMethod.choices)
    failures = models.PositiveSmallIntegerField(default=0, help_text="wrong tries since the last lock")
    locks = models.JSONField(default=list, blank=True, help_text="when each lock of the last year began")
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "method", "client"], name="one_guard_per_way_in")]


class KnownDevice(models.Model):
    """A computer the customer has signed in from. It sends a random name of its own with each sign-in (kept
    here only as a keyed hash); its wrong tries are counted apart, so tries from elsewhere cannot lock it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    device_hash = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "device_hash"], name="one_row_per_known_device")]


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
