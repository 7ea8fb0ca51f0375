"""A request id that follows a request through the web process into the KYC task it enqueues.

The middleware takes the caller's ``X-Request-ID`` (a load balancer's, or the app's) when it is a
plain token, else makes one, answers it in the same header, and logs one line per request. The
id travels in the Celery message's headers (``request_id``) and the worker adopts it while the
task runs, so every log line of both carries it (``logs.RequestIdFilter``).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# Ids from outside are logged as they are: only plain tokens, so no one can write a fake log line with one.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,100}")

_request_id: ContextVar[str | None] = ContextVar("smartbank_request_id", default=None)
_task_id: ContextVar[str | None] = ContextVar("smartbank_task_id", default=None)

log = logging.getLogger("smartbank_desktop.backend.requests")
task_log = logging.getLogger("smartbank_desktop.backend.tasks")


def current() -> str | None:
    return _request_id.get()


def current_task_id() -> str | None:
    return _task_id.get()


def accepted(value: str | None) -> str | None:
    """The caller's id when it is a plain token (letters, digits, ``._:-``, at most 100), else None."""
    return value if value and _ACCEPTED.fullmatch(value) else None


class RequestIdMiddleware:
    """First in the chain: the id for this request, the header on the answer, a log line when done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted(request.headers.get(HEADER)) or uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            log.info("%s %s %s", request.method, request.path, response.status_code,
                     extra={"method": request.method, "path": request.path, "status": response.status_code,
                            "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
            return response
        finally:
            _request_id.reset(token)


@before_task_publish.connect
def _attach_to_message(headers=None, **kwargs):
    """The current request id into the message's headers (a retry keeps the one the task runs under)."""
    request_id = current()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def _task_request_id(task) -> str | None:
    request = task.request
    value = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    return accepted(value)


@task_prerun.connect
def _adopt_in_worker(task_id=None, task=None, **kwargs):
    _request_id.set(_task_request_id(task))
    _task_id.set(task_id)
    task_log.info("task %s started", task.name, extra={"task": task.name})


@task_postrun.connect
def _forget_in_worker(task_id=None, task=None, state=None, retval=None, **kwargs):
    task_log.info("task %s ended: %s", task.name, state,
                  extra={"task": task.name, "state": state, "outcome": retval if isinstance(retval, str) else None})
    _request_id.set(None)
    _task_id.set(None)
