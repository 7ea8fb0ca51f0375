"""KYC cases (one per submission, "attempt") and their event timeline.

Written only by the KYC service modules (``submission``, ``leases``,
``decisions``, ``sweep``, ``review``; documents by ``documents``). A case's
status is a :class:`~smartbank_desktop.core.kyc.KycStatus`. A case's ``reasons`` are plain words the
customer may see; ``internal`` holds detail for staff only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from smartbank_desktop.backend.customers.models import KYC_STATUS_CHOICES, Customer
from smartbank_desktop.backend.staff_time import staff_time
from smartbank_desktop.core.kyc import KycStatus


class KycCase(models.Model):
    """One submission of documents and everything the pipeline and reviewers decided about it."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="kyc_cases")
    attempt = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=KYC_STATUS_CHOICES, default=KycStatus.PENDING, db_index=True)
    decided_automatically = models.BooleanField(default=False)
    escalated = models.BooleanField(default=False, help_text="needs a supervisor")
    resubmission_requested = models.BooleanField(default=False)
    reasons = models.JSONField(default=list, blank=True, help_text="plain words for the customer")
    internal = models.JSONField(default=dict, blank=True, help_text="detail for staff only")
    ocr_text = models.TextField(blank=True, help_text="the card's text, Aadhaar numbers masked")
    ocr_fields = models.JSONField(default=dict, blank=True)
    face_distance = models.FloatField(null=True, blank=True)
    face_score = models.FloatField(null=True, blank=True, help_text="0-100, higher is more alike")
    face_match = models.BooleanField(null=True, blank=True)
    rule_results = models.JSONField(default=list, blank=True)
    screening_list_version = models.CharField(max_length=64, blank=True)
    # Who may run it now: the Celery task id holding the claim, until lease_until.
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, db_index=True)
    runs = models.PositiveSmallIntegerField(default=0, help_text="task runs started")
    retries = models.PositiveSmallIntegerField(default=0)
    recoveries = models.PositiveSmallIntegerField(default=0, help_text="times a lapsed run was handed on")
    last_error = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["customer", "attempt"], name="kyc_one_case_per_attempt")]
        permissions = [
            ("review_kyccase", "Can decide KYC cases waiting for manual review"),
            ("supervise_kyccase", "Can override automatic rejections and decide escalated KYC cases"),
            ("view_kyc_documents", "Can see decrypted identity documents (Aadhaar masked)"),
        ]
        verbose_name = "KYC case"

    def __str__(self):
        return f"{self.customer.full_name}, attempt {self.attempt}: {self.get_status_display()}"


class KycEvent(models.Model):
    """The timeline of a customer's KYC: one row per step, decision or staff action."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="kyc_events")
    case = models.ForeignKey(KycCase, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    step = models.CharField(max_length=40, db_index=True)
    payload = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "KYC event"

    def __str__(self):
        return f"{staff_time(self.at)} {self.step}"
