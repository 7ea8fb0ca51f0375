"""KYC state changes without a worker: claims, retries, the sweep, and giving up."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.customers.models import KycStatus
from smartbank_desktop.backend.kyc import decisions, leases, messages, queue, sweep, tasks
from smartbank_desktop.backend.kyc.models import KycCase, KycEvent

from ..factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    customer = make_customer(KycStatus.PENDING)
    return customer, KycCase.objects.get(customer=customer)


@pytest.fixture
def no_enqueue(monkeypatch):
    sent = []
    monkeypatch.setattr(queue, "enqueue", lambda customer_id: sent.append(str(customer_id)) or True)
    return sent


def test_registration_opens_a_pending_case_with_a_submitted_event(pending):
    customer, case = pending
    assert case.status == "PENDING" and case.attempt == 1 and case.lease_until > timezone.now()
    assert list(KycEvent.objects.filter(customer=customer).values_list("step", flat=True)) == ["SUBMITTED"]


def test_claim_is_exclusive_and_idempotent(pending):
    customer, _ = pending
    case = leases.claim(customer.pk, "task-a")
    assert case.status == "PROCESSING" and case.claimed_by == "task-a"
    customer.refresh_from_db()
    assert customer.kyc_status == "PROCESSING"
    assert leases.claim(customer.pk, "task-b") is None  # another run holds it
    assert leases.claim(customer.pk, "task-a").runs == 2  # the same task (a retry) continues
    with pytest.raises(leases.LeaseLost):
        leases.record_step(case, "task-b", "virus_scan", {})
    decisions.give_up(case, "task-a", "test")
    assert leases.claim(customer.pk, "task-a") is None  # decided: nothing to do


def test_sweep_hands_over_lapsed_cases_then_gives_up_after_the_limit(pending, no_enqueue, settings):
    customer, case = pending
    settings.KYC_MAX_RUNS = 2
    leases.claim(customer.pk, "task-a")
    for recovery in (1, 2):
        KycCase.objects.filter(pk=case.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
        assert sweep.sweep() == [str(customer.pk)]
        case.refresh_from_db()
        assert case.recoveries == recovery and case.claimed_by == "" and case.status == "PROCESSING"
        assert leases.claim(customer.pk, f"task-{recovery}") is not None  # a new run may take it
    assert sweep.sweep() == []  # leases held: nothing to do
    KycCase.objects.filter(pk=case.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert sweep.sweep() == []
    case.refresh_from_db()
    customer.refresh_from_db()
    assert case.status == customer.kyc_status == "MANUAL_REVIEW"
    assert case.reasons == [messages.UNFINISHED_REASON]
    assert no_enqueue == [str(customer.pk)] * 2
    assert KycEvent.objects.filter(case=case, step="KYC_COMPLETED").count() == 1


def test_backoff_is_exponential_and_capped(settings):
    settings.KYC_RETRY_BASE_SECONDS = 2
    settings.KYC_RETRY_MAX_SECONDS = 30
    delays = [tasks.backoff_seconds(n) for n in range(6)]
    assert all(low * 0.9 <= d <= low * 1.1 for d, low in zip(delays, [2, 4, 8, 16, 30, 30])), delays


def test_no_virus_signatures_means_retries_then_manual_review(pending, settings, tmp_path, monkeypatch):
    """With no ClamAV signatures the scan is unavailable: retried, then a person checks; nothing else opened."""
    customer, case = pending
    settings.KYC_MAX_RETRIES = 2
    monkeypatch.delenv("SMARTBANK_CLAMD_SOCKET", raising=False)
    monkeypatch.setenv("SMARTBANK_CLAMAV_DATABASE", str(tmp_path))  # an empty signature folder
    result = tasks.process_kyc_for_profile.apply((str(customer.pk),))
    assert result.get() == "gave up"
    case.refresh_from_db()
    customer.refresh_from_db()
    assert case.status == customer.kyc_status == "MANUAL_REVIEW"
    assert case.reasons == [messages.SCANNER_REASON] and "ScannerUnavailable" in case.last_error
    steps = list(KycEvent.objects.filter(case=case).values_list("step", flat=True))
    assert steps.count("RETRY") == 2 and "ocr" not in steps and steps[-1] == "KYC_COMPLETED"
    assert AuditEvent.objects.filter(action="kyc.completed", target_id=str(customer.pk)).exists()
