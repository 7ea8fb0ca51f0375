"""Celery tasks of the KYC pipeline, and the worker's recovery sweep.

``process_kyc_for_profile(profile_id)`` is idempotent: it claims the
customer's open case (a decided case, or one another run holds, is left
alone), so duplicate or redelivered messages are harmless. Transient failures
are retried with exponential backoff up to ``KYC_MAX_RETRIES``; then, or on
any unexpected error, the case goes to a person (MANUAL_REVIEW with a reason).
"""

from __future__ import annotations

import logging
import random
import threading

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from django.conf import settings
from django.db import close_old_connections, connection

from . import decisions, leases
from . import sweep as recovery
from .errors import ScannerUnavailable, TransientKycError
from .messages import SCANNER_REASON, UNFINISHED_REASON
from .queue import PROCESS_TASK, SWEEP_TASK

log = logging.getLogger(__name__)


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with a cap and a little jitter: base, 2x base, 4x base ... at most the cap."""
    delay = min(settings.KYC_RETRY_MAX_SECONDS, settings.KYC_RETRY_BASE_SECONDS * (2 ** retries))
    return round(delay * random.uniform(0.9, 1.1), 2)


@shared_task(bind=True, name=PROCESS_TASK, acks_late=True, reject_on_worker_lost=True,
             ignore_result=True)
def process_kyc_for_profile(self, profile_id: str) -> str:
    from . import pipeline

    task_id = self.request.id or "local"
    case = leases.claim(profile_id, task_id)
    if case is None:
        return "skipped"
    try:
        pipeline.run_case(case, task_id)
    except leases.LeaseLost:
        log.warning("KYC case of %s was taken over by another run", profile_id)
        return "taken over"
    except TransientKycError as exc:
        retries = self.request.retries
        if retries >= settings.KYC_MAX_RETRIES:
            reason = SCANNER_REASON if isinstance(exc, ScannerUnavailable) else UNFINISHED_REASON
            decisions.give_up(case, task_id, f"{type(exc).__name__} after {retries} retries: {exc}", reason=reason)
            return "gave up"
        countdown = backoff_seconds(retries)
        leases.note_retry(case, task_id, exc, countdown)
        raise self.retry(exc=exc, countdown=countdown, max_retries=settings.KYC_MAX_RETRIES + 1)
    except Exception as exc:  # noqa: BLE001 - a bug must not leave the case PROCESSING
        log.exception("KYC case of %s failed", profile_id)
        try:
            decisions.give_up(case, task_id, f"{type(exc).__name__}: {exc}")
        except leases.LeaseLost:
            pass
        return "failed"
    return "done"


@shared_task(name=SWEEP_TASK, ignore_result=True)
def sweep() -> list[str]:
    return recovery.sweep()


class Sweeper(threading.Thread):
    """Runs the sweep at worker start and every ``KYC_SWEEP_INTERVAL_SECONDS`` after."""

    def __init__(self):
        super().__init__(name="kyc-sweep", daemon=True)
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            try:
                close_old_connections()
                requeued = recovery.sweep()
                if requeued:
                    log.warning("re-enqueued %d unfinished KYC case(s)", len(requeued))
            except Exception:  # noqa: BLE001 - keep sweeping; the database may be back next time
                log.exception("the KYC sweep failed")
            finally:
                connection.close()
            self.stopping.wait(settings.KYC_SWEEP_INTERVAL_SECONDS)


_sweeper: Sweeper | None = None


@worker_ready.connect
def _start_sweeper(**kwargs):
    global _sweeper
    _sweeper = Sweeper()
    _sweeper.start()


@worker_shutdown.connect
def _stop_sweeper(**kwargs):
    if _sweeper is not None:
        _sweeper.stopping.set()
