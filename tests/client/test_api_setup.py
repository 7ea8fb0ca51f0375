"""The client's calls for setting a customer up, against the real server: face and voice enrolment (and the
bank's reason when a picture will not do), new documents for a registration, and the media types sent."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile

from smartbank_desktop.client.api import BankClient, _documents
from smartbank_desktop.core.refusals import Code, Refusal
from tests.backend.factories import image_bytes, pdf_bytes, registration_fields
from tests.biometrics.media import FACES
from tests.ui.test_sign_in import spoken_digits


@pytest.fixture
def signed_in(live_backend):
    customer = live_backend.take_customer()
    with BankClient(live_backend.url) as client:
        client.sign_in(customer["mobile"], customer["pin"])
        yield client


def test_face_enrolled_from_several_photos_of_one_person(signed_in):
    assert signed_in.enrolled() == []
    frames = [(FACES / name).read_bytes() for name in ("obama/obama2.jpg", "obama/obama3.jpg",
                                                       "obama/obama1_knntest.jpg")]
    answer = signed_in.enrol_face(frames)
    assert answer["enrolled"] == ["face"]
    assert signed_in.enrolled() == ["face"]


def test_a_picture_with_no_face_is_refused_with_the_banks_reason(signed_in):
    with pytest.raises(Refusal) as refused:
        signed_in.enrol_face([image_bytes()] * 3)
    assert refused.value.code == Code.BIOMETRIC_QUALITY
    assert "face" in refused.value.detail.lower()
    assert signed_in.enrolled() == []


def wav(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, 16000, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def test_voice_enrolled_from_three_recordings(signed_in):
    recordings = [wav(spoken_digits(code, range(0, 20))) for code in ("3917", "58024", "640713")]
    assert signed_in.enrol_voice(recordings)["enrolled"] == ["voice"]
    assert signed_in.enrolled() == ["voice"]


def test_new_documents_are_refused_while_the_first_are_being_checked(live_backend):
    fields = registration_fields(mobile="9123400017", email="setup.client@example.in")
    with BankClient(live_backend.url) as client:
        registration = client.register(fields, aadhaar_card=image_bytes("PNG"), selfie=image_bytes())
        client.sign_in(fields["mobile"], fields["pin"])
        with pytest.raises(Refusal) as refused:
            client.upload_documents(registration["registration_id"], aadhaar_card=pdf_bytes(), selfie=image_bytes())
    assert refused.value.code == Code.RESUBMISSION_NOT_ALLOWED
    assert "checking your documents" in refused.value.detail


def test_documents_are_sent_with_the_type_of_their_content():
    files = _documents(aadhaar_card=pdf_bytes(), selfie=image_bytes("PNG"))
    assert files["aadhaar_card"][0] == "aadhaar_card.pdf" and files["aadhaar_card"][2] == "application/pdf"
    assert files["selfie"][0] == "selfie.png" and files["selfie"][2] == "image/png"
    assert _documents(selfie=image_bytes("JPEG"))["selfie"][2] == "image/jpeg"
