"""Failed sign-in counters and lockouts, per customer and per method."""

from django.conf import settings
from django.db import models


class SignInMethod(models.TextChoices):
    PIN = "pin", "PIN"


class SignInGuard(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_guards")
    method = models.CharField(max_length=8, choices=SignInMethod.choices)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "method"], name="one_guard_per_method")]
