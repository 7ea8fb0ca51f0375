"""POST /api/v1/registrations/ with real multipart requests, and the status endpoint."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.customers.models import AadhaarRecord, Customer, Document

from ..factories import image_bytes, pdf_bytes, registration_fields

pytestmark = pytest.mark.django_db


def post_registration(api, fields=None, card=None, selfie=None, **overrides):
    fields = fields or registration_fields(**overrides)
    payload = dict(fields)
    payload["aadhaar_card"] = card or SimpleUploadedFile("card.jpg", image_bytes(), "image/jpeg")
    payload["selfie"] = selfie or SimpleUploadedFile("me.png", image_bytes("PNG"), "image/png")
    return api.post("/api/v1/registrations/", payload, format="multipart"), fields


def test_registration_is_created_pending_and_stores_documents_encrypted(api):
    card = pdf_bytes()
    response, fields = post_registration(api, card=SimpleUploadedFile("card.pdf", card, "application/pdf"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "PENDING"
    customer = Customer.objects.get(pk=body["registration_id"])
    assert customer.mobile == "+91" + fields["mobile"]
    assert customer.user.check_password(fields["pin"])
    documents = {d.kind: d for d in Document.objects.filter(customer=customer)}
    assert set(documents) == {"AADHAAR_CARD", "SELFIE"}
    stored = documents["AADHAAR_CARD"]
    assert stored.content_type == "application/pdf"
    raw_on_disk = storages["documents"].inner.open(stored.file.name).read()
    assert card[:5] not in raw_on_disk and raw_on_disk != card  # encrypted at rest
    assert storages["documents"].read_bytes(stored.file.name) == card  # and decrypts back
    # The Aadhaar number is only in the vault, encrypted, and findable by keyed hash.
    vault = AadhaarRecord.objects.get(customer=customer)
    assert fields["aadhaar_number"].encode() not in bytes(vault.ciphertext)
    assert vault.reveal() == fields["aadhaar_number"]


def test_status_endpoint_reports_status_without_personal_data(api):
    response, fields = post_registration(api)
    registration_id = response.json()["registration_id"]
    status = api.get(f"/api/v1/registrations/{registration_id}/")
    assert status.status_code == 200
    assert status.json()["status"] == "PENDING"
    assert fields["full_name"] not in status.content.decode()
    assert api.get("/api/v1/registrations/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.parametrize(
    "override, field, words",
    [
        ({"aadhaar_number": "234123412345"}, "aadhaar_number", "not valid"),
        ({"aadhaar_number": "12345"}, "aadhaar_number", "12 digits"),
        ({"mobile": "12345"}, "mobile", "10-digit"),
        ({"date_of_birth": str(date.today().replace(year=date.today().year - 17))}, "date_of_birth", "18"),
        ({"pin": "1234"}, "pin", "run of digits"),
        ({"pin": "12a4"}, "pin", "4 or 6 digits"),
        ({"pin": "\u0664\u0668\u0662\u0666"}, "pin", "4 or 6 digits"),  # ٤٨٢٦, Arabic-Indic digits
        ({"pin": "\u096a\u096e\u096b\u096d"}, "pin", "4 or 6 digits"),  # ४८५७, Devanagari digits
        ({"full_name": "Kamala \u202eived"}, "full_name", "change the direction"),  # right-to-left override
        ({"full_name": "Kamala\u200b Devi"}, "full_name", "invisible"),  # zero-width space
        ({"full_name": "Kamala\x1b[31m Devi"}, "full_name", "control characters"),
        ({"email": "not-an-email"}, "email", "email"),
    ],
)
def test_bad_fields_get_a_reason_per_field_and_nothing_is_stored(api, override, field, words):
    response, _ = post_registration(api, **override)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert words.lower() in " ".join(body["errors"][field]).lower()
    assert Customer.objects.count() == 0 and AadhaarRecord.objects.count() == 0


@pytest.mark.parametrize("name", ["रमेश कुमार", "क्षितिज शर्मा", "उत्\u200cकर्ष", "अर्\u200dजुन", "Zoë D'Souza"])
def test_names_in_devanagari_with_their_marks_and_joiners_register(api, name):
    response, _ = post_registration(api, full_name=name)
    assert response.status_code == 201, response.content
    assert Customer.objects.get().full_name == name


@pytest.mark.parametrize("clash", ["aadhaar_number", "mobile", "email"])
def test_second_registration_with_same_identity_is_409(api, clash):
    first, fields = post_registration(api)
    assert first.status_code == 201
    second_fields = registration_fields()
    second_fields[clash] = fields[clash]
    second, _ = post_registration(api, fields=second_fields)
    assert second.status_code == 409, second.content
    assert clash in second.json()["fields"]
    assert Customer.objects.count() == 1


def test_no_response_or_audit_event_reveals_the_aadhaar_number(api):
    response, fields = post_registration(api)
    number = fields["aadhaar_number"]
    assert number not in response.content.decode()
    event = AuditEvent.objects.get(action="registration.create", outcome="success")
    assert event.details["aadhaar"] == f"XXXX XXXX {number[-4:]}"
    assert all(number not in str(e.details) for e in AuditEvent.objects.all())


def test_multipart_with_a_large_real_photo_is_accepted(api):
    # A 12-megapixel JPEG, as a phone takes: well within the pixel limit.
    big = image_bytes(size=(4000, 3000))
    response, _ = post_registration(api, selfie=SimpleUploadedFile("p.jpg", big, "image/jpeg"))
    assert response.status_code == 201, response.content
