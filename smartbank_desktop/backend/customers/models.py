"""Customer profiles, the encrypted Aadhaar vault and uploaded identity documents.

Documents are written only by ``kyc.documents``; customers and the vault by :mod:`.services`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models

from smartbank_desktop.backend import crypto
from smartbank_desktop.core.aadhaar import mask
from smartbank_desktop.core.kyc import KycStatus

from .validators import validate_person_name

# The one KYC status enumeration (core.kyc), with its staff wording as the choice labels.
KYC_STATUS_CHOICES = [(status.value, status.label) for status in KycStatus]


class AadhaarRecord(models.Model):
    """The only place an Aadhaar number is kept: encrypted, with a keyed hash for duplicates."""

    ciphertext = models.BinaryField()
    lookup_hash = models.CharField(max_length=64, unique=True)
    last4 = models.CharField(max_length=4)
    created_at = models.DateTimeField(auto_now_add=True)

    HASH_PURPOSE = "aadhaar"
    _CONTEXT = b"aadhaar"

    @classmethod
    def hash_of(cls, number: str) -> str:
        return crypto.lookup_hash(number, cls.HASH_PURPOSE)

    @classmethod
    def seal(cls, number: str) -> "AadhaarRecord":
        return cls(ciphertext=crypto.encrypt(number.encode(), cls._CONTEXT), lookup_hash=cls.hash_of(number), last4=number[-4:])

    def reveal(self) -> str:
        """The full number, for the KYC pipeline's comparison only; never display it."""
        return crypto.decrypt(bytes(self.ciphertext), self._CONTEXT).decode()

    @property
    def masked(self) -> str:
        return mask(self.last4)

    def __str__(self):
        return self.masked


class Customer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="customer")
    full_name = models.CharField(max_length=150, validators=[validate_person_name])
    email = models.EmailField(unique=True)
    mobile = models.CharField(max_length=13, unique=True, help_text="+91 and ten digits")
    date_of_birth = models.DateField()
    address = models.TextField()
    aadhaar = models.OneToOneField(AadhaarRecord, on_delete=models.PROTECT, related_name="customer")
    kyc_status = models.CharField(max_length=16, choices=KYC_STATUS_CHOICES, default=KycStatus.PENDING, db_index=True)
    kyc_attempts = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.full_name} ({self.aadhaar.masked})"


class DocumentKind(models.TextChoices):
    AADHAAR_CARD = "AADHAAR_CARD", "Aadhaar card"
    SELFIE = "SELFIE", "Selfie"


def document_storage():
    """The encrypted documents storage (settings.STORAGES["documents"])."""
    return storages["documents"]


def _document_name(instance, filename):
    return f"{instance.customer_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """An uploaded identity document, stored encrypted; never served by URL."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    attempt = models.PositiveSmallIntegerField(default=1)
    file = models.FileField(upload_to=_document_name, storage=document_storage, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    validation_result = models.JSONField(default=dict, blank=True)
    quarantined = models.BooleanField(default=False, help_text="infected: moved aside, never opened again")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["customer", "attempt", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()} (attempt {self.attempt})"
