"""Face and voice sign-in through the API, with real photos and real speech.

Face: enrolled from three photos, signed in with a blink (or head-turn) burst
built from another photo; another person, a still photo, the wrong action and a
reused challenge fail. Voice: a man reading digits (three phrases): enrolled
from two, signed in by speaking the third when it is the challenge; wrong
digits, replayed enrolment audio and an espeak-ng voice fail.
"""

from __future__ import annotations

import io
import subprocess

import cv2
import numpy as np
import pytest
import soundfile

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.authn.models import BiometricTemplate, Challenge
from tests.biometrics.media import DATA, FACES
from tests.support import bursts

pytestmark = pytest.mark.django_db

DIGITS_RECORDING = DATA / "speech" / "english" / "vosk_test.wav"
PHRASES = {"10001": (0.6, 2.9), "90210": (3.7, 5.3), "01803": (6.0, 8.2)}  # seconds in the recording


def jpeg(image: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


def wav(samples: np.ndarray, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def photos():
    from smartbank_desktop.biometrics import images
    from smartbank_desktop.biometrics.face import FaceEngine

    engine = FaceEngine()
    loaded = {}
    for name in ("obama/obama.jpg", "obama/obama2.jpg", "obama/obama3.jpg", "obama/obama1_knntest.jpg",
                 "biden/biden.jpg"):
        image = images.fit_to_work_size(images.load_image(FACES / name))[0]
        loaded[name] = (image, engine.read(image).landmarks)
    return loaded


@pytest.fixture(scope="module")
def phrases():
    samples, rate = soundfile.read(DIGITS_RECORDING, dtype="float32")
    return {digits: wav(samples[int(a * rate):int(b * rate)], rate) for digits, (a, b) in PHRASES.items()}


def challenge(api, customer, kind, prompt):
    """Ask for a challenge as the app does, then fix its random prompt so the test knows what to do."""
    response = api.post("/api/auth/challenge/", {"username": customer.mobile, "kind": kind}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["prompt"] and body["expires_at"]
    Challenge.objects.filter(pk=body["challenge_id"]).update(prompt=prompt)
    return body["challenge_id"]


def face_sign_in(api, customer, challenge_id, frames):
    files = [io.BytesIO(jpeg(f)) for f in frames]
    for i, f in enumerate(files):
        f.name = f"frame{i}.jpg"
    return api.post("/api/auth/login/", {"method": "face", "username": customer.mobile, "challenge_id": challenge_id,
                                         "frames": files}, format="multipart")


@pytest.fixture
def face_customer(customer, client_for, photos):
    client = client_for(customer)
    frames = []
    for i, name in enumerate(("obama/obama2.jpg", "obama/obama3.jpg", "obama/obama1_knntest.jpg")):
        f = io.BytesIO(jpeg(photos[name][0]))
        f.name = f"enrol{i}.jpg"
        frames.append(f)
    response = client.post("/api/auth/biometrics/", {"kind": "face", "frames": frames}, format="multipart")
    assert response.status_code == 201, response.content
    assert client.get("/api/auth/biometrics/").json() == ["face"]
    return customer


def test_face_sign_in_with_a_blink(api, face_customer, photos):
    image, landmarks = photos["obama/obama.jpg"]
    response = face_sign_in(api, face_customer, challenge(api, face_customer, "face", "blink"),
                            bursts.blink_burst(image, landmarks))
    assert response.status_code == 200, response.content
    assert "access" in response.json()


def test_face_sign_in_with_the_asked_head_turn(api, face_customer, photos):
    image, landmarks = photos["obama/obama.jpg"]
    turning = bursts.head_turn_burst(image, landmarks, direction=-1.0)  # the customer's right, mirrored
    assert face_sign_in(api, face_customer, challenge(api, face_customer, "face", "turn_right"), turning).status_code == 200
    wrong_way = face_sign_in(api, face_customer, challenge(api, face_customer, "face", "turn_left"), turning)
    assert wrong_way.status_code == 401 and "other way" in wrong_way.json()["detail"]


def test_another_person_blinking_is_refused(api, face_customer, photos):
    image, landmarks = photos["biden/biden.jpg"]
    response = face_sign_in(api, face_customer, challenge(api, face_customer, "face", "blink"),
                            bursts.blink_burst(image, landmarks))
    assert response.status_code == 401
    event = AuditEvent.objects.filter(action="sign_in", details__method="face").latest("id")
    assert event.outcome == "failure" and event.details["live"] is True and event.details["distance"] > 0.56


def test_a_still_photo_and_a_reused_challenge_are_refused(api, face_customer, photos):
    image, landmarks = photos["obama/obama.jpg"]
    still = face_sign_in(api, face_customer, challenge(api, face_customer, "face", "blink"), bursts.still_burst(image))
    assert still.status_code == 401 and "blink" in still.json()["detail"]
    challenge_id = challenge(api, face_customer, "face", "blink")
    assert face_sign_in(api, face_customer, challenge_id, bursts.blink_burst(image, landmarks)).status_code == 200
    again = face_sign_in(api, face_customer, challenge_id, bursts.blink_burst(image, landmarks, seed=1))
    assert again.status_code == 401 and "expired" in again.json()["detail"]


def test_templates_are_encrypted_and_can_be_deleted(client_for, face_customer):
    template = BiometricTemplate.objects.get(user=face_customer.user, kind="face")
    assert len(bytes(template.sealed)) > 128 * 4  # sealed vector, not the raw floats
    client = client_for(face_customer)
    assert client.delete("/api/auth/biometrics/").status_code == 204
    assert not BiometricTemplate.objects.filter(user=face_customer.user).exists()
    assert AuditEvent.objects.filter(action="biometric.delete", actor=face_customer.user).exists()


@pytest.fixture
def voice_customer(customer, client_for, phrases):
    recordings = []
    for digits in ("10001", "90210"):
        f = io.BytesIO(phrases[digits])
        f.name = f"{digits}.wav"
        recordings.append(f)
    response = client_for(customer).post("/api/auth/biometrics/", {"kind": "voice", "recordings": recordings},
                                         format="multipart")
    assert response.status_code == 201, response.content
    return customer


def voice_sign_in(api, customer, challenge_id, audio: bytes):
    f = io.BytesIO(audio)
    f.name = "digits.wav"
    return api.post("/api/auth/login/", {"method": "voice", "username": customer.mobile,
                                         "challenge_id": challenge_id, "audio": f}, format="multipart")


def last_voice_event():
    return AuditEvent.objects.filter(action="sign_in", details__method="voice").latest("id")


def test_voice_sign_in_with_the_right_digits(api, voice_customer, phrases):
    response = voice_sign_in(api, voice_customer, challenge(api, voice_customer, "voice", "01803"), phrases["01803"])
    assert response.status_code == 200, response.content
    assert last_voice_event().details["digits_ok"] and last_voice_event().details["voice_ok"]


def test_wrong_digits_and_replayed_enrolment_audio_are_refused(api, voice_customer, phrases):
    wrong = voice_sign_in(api, voice_customer, challenge(api, voice_customer, "voice", "472913"), phrases["01803"])
    assert wrong.status_code == 401
    assert last_voice_event().details["digits_ok"] is False and last_voice_event().details["voice_ok"] is True
    replay = voice_sign_in(api, voice_customer, challenge(api, voice_customer, "voice", "01803"), phrases["10001"])
    assert replay.status_code == 401 and last_voice_event().details["digits_ok"] is False


def test_an_espeak_voice_saying_the_right_digits_is_refused(api, voice_customer, tmp_path):
    out = tmp_path / "espeak.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "140", "-w", str(out), "zero one eight zero three"], check=True)
    response = voice_sign_in(api, voice_customer, challenge(api, voice_customer, "voice", "01803"), out.read_bytes())
    assert response.status_code == 401
    assert last_voice_event().details["voice_ok"] is False


def test_another_person_is_refused(api, voice_customer):
    other = sorted((DATA / "speech" / "librispeech" / "1688").glob("*.flac"))[0]
    response = voice_sign_in(api, voice_customer, challenge(api, voice_customer, "voice", "01803"), other.read_bytes())
    assert response.status_code == 401 and last_voice_event().details["voice_ok"] is False


def test_unreadable_audio_is_a_plain_400(api, voice_customer):
    response = voice_sign_in(api, voice_customer, challenge(api, voice_customer, "voice", "01803"), b"not audio")
    assert response.status_code == 400 and response.json()["code"] == "unusable_recording"
    assert "must be a WAV or FLAC file" in response.json()["detail"]


def test_challenge_for_an_unknown_user_looks_the_same(api):
    response = api.post("/api/auth/challenge/", {"username": "9000000000", "kind": "voice"}, format="json")
    assert response.status_code == 200 and len(response.json()["prompt"]) == 6
    assert not Challenge.objects.exists()


def test_voice_step_up_unlocks_a_large_transfer(api, client_for, voice_customer, phrases):
    from smartbank_desktop.backend.banking.models import Payee

    from .factories import make_account, make_customer

    source = make_account(voice_customer, balance_paise=100_000_00)
    target = make_account(make_customer(full_name="Sita Devi"))
    Payee.objects.create(customer=voice_customer, name="Sita Devi", account=target)
    Payee.objects.update(added_at="2020-01-01T00:00:00Z")
    client = client_for(voice_customer)
    body = {"from_account": source.number, "to_account": target.number, "amount_paise": 20_000_00}
    first = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY="big-1")
    assert first.status_code == 403 and first.json()["step_up_required"]["reason"] == "amount_over_threshold"
    audio = io.BytesIO(phrases["01803"])
    audio.name = "digits.wav"
    step_up = client.post("/api/auth/step-up/", {"method": "voice", "audio": audio, "amount_paise": 20_000_00,
                                                 "to_account": target.number,
                                                 "challenge_id": challenge(api, voice_customer, "voice", "01803")},
                          format="multipart")
    assert step_up.status_code == 200, step_up.content
    sent = client.post("/api/transactions/", body, format="json", HTTP_IDEMPOTENCY_KEY="big-1",
                       HTTP_X_STEP_UP_TOKEN=step_up.json()["step_up_token"])
    assert sent.status_code == 201, sent.content


def said_in_hindi(digits: str) -> bytes:
    """Digits said by espeak-ng's Hindi voice (a development one) in a room, as a WAV upload."""
    import random

    from smartbank_desktop.core.number_words import HINDI_NUMBERS_0_99
    from tests.support import corpus

    synthesiser = corpus.Synthesiser()
    try:
        speech = synthesiser.render(" ".join(HINDI_NUMBERS_0_99[int(d)] for d in digits), corpus.HINDI_VOICES["development"][0])
    finally:
        synthesiser.close()
    return wav(corpus.in_condition(speech, corpus.CONDITIONS[0], random.Random(7), "development").samples)


@pytest.mark.skipif(subprocess.run(["which", "espeak-ng"], capture_output=True).returncode != 0, reason="no espeak-ng")
def test_digits_said_in_hindi_are_heard_when_the_app_says_so(api, customer, client_for):
    """The same Hindi recording: its digits are right when sent with language "hi", wrong as English (the default)."""
    recordings = []
    for digits in ("190283", "830517"):
        f = io.BytesIO(said_in_hindi(digits))
        f.name = f"{digits}.wav"
        recordings.append(f)
    enrolled = client_for(customer).post("/api/auth/biometrics/", {"kind": "voice", "recordings": recordings},
                                         format="multipart")
    assert enrolled.status_code == 201, enrolled.content
    audio = said_in_hindi("472916")
    for language, digits_ok in (("hi", True), (None, False)):
        f = io.BytesIO(audio)
        f.name = "digits.wav"
        body = {"method": "voice", "username": customer.mobile, "audio": f,
                "challenge_id": challenge(api, customer, "voice", "472916"), **({"language": language} if language else {})}
        response = api.post("/api/auth/login/", body, format="multipart")
        assert last_voice_event().details["digits_ok"] is digits_ok, (language, last_voice_event().details)
        assert (response.status_code == 200) is (digits_ok and last_voice_event().details["voice_ok"])
