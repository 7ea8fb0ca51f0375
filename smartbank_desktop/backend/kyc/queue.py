"""Sending a customer's open case to the KYC workers (by task name, so the senders need not import the tasks)."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

PROCESS_TASK = "kyc.process_kyc_for_profile"
SWEEP_TASK = "kyc.sweep"


def enqueue(customer_id) -> bool:
    """Send the case to the workers; a broker that is down is logged, and the sweep retries later."""
    from smartbank_desktop.backend.celery_app import app

    try:
        app.send_task(PROCESS_TASK, args=(str(customer_id),), retry=True,
                      retry_policy={"max_retries": 2, "interval_start": 0.2})
        return True
    except Exception:  # noqa: BLE001 - the registration is saved; the sweep enqueues it again
        log.exception("could not enqueue the KYC case of %s; the sweep will retry", customer_id)
        return False
