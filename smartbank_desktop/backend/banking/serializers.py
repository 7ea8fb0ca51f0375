"""Request and response shapes of the accounts, payees, transfers and history APIs."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from smartbank_desktop.backend.validation import VariantSerializer
from smartbank_desktop.core.money import format_inr

from .history import DAYS_PHRASE, EARLIEST_DAY, LATEST_DAY, counterparty
from .models import Account, AccountType, LedgerEntry, Payee


class AccountSerializer(serializers.ModelSerializer):
    masked_number = serializers.CharField(read_only=True)
    balance = serializers.SerializerMethodField()

    class Meta:
        model = Account
        fields = ("number", "masked_number", "type", "status", "balance_paise", "balance", "fd_term_months",
                  "fd_matures_on", "opened_at")

    def get_balance(self, obj) -> str:
        return format_inr(obj.balance_paise)


class OpenAccountSerializer(VariantSerializer):
    type = serializers.ChoiceField(choices=[AccountType.SAVINGS, AccountType.CURRENT, AccountType.FD])
    amount_paise = serializers.IntegerField(required=False, min_value=1, max_value=10**13,
                                            help_text="fixed deposits: the amount to deposit")
    term_months = serializers.IntegerField(required=False, min_value=6, max_value=120,
                                           help_text="fixed deposits: the term")
    funding_account = serializers.RegexField(r"^\d{15}$", required=False,
                                             help_text="fixed deposits: the account the money comes from")

    variant_field = "type"
    needs = {AccountType.FD: dict.fromkeys(("amount_paise", "term_months"), "A fixed deposit needs this.")}
    bounds = {AccountType.FD: {"amount_paise": {"minimum": settings.OPENING_CREDIT_PAISE}}}  # checked by open_account


class PayeeSerializer(serializers.ModelSerializer):
    account_number = serializers.RegexField(r"^\d{15}$", source="account.number",
                                            error_messages={"invalid": "An account number has 15 digits."})
    masked_account = serializers.CharField(source="account.masked_number", read_only=True)

    class Meta:
        model = Payee
        fields = ("id", "name", "nickname", "account_number", "masked_account", "added_at")
        read_only_fields = ("id", "added_at")
        extra_kwargs = {"name": {"min_length": 2}}


class TransferRequestSerializer(serializers.Serializer):
    from_account = serializers.RegexField(r"^\d{15}$", error_messages={"invalid": "An account number has 15 digits."})
    to_account = serializers.RegexField(r"^\d{15}$", error_messages={"invalid": "An account number has 15 digits."})
    amount_paise = serializers.IntegerField(min_value=1, max_value=10**13,
                                            error_messages={"min_value": "The amount must be more than zero."})
    note = serializers.CharField(max_length=140, required=False, allow_blank=True, default="")


class TransferResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    amount_paise = serializers.IntegerField()
    amount = serializers.CharField()
    amount_words = serializers.CharField()
    from_account = serializers.CharField()
    to_account = serializers.CharField()
    to_name = serializers.CharField()
    balance_after_paise = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class HistoryEntrySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="transfer.reference")
    account = serializers.CharField(source="account.masked_number")
    direction = serializers.SerializerMethodField()
    counterparty_name = serializers.SerializerMethodField()
    counterparty_account = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    balance_after = serializers.SerializerMethodField()
    note = serializers.CharField(source="transfer.note")
    kind = serializers.CharField(source="transfer.kind")
    date = serializers.DateTimeField(source="created_at")

    class Meta:
        model = LedgerEntry
        fields = ("reference", "date", "account", "direction", "kind", "counterparty_name", "counterparty_account",
                  "amount_paise", "amount", "balance_after_paise", "balance_after", "note")

    def get_direction(self, obj) -> str:
        return "out" if obj.amount_paise < 0 else "in"

    def get_counterparty_name(self, obj) -> str:
        return counterparty(obj).holder_name

    def get_counterparty_account(self, obj) -> str:
        return counterparty(obj).masked_number

    def get_amount(self, obj) -> str:
        return format_inr(obj.amount_paise)

    def get_balance_after(self, obj) -> str:
        return format_inr(obj.balance_after_paise)


class HistoryDayField(serializers.DateField):
    """A day of the history, within the bank's range of days."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise serializers.ValidationError(f"Please give a date {DAYS_PHRASE}.")
        return day


class HistoryQuerySerializer(serializers.Serializer):
    account = serializers.RegexField(r"^\d{15}$", required=False)
    date_from = HistoryDayField(required=False, help_text=f"YYYY-MM-DD, {DAYS_PHRASE}")
    date_to = HistoryDayField(required=False, help_text=f"YYYY-MM-DD, {DAYS_PHRASE}")

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_from": ["The start date is after the end date."]})
        return attrs
