"""Helpers for end-to-end KYC tests: register through the API and wait for the worker's decision."""

from __future__ import annotations

import time

from django.core.files.uploadedfile import SimpleUploadedFile

from smartbank_desktop.backend.customers.models import Customer

from ..factories import registration_fields

FINAL = {"VERIFIED", "MANUAL_REVIEW", "REJECTED"}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return SimpleUploadedFile(name, content, kind)


def register(api, details, card: bytes, selfie: bytes, **overrides) -> tuple[str, dict]:
    """POST a registration for the card holder; returns (registration id, the fields sent)."""
    fields = registration_fields(**{"full_name": details.name, "date_of_birth": details.date_of_birth.isoformat(),
                                    "aadhaar_number": details.number, **overrides})
    started = time.monotonic()
    response = api.post("/api/v1/registrations/", {**fields, "aadhaar_card": upload("card.png", card),
                                                    "selfie": upload("me.jpg", selfie)}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "PENDING"
    assert time.monotonic() - started < 5, "registration must not wait for the checks"
    return response.json()["registration_id"], fields


def wait_for_decision(api, registration_id: str, timeout: float = 90) -> dict:
    """Poll the status endpoint until the case is decided; the last answer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(f"/api/v1/registrations/{registration_id}/").json()
        if body["status"] in FINAL:
            return body
        time.sleep(0.2)
    raise AssertionError(f"no decision within {timeout} s: {body}")


def sign_in(api, fields) -> None:
    response = api.post("/api/auth/login/", {"username": fields["mobile"], "pin": fields["pin"]}, format="json")
    assert response.status_code == 200, response.content
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")


def customer(registration_id: str) -> Customer:
    return Customer.objects.get(pk=registration_id)
