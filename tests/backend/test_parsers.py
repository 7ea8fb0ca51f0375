"""JSON bodies nested too deeply are refused as malformed (400) on every JSON operation, not a server error."""

from __future__ import annotations

import re

import pytest

from smartbank_desktop.backend.parsers import MAX_JSON_DEPTH

pytestmark = pytest.mark.django_db

NESTED = "[" * 2000 + "]" * 2000  # about 4 KB: deeper than Python's recursion limit


def json_operations(schema) -> list[tuple[str, str]]:
    """Every (method, path) whose request body may be JSON, with path parameters filled in."""
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return found


def test_every_json_operation_refuses_deep_nesting_as_malformed(schema, customer, client_for):
    operations = json_operations(schema)
    assert ("post", "/api/auth/login/") in operations and ("post", "/api/chatbot/command/") in operations
    client = client_for(customer)
    client.raise_request_exception = False
    answers = {}
    for method, path in operations:
        response = getattr(client, method)(path, data=NESTED, content_type="application/json",
                                           HTTP_IDEMPOTENCY_KEY="deep")  # transfers read the header first
        answers[f"{method.upper()} {path}"] = (response.status_code, response.json().get("code"))
    assert answers == dict.fromkeys(answers, (400, "malformed_request"))


def test_signed_out_sign_in_refuses_deep_nesting_with_a_plain_detail(api):
    api.raise_request_exception = False
    response = api.post("/api/auth/login/", data=NESTED, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "malformed_request"
    assert f"{MAX_JSON_DEPTH} levels" in response.json()["detail"]


@pytest.mark.parametrize("depth, code", [(MAX_JSON_DEPTH, "invalid_input"), (MAX_JSON_DEPTH + 1, "malformed_request")])
def test_nesting_up_to_the_bound_is_read(api, depth, code):
    # {"username": [[...]]}: the object is one level, the arrays the rest; strings' brackets do not count.
    body = '{"username": ' + "[" * (depth - 1) + '"[[[{{"' + "]" * (depth - 1) + "}"
    response = api.post("/api/auth/login/", data=body, content_type="application/json")
    assert response.json()["code"] == code
