"""A worker killed with SIGKILL in the middle of a case: after a restart the case finishes by itself."""

from __future__ import annotations

import time

import pytest

from smartbank_desktop.backend.kyc.models import KycCase, KycEvent
from smartbank_desktop.backend.kyc.worker import WorkerProcess

from .conftest import worker_env
from .e2e import register, wait_for_decision

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def wait_for_step(registration_id, step: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if KycEvent.objects.filter(customer_id=registration_id, step=step).exists():
            return
        time.sleep(0.01)
    raise AssertionError(f"the worker never reached {step}")


def test_case_interrupted_by_sigkill_finishes_after_restart(api, people, eicar_database, tmp_path):
    env = worker_env(eicar_database, SMARTBANK_KYC_LEASE_SECONDS=6)
    worker = WorkerProcess(env=env, log_path=tmp_path / "worker.log").start()
    try:
        registration_id, _ = register(api, people["details"], people["card"], people["selfie"])
        # Killed after the virus scan, while Tesseract reads the card.
        wait_for_step(registration_id, "virus_scan")
        worker.kill()
        case = KycCase.objects.get(customer_id=registration_id)
        assert case.status == "PROCESSING"
        assert not KycEvent.objects.filter(customer_id=registration_id, step="KYC_COMPLETED").exists()

        worker = WorkerProcess(env=env, log_path=tmp_path / "worker.log").start()
        body = wait_for_decision(api, registration_id, timeout=90)
    finally:
        worker.stop()
    case.refresh_from_db()
    events = list(KycEvent.objects.filter(customer_id=registration_id).values_list("step", "payload"))
    assert body["status"] == "VERIFIED", (body, case.last_error, events)
    assert case.recoveries >= 1 and case.runs >= 2
    steps = list(KycEvent.objects.filter(customer_id=registration_id).values_list("step", flat=True))
    assert "REQUEUED" in steps and steps.count("PROCESSING") >= 2
    assert steps.count("KYC_COMPLETED") == 1
    # The masked copy replaced the card exactly once: the finished run read the original upload.
    assert case.customer.documents.get(kind="AADHAAR_CARD").validation_result["masked"] is True
