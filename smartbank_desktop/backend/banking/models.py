"""Accounts, the double-entry ledger, saved payees, transfers and idempotency records.

Balances are integer paise. Every movement is one Transfer with two ledger
rows (a debit and a credit) that sum to zero; a database CHECK keeps customer
accounts from going below zero (only the bank's capital account may).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from smartbank_desktop.backend.customers.models import Customer
from smartbank_desktop.backend.customers.validators import validate_person_name

from . import account_numbers


class AccountType(models.TextChoices):
    SAVINGS = "savings", "Savings account"
    CURRENT = "current", "Current account"
    FD = "fd", "Fixed deposit"
    CAPITAL = "capital", "Bank capital"


class AccountStatus(models.TextChoices):
    ACTIVE = "active"
    FROZEN = "frozen"
    CLOSED = "closed"


class Account(models.Model):
    number = models.CharField(max_length=15, unique=True)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    type = models.CharField(max_length=8, choices=AccountType.choices)
    status = models.CharField(max_length=8, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    balance_paise = models.BigIntegerField(default=0)
    fd_term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    fd_matures_on = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    # What this account has sent to other customers on the bank's day ``daily_sent_on`` (a running total,
    # written with the balance under the customer's lock): the daily limit reads it instead of summing
    # the day's transfers. On any later day it counts as nothing.
    daily_sent_on = models.DateField(null=True, blank=True, editable=False)
    daily_sent_paise = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(daily_sent_paise__gte=0), name="daily_sent_not_negative"),
            models.CheckConstraint(
                condition=Q(balance_paise__gte=0) | Q(type=AccountType.CAPITAL), name="customer_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(customer__isnull=False) | Q(type=AccountType.CAPITAL), name="customer_account_has_owner"
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        return account_numbers.mask(self.number)

    @property
    def holder_name(self) -> str:
        return self.customer.full_name if self.customer_id else "SmartBank"


class Payee(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="payees")
    name = models.CharField(max_length=150, validators=[validate_person_name])
    nickname = models.CharField(max_length=60, blank=True, validators=[validate_person_name])
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    verified_in_branch = models.BooleanField(
        default=False, help_text="added by staff with the customer present: no cooling-off period")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["customer", "account"], name="one_payee_per_account")]

    def __str__(self):
        return f"{self.name} ({self.account.masked_number})"


class TransferKind(models.TextChoices):
    TRANSFER = "transfer"
    OPENING_CREDIT = "opening_credit"
    FD_FUNDING = "fd_funding"
    CASH_DEPOSIT = "cash_deposit"


class Transfer(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=16, choices=TransferKind.choices, default=TransferKind.TRANSFER)
    from_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="transfers_out")
    to_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="transfers_in")
    amount_paise = models.BigIntegerField()
    payee = models.ForeignKey(Payee, null=True, blank=True, on_delete=models.SET_NULL, related_name="transfers")
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=140, blank=True)
    # Set by the caller where the instant matters: a transfer is stamped with the instant whose day its
    # daily-limit check counted it in.
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["from_account", "created_at"], name="transfer_sent_by_day")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_paise__gt=0), name="transfer_amount_positive"),
            models.CheckConstraint(condition=~Q(from_account=models.F("to_account")), name="transfer_between_two_accounts"),
        ]

    def __str__(self):
        return self.reference

    @staticmethod
    def new_reference() -> str:
        return "SB" + uuid.uuid4().hex[:12].upper()


class LedgerEntry(models.Model):
    """One side of a transfer: negative for money out, positive for money in."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries")
    amount_paise = models.BigIntegerField()
    balance_after_paise = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at", "-id"])]
        constraints = [models.UniqueConstraint(fields=["account", "transfer"], name="one_entry_per_side")]


class IdempotencyRecord(models.Model):
    """The first answer to a transfer request, replayed for a retried Idempotency-Key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    transfer = models.ForeignKey(Transfer, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_answer_per_key")]
