"""POST /api/v1/registrations/{id}/documents/: who may send new documents, and nothing half-written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartbank_desktop.backend.customers.models import Document, KycStatus
from smartbank_desktop.backend.kyc import decisions, leases, queue
from smartbank_desktop.backend.kyc.models import KycCase

from ..factories import image_bytes, make_customer

pytestmark = pytest.mark.django_db


def files(card=None):
    return {"aadhaar_card": card or SimpleUploadedFile("card.jpg", image_bytes(), "image/jpeg"),
            "selfie": SimpleUploadedFile("me.jpg", image_bytes(), "image/jpeg")}


def rejected_customer():
    customer = make_customer(KycStatus.PENDING)
    case = leases.claim(customer.pk, "t")
    decisions.give_up(case, "t", "test")
    KycCase.objects.filter(pk=case.pk).update(status="REJECTED")
    customer.kyc_status = KycStatus.REJECTED
    customer.save(update_fields=["kyc_status"])
    customer.pin = "4826"
    return customer


def url(customer):
    return f"/api/v1/registrations/{customer.pk}/documents/"


def test_rejected_customer_uploads_new_documents_as_a_new_attempt(client_for, django_capture_on_commit_callbacks,
                                                                   monkeypatch):
    customer = rejected_customer()
    sent = []
    monkeypatch.setattr(queue, "enqueue", lambda customer_id: sent.append(str(customer_id)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(customer).post(url(customer), files(), format="multipart")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "PENDING" and response.json()["attempt"] == 2
    assert sent == [str(customer.pk)]
    assert Document.objects.filter(customer=customer, attempt=2).count() == 2
    assert KycCase.objects.get(customer=customer, attempt=2).status == "PENDING"


def test_customers_not_rejected_are_refused_with_a_plain_reason(client_for):
    customer = make_customer(KycStatus.VERIFIED)
    response = client_for(customer).post(url(customer), files(), format="multipart")
    assert response.status_code == 409
    assert response.json() == {"code": "resubmission_not_allowed", "kyc_status": "VERIFIED",
                               "detail": "Your identity is already verified. There is nothing more to upload."}
    assert not Document.objects.filter(customer=customer, attempt=2).exists()


def test_only_the_customer_may_upload_and_only_when_signed_in(api, client_for):
    customer, other = rejected_customer(), make_customer()
    assert api.post(url(customer), files(), format="multipart").status_code == 401
    refused = client_for(other).post(url(customer), files(), format="multipart")
    assert refused.status_code == 404 and refused.json()["code"] == "no_such_registration"


def test_a_bad_file_is_refused_and_nothing_is_written(client_for):
    customer = rejected_customer()
    bad = SimpleUploadedFile("card.jpg", b"%!PS-Adobe not an image", "image/jpeg")
    response = client_for(customer).post(url(customer), files(card=bad), format="multipart")
    assert response.status_code == 400
    assert "aadhaar_card" in response.json()["errors"]
    customer.refresh_from_db()
    assert customer.kyc_attempts == 1 and customer.kyc_status == "REJECTED"
    assert KycCase.objects.filter(customer=customer).count() == 1
    assert not Document.objects.filter(customer=customer, attempt=2).exists()


def test_an_unknown_registration_is_a_coded_404(api):
    response = api.get("/api/v1/registrations/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert response.json() == {"code": "no_such_registration", "detail": "No such registration."}


def test_the_schema_documents_the_registration_refusals(api):
    schema = api.get("/api/schema/?format=json").json()["paths"]
    documents = schema["/api/v1/registrations/{registration_id}/documents/"]["post"]["responses"]
    assert "resubmission_not_allowed" in documents["409"]["description"]
    assert "no_such_registration" in documents["404"]["description"]
    detail = schema["/api/v1/registrations/{registration_id}/"]["get"]["responses"]
    assert "no_such_registration" in detail["404"]["description"]
    assert "already_registered" in schema["/api/v1/registrations/"]["post"]["responses"]["409"]["description"]
