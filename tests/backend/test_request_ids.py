"""Request ids: taken from the caller when they are plain tokens, made otherwise, answered, and on every log line
(JSON lines through the same formatter the servers use)."""

from __future__ import annotations

import json
import logging

import pytest

from smartbank_desktop.backend import request_ids
from smartbank_desktop.backend.logs import JsonFormatter, RequestIdFilter, logging_config

pytestmark = pytest.mark.django_db


def test_a_plain_id_from_the_caller_is_kept_and_answered(client, caplog):
    with caplog.at_level(logging.INFO, logger="smartbank_desktop.backend.requests"):
        response = client.get("/api/auth/me/", HTTP_X_REQUEST_ID="lb-7f3a.2:9")
    assert response["X-Request-ID"] == "lb-7f3a.2:9"
    line = next(r for r in caplog.records if r.name == "smartbank_desktop.backend.requests")
    assert (line.method, line.path, line.status) == ("GET", "/api/auth/me/", 401)
    assert line.request_id == "lb-7f3a.2:9"


@pytest.mark.parametrize("sent", ["", "has space", "line\nbreak", "x" * 101, "quote\"d", "नमस्ते"])
def test_an_id_that_is_no_plain_token_is_replaced(client, sent):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=sent)
    assert response["X-Request-ID"] != sent and len(response["X-Request-ID"]) == 32
    assert client.get("/healthz")["X-Request-ID"] != response["X-Request-ID"]  # one per request


def test_json_lines_carry_the_request_id_and_the_records_fields():
    record = logging.LogRecord("smartbank_desktop.backend.requests", logging.INFO, __file__, 1, "GET %s %s",
                               ("/readyz", 200), None)
    record.path, record.status = "/readyz", 200
    token = request_ids._request_id.set("abc-123")
    try:
        assert RequestIdFilter().filter(record)
    finally:
        request_ids._request_id.reset(token)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "GET /readyz 200" and entry["request_id"] == "abc-123"
    assert entry["path"] == "/readyz" and entry["status"] == 200 and entry["level"] == "INFO"
    assert entry["process"] > 0 and entry["time"].endswith("+00:00")
    assert "task_id" not in entry  # not in a task


def test_json_format_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.setenv("SMARTBANK_LOG_FORMAT", "json")
    monkeypatch.delenv("SMARTBANK_LOG_LEVEL", raising=False)
    config = logging_config()
    assert config["handlers"]["console"]["formatter"] == "json" and config["root"]["level"] == "INFO"
    monkeypatch.setenv("SMARTBANK_LOG_FORMAT", "text")
    config = logging_config()
    assert "formatter" not in config["handlers"]["console"] and config["root"]["level"] == "WARNING"


def test_a_published_task_carries_the_request_id_in_its_headers():
    headers: dict = {}
    token = request_ids._request_id.set("reg-42")
    try:
        request_ids._attach_to_message(headers=headers)
    finally:
        request_ids._request_id.reset(token)
    assert headers == {"request_id": "reg-42"}
    untouched: dict = {}
    request_ids._attach_to_message(headers=untouched)  # outside a request (the sweep): nothing made up
    assert untouched == {}
