"""The backend's logging: one line per record, plain text at home or JSON in a bank's deployment.

``SMARTBANK_LOG_FORMAT=json`` gives one JSON object per line with the time, level, logger,
process, the request id of the request (or of the request whose KYC task a worker runs) and
the record's own fields; collectors such as Loki, Elasticsearch or CloudWatch read them as they
are. ``SMARTBANK_LOG_LEVEL`` sets the level (JSON: INFO by default, a line per request; text:
WARNING). The same configuration serves Django, gunicorn and the Celery worker.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone

from . import request_ids

# The attributes every LogRecord has: anything else on a record came as ``extra`` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id",
                                                                         "task_id", "color_message"}


class RequestIdFilter(logging.Filter):
    """Puts the current request id (and the Celery task's id in a worker) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_ids.current()
        record.task_id = request_ids.current_task_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record; the message already formatted, a traceback as text."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        for name in ("request_id", "task_id"):
            if getattr(record, name, None):
                entry[name] = getattr(record, name)
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


def json_logs() -> bool:
    return os.environ.get("SMARTBANK_LOG_FORMAT", "text").lower() == "json"


def logging_config() -> dict:
    """The ``LOGGING`` dict of the settings (and gunicorn's ``logconfig_dict``)."""
    json_format = json_logs()
    level = os.environ.get("SMARTBANK_LOG_LEVEL") or ("INFO" if json_format else "WARNING")
    handler = {"class": "logging.StreamHandler", "filters": ["client_errors", "request_id"]}
    if json_format:
        handler["formatter"] = "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"client_errors": {"()": "smartbank_desktop.backend.log_filters.ClientErrorsWithoutTraceback"},
                    "request_id": {"()": "smartbank_desktop.backend.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "smartbank_desktop.backend.logs.JsonFormatter"}},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        # gunicorn's own loggers go through the same handler (its access log is off: the request lines
        # come from the backend, with their request ids).
        "loggers": {"gunicorn.error": {"level": level, "handlers": [], "propagate": True},
                    "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True}},
    }
