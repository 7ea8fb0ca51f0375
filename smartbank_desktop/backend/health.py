"""``/healthz`` (the process is alive) and ``/readyz`` (its database, broker and storage answer).

Answered by a middleware before the host check, so a load balancer or an orchestrator can ask
any process by its address whatever ``SMARTBANK_ALLOWED_HOSTS`` says. ``/readyz`` answers 200
``{"status": "ready", "checks": {...}}`` or 503 with ``code`` ``not_ready`` and each check's
outcome (the reason's kind only; the details go to the log). Each check is bounded in time.
"""

from __future__ import annotations

import logging
import time

from django.http import JsonResponse

log = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 3


def check_database() -> None:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        connection.close()  # the next request starts on a fresh connection
        raise


def check_broker() -> None:
    from smartbank_desktop.backend.celery_app import app

    with app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS)
        client = getattr(conn.default_channel, "client", None)
        if hasattr(client, "ping"):  # Redis: a round trip, not only a socket
            client.ping()


def check_storage() -> None:
    from django.core.files.storage import storages

    storages["documents"].check_ready()


CHECKS = {"database": check_database, "broker": check_broker, "storage": check_storage}


def readiness() -> tuple[bool, dict]:
    results, ready = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready", said plainly
            ready = False
            results[name] = f"unavailable ({type(exc).__name__})"
            log.warning("readiness: the %s does not answer: %s: %s", name, type(exc).__name__, exc,
                        extra={"check": name, "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
    return ready, results


class ProbeMiddleware:
    """Answers the two probe paths itself; every other request goes on down the chain."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return JsonResponse({"status": "alive"})
        if request.path == "/readyz":
            ready, checks = readiness()
            if ready:
                return JsonResponse({"status": "ready", "checks": checks})
            failing = ", ".join(name for name, outcome in checks.items() if outcome != "ok")
            return JsonResponse({"status": "not_ready", "code": "not_ready",
                                 "detail": f"Not ready: no answer from {failing}.", "checks": checks},
                                status=503)
        return self.get_response(request)
