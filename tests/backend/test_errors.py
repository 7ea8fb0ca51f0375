"""One refusal vocabulary: every code has a status and a family, every error body has code and detail,
and the OpenAPI schema documents the error body and each operation's refusals."""

from __future__ import annotations

import pytest

from smartbank_desktop.backend.errors import API_CODES, HTTP_STATUS
from smartbank_desktop.core.refusals import FAMILY_OF, Code, refuse

pytestmark = pytest.mark.django_db


def test_every_code_has_a_family_and_every_api_code_a_status():
    assert set(FAMILY_OF) == set(Code)
    assert set(HTTP_STATUS) == set(Code) - {Code.BANK_UNREACHABLE}  # that one is said by the client only
    assert all(400 <= status < 600 for status in HTTP_STATUS.values())
    assert {type(refuse(code)).family for code in Code} == set(FAMILY_OF.values())


def test_the_schema_names_every_code_in_the_error_body(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "detail"}
    enum = error["properties"]["code"]["allOf"][0]["$ref"].rsplit("/", 1)[1]
    codes = schema["components"]["schemas"][enum]["enum"]
    assert set(codes) == {code.value for code in API_CODES}


def test_every_operation_documents_its_refusals_with_the_error_body(schema):
    undocumented = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            failures = {status: answer for status, answer in operation["responses"].items() if status >= "400"}
            if not failures:
                undocumented.append(f"{method.upper()} {path}: no error answers")
            for status, answer in failures.items():
                body = answer.get("content", {}).get("application/json", {}).get("schema", {})
                if body.get("$ref") != "#/components/schemas/Error":
                    undocumented.append(f"{method.upper()} {path} {status}")
                elif not answer["description"].startswith("code: "):
                    undocumented.append(f"{method.upper()} {path} {status}: codes not named")
    assert undocumented == []


@pytest.mark.parametrize("method, path, body, content_type, status, code", [
    ("get", "/api/v1/accounts/", None, None, 401, "not_signed_in"),
    ("post", "/api/auth/login/", "{not json", "application/json", 400, "malformed_request"),
    ("post", "/api/auth/login/", "<x/>", "application/xml", 415, "unsupported_media_type"),
    ("put", "/api/auth/login/", "{}", "application/json", 405, "method_not_allowed"),
    ("post", "/api/auth/login/", '{"method": "pin"}', "application/json", 400, "invalid_input"),
    ("post", "/api/auth/login/", '{"username": "9800099999", "pin": "1234"}', "application/json", 401,
     "wrong_credentials"),
])
def test_error_bodies_carry_a_code_and_a_plain_detail(api, method, path, body, content_type, status, code):
    kwargs = {"data": body, "content_type": content_type} if body is not None else {}
    response = getattr(api, method)(path, **kwargs)
    assert response.status_code == status, response.content
    answer = response.json()
    assert answer["code"] == code and isinstance(answer["detail"], str) and answer["detail"].endswith(".")
    if code == "invalid_input":
        assert answer["errors"]["username"] == ["This field is required."]
