"""The OpenAPI schema documents every answer an operation can give and states the rules it can;
the server holds requests to what the schema states."""

from __future__ import annotations

import random
import re

import pytest
from rest_framework import serializers

pytestmark = pytest.mark.django_db

BODY_METHODS = ("post", "put", "patch")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", method, path, operation


def codes(operation, status: str) -> set[str]:
    answer = operation["responses"].get(status)
    return set(answer["description"].removeprefix("code: ").split(", ")) if answer else set()


def test_every_operation_documents_the_refusals_of_its_kind(schema):
    missing = []
    for name, method, path, operation in operations(schema):
        security = operation.get("security", [])
        expected = {("401", "not_signed_in")} if security and {} not in security else set()
        if "{" in path:
            expected.add(("404", "not_found"))
        if method in BODY_METHODS and "requestBody" in operation:
            expected |= {("400", "invalid_input"), ("400", "malformed_request"), ("413", "request_too_large"),
                         ("415", "unsupported_media_type")}
        missing += [f"{name} {status} {code}" for status, code in expected if code not in codes(operation, status)]
    assert missing == []
    for name in ("POST /api/auth/login/", "POST /api/auth/challenge/", "POST /api/auth/step-up/",
                 "POST /api/auth/verify-otp/", "POST /api/v1/registrations/"):
        operation = next(op for label, _, _, op in operations(schema) if label == name)
        assert "throttled" in codes(operation, "429"), name


def test_the_codes_a_view_declares_are_kept_beside_those_of_its_kind(schema):
    login = schema["paths"]["/api/auth/login/"]["post"]
    assert {"invalid_input", "unusable_picture", "malformed_request"} <= codes(login, "400")
    assert codes(login, "403") == {"locked_out", "otp_required", "pin_not_enough"}


def test_the_idempotency_key_is_stated_and_held_to(schema, client_for, customer):
    header = next(p for p in schema["paths"]["/api/transactions/"]["post"]["parameters"]
                  if p["name"] == "Idempotency-Key")
    assert header["required"] and header["in"] == "header"
    pattern = header["schema"]["pattern"]
    client = client_for(customer)
    body = {"from_account": "123456789012345", "to_account": "543210987654321", "amount_paise": 100}
    for key in ("a b", "é" * 3, "k" * 101):
        assert not re.search(pattern, key)
        response = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
        assert response.status_code == 400 and response.json()["code"] == "idempotency_key_missing", key


def test_what_each_sign_in_method_and_account_type_needs_is_stated(schema):
    sign_in = schema["components"]["schemas"]["SignInRequest"]
    assert [(b["properties"]["method"]["enum"], b["required"]) for b in sign_in["oneOf"]] == [
        (["pin"], ["pin"]), (["face"], ["method", "challenge_id", "frames"]),
        (["voice"], ["method", "challenge_id", "audio"])]
    fd, others = schema["components"]["schemas"]["OpenAccountRequest"]["oneOf"]
    assert fd["properties"]["type"]["enum"] == ["fd"] and fd["required"] == ["type", "amount_paise", "term_months"]
    assert fd["properties"]["amount_paise"]["minimum"] == 1000_00
    assert others["properties"]["type"]["enum"] == ["savings", "current"]
    # JSON and plain forms carry no files: only PIN sign-in can be sent as JSON.
    content = schema["paths"]["/api/auth/login/"]["post"]["requestBody"]["content"]
    assert [b["properties"]["method"]["enum"] for b in content["application/json"]["schema"]["oneOf"]] == [["pin"]]
    assert list(schema["paths"]["/api/auth/biometrics/"]["post"]["requestBody"]["content"]) == ["multipart/form-data"]


def test_pin_mobile_and_aadhaar_forms_are_stated(schema):
    registration = schema["components"]["schemas"]["RegistrationRequestRequest"]["properties"]
    login = schema["components"]["schemas"]["SignInRequest"]["properties"]
    pin = registration["pin"]["pattern"]
    assert login["pin"]["pattern"] == pin
    assert [bool(re.search(pin, text)) for text in ("4826", "482615", "48261", "٤٨٢٦", "48a6")] == [
        True, True, False, False, False]
    assert re.search(registration["mobile"]["pattern"], "+91 98765 43210")
    assert not re.search(registration["mobile"]["pattern"], "5876543210")
    assert re.search(registration["aadhaar_number"]["pattern"], "2345 6789 0123")
    assert not re.search(registration["aadhaar_number"]["pattern"], "12345678901")


@pytest.mark.parametrize("options", [
    {"max_length": 254}, {"min_length": 2, "max_length": 150}, {"min_length": 5, "max_length": 500},
    {"allow_blank": True, "max_length": 500}, {"max_length": 1}, {}, {"trim_whitespace": False, "max_length": 6},
])
def test_a_text_fields_pattern_takes_exactly_what_the_field_takes(options):
    """Text is trimmed before its lengths are checked and may hold no NUL: the pattern says so
    (untrimmed text keeps its minLength and maxLength)."""
    from smartbank_desktop.backend.schema import _text_pattern

    field = serializers.CharField(**options)
    pattern = _text_pattern(field)
    least, most = (0, None) if field.trim_whitespace else (0 if field.allow_blank else 1, field.max_length)
    alphabet = [" ", "\t", "\x1c", "\u3000", "\ufeff", "a", "é", "\x00"]
    rng = random.Random(20261121)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 2, 3, 5, 6, 7, 150, 151, 500, 501])))
        try:
            serializers.CharField(**options).run_validation(text)
            taken = True
        except serializers.ValidationError:
            taken = False
        stated = bool(re.search(pattern, text)) and least <= len(text) <= (most or len(text))
        assert taken == stated, (options, text)


def test_the_white_space_of_the_patterns_is_what_trimming_removes():
    from smartbank_desktop.backend.schema import _SPACE

    characters = [chr(point) for point in range(0x110000)]
    assert {c for c in characters if re.fullmatch(f"[{_SPACE}]", c)} == {c for c in characters if c.isspace()}


@pytest.mark.parametrize("path, body, content_type, field", [
    ("/api/auth/challenge/", '{"username": 9800012345, "kind": "face"}', "application/json", "username"),
    ("/api/chatbot/command/", '{"text": "hello", "conversation_id": 12}', "application/json", "conversation_id"),
    ("/api/v1/accounts/", '{"type": "fd", "amount_paise": "500000", "term_months": 12}', "application/json",
     "amount_paise"),
    ("/api/chatbot/command/", "text=hello&conversation_id=", "application/x-www-form-urlencoded", "conversation_id"),
    ("/api/v1/accounts/", "type=savings&funding_account=", "application/x-www-form-urlencoded", "funding_account"),
])
def test_values_the_schema_calls_invalid_are_refused(client_for, customer, path, body, content_type, field):
    response = client_for(customer).post(path, data=body, content_type=content_type)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_input" and field in response.json()["errors"]


def test_an_empty_date_in_the_history_query_is_refused(client_for, customer):
    response = client_for(customer).get("/api/transactions/history/?date_to=")
    assert response.status_code == 400 and "date_to" in response.json()["errors"]


def test_field_errors_are_sentences_by_field_even_for_lists(client_for, customer):
    response = client_for(customer).post("/api/auth/biometrics/", {"kind": "voice", "recordings": ["a", "b"]},
                                         format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == {"recordings": ["The submitted data was not a file. "
                                                        "Check the encoding type on the form."]}


def test_an_api_address_that_names_nothing_answers_the_json_error_body(api, admin_client):
    response = api.delete("/api/v1/payees/-1/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": "This could not be found."}
    staff = admin_client.get("/admin/no-such-page/")  # the staff pages keep Django's own
    assert staff.status_code == 404 and staff["Content-Type"].startswith("text/html")


def test_the_language_of_spoken_digits_is_stated(schema):
    """Voice sign-in and voice step-up say which language the digits are said in: English unless told."""
    for name in ("SignInRequest", "StepUpRequest"):
        request = schema["components"]["schemas"][name]
        language = request["properties"]["language"]
        assert language["allOf"] == [{"$ref": "#/components/schemas/LanguageEnum"}] and language["default"] == "en"
        assert "said in" in language["description"] and "language" not in request.get("required", [])
    assert schema["components"]["schemas"]["LanguageEnum"]["enum"] == ["en", "hi"]
