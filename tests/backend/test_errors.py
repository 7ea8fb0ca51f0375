"""One refusal vocabulary: every code has a status and a family, every error body has code and detail,
and the OpenAPI schema documents the error body and each operation's refusals."""

from __future__ import annotations

import json

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


# ---------------------------------------------------------------- errors Django answers before a view

def assert_error_body(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json", response.content[:300]
    answer = json.loads(response.content)
    assert answer["code"] == code and answer["detail"].endswith("."), answer


@pytest.fixture
def unchecked(api):
    """A client that receives the answer to a request that raised, as a real client would."""
    api.raise_request_exception = False
    return api


def test_a_body_over_the_memory_limit_is_refused_as_too_large_in_json(unchecked, settings):
    too_large = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024 * 1024  # 26 MB
    as_json = unchecked.post("/api/auth/login/", data=b" " * too_large, content_type="application/json")
    assert_error_body(as_json, 413, "request_too_large")
    as_form = unchecked.post("/api/v1/registrations/", data={"full_name": "x" * too_large})
    assert_error_body(as_form, 413, "request_too_large")


def test_an_unknown_api_address_is_not_found_in_json(unchecked):
    assert_error_body(unchecked.get("/api/v1/nothing-here/"), 404, "not_found")
    assert_error_body(unchecked.post("/api/nothing", data="{}", content_type="application/json"), 404, "not_found")


def test_a_host_not_allowed_is_refused_in_json(unchecked):
    assert_error_body(unchecked.get("/api/v1/accounts/", HTTP_HOST="bank.example.net"), 400, "malformed_request")


def test_a_server_failure_answers_in_json(unchecked, customer, client_for, monkeypatch):
    from smartbank_desktop.backend.banking.views import AccountListView

    def fail(view, request):
        raise RuntimeError("a fault in the bank")

    client = client_for(customer)
    client.raise_request_exception = False
    monkeypatch.setattr(AccountListView, "get", fail)
    assert_error_body(client.get("/api/v1/accounts/"), 500, "server_error")


def test_a_csrf_failure_answers_in_json():
    from django.http import HttpResponse
    from django.middleware.csrf import CsrfViewMiddleware
    from django.test import RequestFactory

    request = RequestFactory().post("/api/v1/accounts/", data={})
    request.COOKIES["csrftoken"] = "x" * 32  # a cookie, and no token in the form: a forged request

    def view(request):
        return HttpResponse("done")

    refused = CsrfViewMiddleware(view).process_view(request, view, (), {})
    assert_error_body(refused, 403, "permission_denied")


def test_the_staff_pages_keep_their_own_error_pages(unchecked):
    missing = unchecked.get("/nothing-here/")
    assert missing.status_code == 404 and missing["Content-Type"].startswith("text/html")
