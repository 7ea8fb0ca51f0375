"""Request and response shapes of the registration API (:mod:`.views`)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from rest_framework import serializers

from smartbank_desktop.backend.customers.models import KYC_STATUS_CHOICES, Customer
from smartbank_desktop.backend.customers.pins import PinText, WeakPin, check_pin
from smartbank_desktop.backend.customers.validators import validate_person_name
from smartbank_desktop.backend.schema import text_field
from smartbank_desktop.core.aadhaar import AADHAAR_PATTERN, InvalidAadhaar, normalise
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.phone import MOBILE_PATTERN, InvalidPhone, normalise_mobile

from .cases import latest_case
from .messages import reason_code, status_message

MINIMUM_AGE = 18


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class RegistrationRequestSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, min_length=2, trim_whitespace=True,
                                      validators=[validate_person_name])
    email = serializers.EmailField(max_length=254)
    mobile = text_field(MOBILE_PATTERN)(max_length=20)
    date_of_birth = serializers.DateField(help_text="the customer is 18 to 120 years old")
    aadhaar_number = text_field(AADHAAR_PATTERN)(max_length=20, write_only=True,
                                                 help_text="12 digits, the last a Verhoeff check digit")
    address = serializers.CharField(max_length=500, min_length=5)
    pin = PinText(max_length=6, write_only=True, help_text="not one digit repeated, nor a run like 1234")
    aadhaar_card = serializers.FileField(help_text="JPG, PNG or PDF, at most 10 MB")
    selfie = serializers.FileField(help_text="JPG or PNG, at most 10 MB")

    def validate_full_name(self, value):
        if not any(ch.isalpha() for ch in value):
            raise serializers.ValidationError("Please give your name as written on your Aadhaar card.")
        return " ".join(value.split())

    def validate_email(self, value):
        return value.strip().lower()

    def validate_mobile(self, value):
        try:
            return normalise_mobile(value)
        except InvalidPhone as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_date_of_birth(self, value):
        today = timezone.localdate()
        if value >= today:
            raise serializers.ValidationError("The date of birth must be in the past.")
        age = age_on(value, today)
        if age < MINIMUM_AGE:
            raise serializers.ValidationError("You must be at least 18 years old to open an account.")
        if age > 120:
            raise serializers.ValidationError("Please check the year of birth.")
        return value

    def validate_aadhaar_number(self, value):
        try:
            return normalise(value)
        except InvalidAadhaar as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_pin(self, value):
        try:
            return check_pin(value)
        except WeakPin as exc:
            raise serializers.ValidationError(str(exc)) from exc


class DocumentsRequestSerializer(serializers.Serializer):
    aadhaar_card = serializers.FileField(help_text="JPG, PNG or PDF, at most 10 MB")
    selfie = serializers.FileField(help_text="JPG or PNG, at most 10 MB")


class RegistrationCreatedSerializer(serializers.Serializer):
    registration_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=KYC_STATUS_CHOICES)


class RegistrationStatusSerializer(serializers.ModelSerializer):
    registration_id = serializers.UUIDField(source="id")
    status = serializers.CharField(source="kyc_status")
    message = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField(help_text="plain words for the customer, most important first")
    reason_codes = serializers.SerializerMethodField(
        help_text="a stable code for each of the reasons, in the same order (for saying them in the customer's "
                  "language); an empty string for a reason a reviewer wrote in their own words")
    attempt = serializers.IntegerField(source="kyc_attempts", read_only=True)
    can_upload_documents = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = ("registration_id", "status", "message", "reasons", "reason_codes", "attempt", "can_upload_documents",
                  "created_at", "updated_at")

    def _case(self, obj):
        if not hasattr(obj, "_latest_kyc_case"):
            obj._latest_kyc_case = latest_case(obj.pk)
        return obj._latest_kyc_case

    def get_message(self, obj) -> str:
        case = self._case(obj)
        return status_message(obj.kyc_status, resubmission_requested=case is not None and case.resubmission_requested)

    def get_reasons(self, obj) -> list[str]:
        case = self._case(obj)
        if case is None or case.status != obj.kyc_status or obj.kyc_status in (KycStatus.PENDING,
                                                                                 KycStatus.PROCESSING):
            return []
        return [str(reason) for reason in case.reasons]

    def get_reason_codes(self, obj) -> list[str]:
        return [reason_code(reason) for reason in self.get_reasons(obj)]

    def get_can_upload_documents(self, obj) -> bool:
        return obj.kyc_status == KycStatus.REJECTED

