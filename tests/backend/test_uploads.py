"""The upload attack corpus against every endpoint that takes files: each file refused with a 4xx, a stable
code and a plain reason, and nothing stored (no document, no case, no template, no token, no try counted).

A virus inside an otherwise clean PDF is the one thing only the scanner can judge: the KYC pipeline tests
send it through the real worker, which quarantines it and rejects the case."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.authn.models import BiometricTemplate, Challenge, SignInGuard, SignInSession, StepUpToken
from smartbank_desktop.backend.customers.models import Customer, Document
from smartbank_desktop.backend.kyc.models import KycCase
from tests.support import upload_corpus as corpus

from .factories import image_bytes, registration_fields
from .kyc.test_kyc_resubmission import rejected_customer

pytestmark = pytest.mark.django_db

PICTURES = corpus.pictures()
DOCUMENTS = corpus.documents()
RECORDINGS = corpus.recordings()


def upload(content: bytes, name: str = "upload.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def files_in_storage() -> list[str]:
    root = settings.DOCUMENTS_ROOT
    return sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names) if root.exists() else []


def assert_refused(response, code: str, words: str, field: str | None = None) -> None:
    assert 400 <= response.status_code < 500, response.content
    body = response.json()
    if body.get("code") == "invalid_input" and not field and words == "empty":
        code = "invalid_input"  # an empty file goes no further than the request's own checks
    assert body["code"] == code and body["detail"], body
    reason = body["errors"][field][0] if field else body["detail"]
    assert words in reason.lower(), reason


class Nothing:
    """What a refused upload must leave unchanged."""

    def __init__(self):
        self.before = self.now()

    @staticmethod
    def now():
        return {"files": files_in_storage(), "customers": Customer.objects.count(),
                "documents": Document.objects.count(), "cases": KycCase.objects.count(),
                "templates": BiometricTemplate.objects.count(), "tokens": StepUpToken.objects.count(),
                "sessions": SignInSession.objects.count(), "used challenges": Challenge.objects.filter(
                    used_at__isnull=False).count(),
                "failed tries": sum(SignInGuard.objects.values_list("failures", flat=True)),
                "attempts": sum(Customer.objects.values_list("kyc_attempts", flat=True))}

    def changed(self) -> dict:
        after = self.now()
        return {k: (v, after[k]) for k, v in self.before.items() if after[k] != v}


# ---------------------------------------------------------------- identity documents

@pytest.mark.parametrize("case", sorted(DOCUMENTS))
def test_registration_refuses_each_bad_card(api, case):
    content, words = DOCUMENTS[case]
    nothing = Nothing()
    payload = {**registration_fields(), "aadhaar_card": upload(content, "card.jpg"),
               "selfie": SimpleUploadedFile("me.jpg", image_bytes(), "image/jpeg")}
    assert_refused(api.post("/api/v1/registrations/", payload, format="multipart"), "invalid_input", words,
                   "aadhaar_card")
    assert not nothing.changed()
    assert not AuditEvent.objects.filter(action="registration.create", outcome="success").exists()


@pytest.mark.parametrize("case", sorted(PICTURES))
def test_registration_refuses_each_bad_selfie(api, case):
    content, words = PICTURES[case]
    words = "must be a" if content.startswith(b"%PDF") else words  # a PDF is no selfie, whatever it holds
    nothing = Nothing()
    payload = {**registration_fields(), "aadhaar_card": SimpleUploadedFile("card.jpg", image_bytes(), "image/jpeg"),
               "selfie": upload(content, "me.jpg")}
    response = api.post("/api/v1/registrations/", payload, format="multipart")
    assert_refused(response, "invalid_input", words, "selfie")
    assert not nothing.changed()


@pytest.mark.parametrize("case", sorted(DOCUMENTS))
def test_new_documents_refuse_each_bad_card(client_for, case):
    content, words = DOCUMENTS[case]
    customer = rejected_customer()
    client = client_for(customer)
    nothing = Nothing()
    response = client.post(f"/api/v1/registrations/{customer.pk}/documents/",
                           {"aadhaar_card": upload(content, "card.pdf"),
                            "selfie": SimpleUploadedFile("me.jpg", image_bytes(), "image/jpeg")}, format="multipart")
    assert_refused(response, "invalid_input", words, "aadhaar_card")
    assert not nothing.changed()
    customer.refresh_from_db()
    assert customer.kyc_status == "REJECTED"


@pytest.mark.parametrize("name", ["../../../../tmp/smartbank-escape.jpg", "..\\..\\..\\smartbank-escape.jpg",
                                  "/etc/cron.d/smartbank-escape.jpg", "card.jpg\x00.php"])
def test_a_path_in_the_file_name_is_never_used(api, name, tmp_path):
    """The name is not the file: Django keeps only its last part, and storage names are generated. A good card
    under such a name is taken as the card it is, and lands in storage under a name of the bank's."""
    payload = {**registration_fields(), "aadhaar_card": SimpleUploadedFile(name, image_bytes(), "image/jpeg"),
               "selfie": SimpleUploadedFile("me.jpg", image_bytes(), "image/jpeg")}
    response = api.post("/api/v1/registrations/", payload, format="multipart")
    assert response.status_code == 201, response.content
    customer_id = response.json()["registration_id"]
    assert Document.objects.count() == 2
    for document in Document.objects.all():
        assert re.fullmatch(rf"{customer_id}/[0-9a-f]{{32}}", document.file.name), document.file.name
    root = os.path.realpath(settings.DOCUMENTS_ROOT)
    assert all(os.path.realpath(f).startswith(root + os.sep) for f in files_in_storage())
    assert not os.path.exists("/tmp/smartbank-escape.jpg") and not os.path.exists("/etc/cron.d/smartbank-escape.jpg")


# ---------------------------------------------------------------- camera pictures and recordings

@pytest.fixture
def good_recordings():
    return [corpus.wav(), corpus.wav()]


@pytest.mark.parametrize("case", sorted(PICTURES))
def test_face_sign_in_refuses_each_bad_picture(api, customer, case):
    content, words = PICTURES[case]
    nothing = Nothing()
    response = api.post("/api/auth/login/", {"method": "face", "username": customer.mobile,
                                             "challenge_id": str(uuid.uuid4()),
                                             "frames": [upload(corpus.jpeg()), upload(content)]}, format="multipart")
    assert_refused(response, "unusable_picture", words)
    assert not nothing.changed()


@pytest.mark.parametrize("case", sorted(RECORDINGS))
def test_voice_sign_in_refuses_each_bad_recording(api, customer, case):
    content, words = RECORDINGS[case]
    nothing = Nothing()
    response = api.post("/api/auth/login/", {"method": "voice", "username": customer.mobile,
                                             "challenge_id": str(uuid.uuid4()), "audio": upload(content)},
                        format="multipart")
    assert_refused(response, "unusable_recording", words)
    assert not nothing.changed()


@pytest.mark.parametrize("case", sorted(PICTURES))
def test_face_enrolment_refuses_each_bad_picture(client_for, customer, case):
    content, words = PICTURES[case]
    client = client_for(customer)
    nothing = Nothing()
    frames = [upload(corpus.jpeg()), upload(corpus.jpeg()), upload(content)]
    response = client.post("/api/auth/biometrics/", {"kind": "face", "frames": frames}, format="multipart")
    assert_refused(response, "unusable_picture", words)
    assert not nothing.changed()


@pytest.mark.parametrize("case", sorted(RECORDINGS))
def test_voice_enrolment_refuses_each_bad_recording(client_for, customer, good_recordings, case):
    content, words = RECORDINGS[case]
    client = client_for(customer)
    nothing = Nothing()
    recordings = [upload(r) for r in good_recordings] + [upload(content)]
    response = client.post("/api/auth/biometrics/", {"kind": "voice", "recordings": recordings}, format="multipart")
    assert_refused(response, "unusable_recording", words)
    assert not nothing.changed()


@pytest.mark.parametrize("case", sorted(RECORDINGS))
def test_voice_step_up_refuses_each_bad_recording(client_for, customer, case):
    content, words = RECORDINGS[case]
    client = client_for(customer)
    nothing = Nothing()
    response = client.post("/api/auth/step-up/", {"method": "voice", "challenge_id": str(uuid.uuid4()),
                                                  "audio": upload(content), "amount_paise": 20_000_00,
                                                  "to_account": "9" * 15}, format="multipart")
    assert_refused(response, "unusable_recording", words)
    assert not nothing.changed()
