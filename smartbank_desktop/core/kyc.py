"""The KYC statuses a customer (and each KYC case) moves through: the one enumeration every layer uses."""

from __future__ import annotations

from enum import StrEnum


class KycStatus(StrEnum):
    PENDING = "PENDING"  # documents received, checks not started
    PROCESSING = "PROCESSING"  # the automatic checks are running
    VERIFIED = "VERIFIED"
    MANUAL_REVIEW = "MANUAL_REVIEW"  # a member of staff decides
    REJECTED = "REJECTED"

    @property
    def label(self) -> str:
        """How staff pages name it."""
        return _LABELS[self]


_LABELS = {
    KycStatus.PENDING: "Waiting for checks",
    KycStatus.PROCESSING: "Checks running",
    KycStatus.VERIFIED: "Verified",
    KycStatus.MANUAL_REVIEW: "Waiting for staff review",
    KycStatus.REJECTED: "Rejected",
}

OPEN_STATUSES = (KycStatus.PENDING, KycStatus.PROCESSING)
FINAL_STATUSES = (KycStatus.VERIFIED, KycStatus.MANUAL_REVIEW, KycStatus.REJECTED)
