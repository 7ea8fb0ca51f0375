"""Face and voice sign-in: enrolment, challenges, and verification on the server.

The heavy models (dlib, Resemblyzer, pocketsphinx) load once per server
process, on first use, and each is used by one request at a time. Templates
are encrypted before they are stored; a customer can delete them.

Face: the app sends a 2-3 s burst of frames while the customer does what the
challenge asked (blink, or turn the head left or right); the server checks
liveness on the burst, then compares the sharpest open-eyed frame with the
enrolled face. Voice: the server issues six random digits (single use, 60 s);
the spoken digits must be exactly those (so a recording cannot be replayed)
and the voice must match the enrolled one. The digits are heard in the
language the app says they were said in (English or Hindi).
"""

from __future__ import annotations

import secrets
import threading
import uuid
from datetime import timedelta
from functools import lru_cache

import numpy as np
from django.db import transaction
from django.utils import timezone

from smartbank_desktop.backend import crypto, uploads
from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.core.refusals import Code, refuse

from .checks import CheckResult
from .models import BiometricKind, BiometricTemplate, Challenge

CHALLENGE_LIFETIME = timedelta(seconds=60)
VOICE_DIGITS = 6
_CONTEXT = b"biometric-template"


# --- engines, loaded once per process ------------------------------------------

_locks = {"face": threading.Lock(), "voice": threading.Lock()}


@lru_cache(maxsize=1)
def face_engines():
    from smartbank_desktop.biometrics.face import FaceEngine
    from smartbank_desktop.biometrics.liveness import LivenessChecker

    engine = FaceEngine()
    return engine, LivenessChecker(engine)


@lru_cache(maxsize=1)
def voice_engines():
    """The speaker verifier and the English digits recognizer."""
    from smartbank_desktop.biometrics.speaker import SpeakerVerifier

    return SpeakerVerifier.create(), digits_recognizer("en")


@lru_cache(maxsize=2)
def digits_recognizer(language: str):
    """Spoken digits in ``language`` ("en": Whisper, then the digits grammar; "hi": the Hindi digits grammar)."""
    from smartbank_desktop.voice.digits import DigitsRecognizer

    return DigitsRecognizer(language=language)


# --- inputs --------------------------------------------------------------------

def decode_frames(blobs: list[bytes]) -> list[np.ndarray]:
    """Camera pictures (checked by ``backend.uploads``) as RGB arrays."""
    from smartbank_desktop.biometrics.images import load_image

    frames = []
    for blob in uploads.check_pictures(blobs):
        try:
            frames.append(load_image(blob))
        except Exception as exc:  # any undecodable picture
            raise refuse(Code.UNUSABLE_PICTURE, "A camera picture could not be read. Please try again.") from exc
    return frames


def decode_audio(blob: bytes):
    """WAV/FLAC bytes (checked by ``backend.uploads``) as a 16 kHz mono clip."""
    from smartbank_desktop.core import audio
    from smartbank_desktop.voice.audio import AudioClip

    blob = uploads.check_recording(blob)
    try:
        samples = audio.decode_audio(blob, max_seconds=uploads.MAX_RECORDING_SECONDS)
    except audio.AudioDecodeError as exc:
        raise refuse(Code.UNUSABLE_RECORDING, "The recording could not be read. Please record again.") from exc
    return AudioClip(audio.to_int16(samples))


def _as_float(clip) -> np.ndarray:
    return clip.samples.astype(np.float32) / 32768.0


# --- templates -----------------------------------------------------------------

def _store(user, kind: str, vector: np.ndarray, encoder: str, samples: int, request=None) -> BiometricTemplate:
    sealed = crypto.encrypt(np.asarray(vector, dtype=np.float32).tobytes(), _CONTEXT)
    with transaction.atomic():
        template, _ = BiometricTemplate.objects.update_or_create(
            user=user, kind=kind, defaults={"sealed": sealed, "encoder": encoder, "samples": samples})
        audit.record("biometric.enrol", request=request, actor=user, kind=kind, samples=samples)
    return template


def _vector(template: BiometricTemplate) -> np.ndarray:
    return np.frombuffer(crypto.decrypt(bytes(template.sealed), _CONTEXT), dtype=np.float32).copy()


def enrol_face(user, frame_blobs: list[bytes], *, request=None) -> BiometricTemplate:
    from smartbank_desktop.biometrics import BiometricError

    frames = decode_frames(frame_blobs)
    engine, _ = face_engines()
    try:
        with _locks["face"]:
            template = engine.enrol(frames, min_frames=3)
    except BiometricError as exc:
        raise refuse(Code.BIOMETRIC_QUALITY, str(exc)) from exc
    return _store(user, BiometricKind.FACE, template.encoding, "dlib-resnet", template.frames_used, request)


def enrol_voice(user, recordings: list[bytes], *, request=None) -> BiometricTemplate:
    from smartbank_desktop.biometrics import BiometricError

    if not 2 <= len(recordings) <= 5:
        raise refuse(Code.BIOMETRIC_QUALITY, "Please record your voice three times.")
    clips = [decode_audio(blob) for blob in recordings]
    verifier, _ = voice_engines()
    try:
        with _locks["voice"]:
            template = verifier.enrol([_as_float(c) for c in clips])
    except BiometricError as exc:
        raise refuse(Code.BIOMETRIC_QUALITY, str(exc)) from exc
    return _store(user, BiometricKind.VOICE, template.embedding, template.encoder, template.utterances, request)


def delete_templates(user, kind: str | None = None, *, request=None) -> int:
    with transaction.atomic():
        templates = BiometricTemplate.objects.filter(user=user)
        if kind:
            templates = templates.filter(kind=kind)
        removed, _ = templates.delete()
        audit.record("biometric.delete", request=request, actor=user, kind=kind or "all", removed=removed)
    return removed


def enrolled_kinds(user) -> list[str]:
    return sorted(BiometricTemplate.objects.filter(user=user).values_list("kind", flat=True))


# --- challenges ----------------------------------------------------------------

def new_challenge(user, kind: str) -> dict:
    """A single-use prompt. For an unknown user an unstored one, so answers look alike."""
    if kind == BiometricKind.VOICE:
        prompt = "".join(secrets.choice("0123456789") for _ in range(VOICE_DIGITS))
    else:
        from smartbank_desktop.biometrics.liveness import random_challenge

        prompt = random_challenge()
    expires = timezone.now() + CHALLENGE_LIFETIME
    if user is None:
        return {"challenge_id": str(uuid.uuid4()), "kind": kind, "prompt": prompt, "expires_at": expires.isoformat()}
    challenge = Challenge.objects.create(user=user, kind=kind, prompt=prompt, expires_at=expires)
    return {"challenge_id": str(challenge.id), "kind": kind, "prompt": prompt, "expires_at": expires.isoformat()}


def take_challenge(user, challenge_id, kind: str) -> Challenge | None:
    """Mark the challenge used and return it, if it is this user's, of this kind, unused and fresh."""
    if user is None:
        return None
    with transaction.atomic():
        challenge = (Challenge.objects.select_for_update()
                     .filter(pk=challenge_id, user=user, kind=kind, used_at__isnull=True).first())
        if challenge is None or challenge.expires_at <= timezone.now():
            return None
        challenge.used_at = timezone.now()
        challenge.save(update_fields=["used_at"])
    return challenge


# --- verification --------------------------------------------------------------

def check_face(user, challenge: Challenge | None, frame_blobs: list[bytes]):
    """A CheckResult: liveness on the burst for the challenge, then the face against the template."""
    template = BiometricTemplate.objects.filter(user=user, kind=BiometricKind.FACE).first() if user else None
    if template is None:  # first, so a number no customer has answers as one not set up
        return CheckResult(False, "Face sign-in is not set up for you yet.", {"enrolled": False}, Code.NOT_ENROLLED)
    if challenge is None:
        return CheckResult(False, "This check has expired. Please start again.", {"challenge": "invalid"},
                           Code.CHALLENGE_EXPIRED)
    frames = decode_frames(frame_blobs)
    engine, liveness = face_engines()
    with _locks["face"]:
        live = liveness.check(frames, challenge.prompt)
        if not live.live:
            return CheckResult(False, live.reason, {"live": False, "challenge": challenge.prompt}, Code.LIVENESS_FAILED)
        verdict = engine.verify(_vector(template), frames[live.best_frame])
    details = {"live": True, "challenge": challenge.prompt, "distance": verdict.distance}
    if verdict.reason:
        return CheckResult(False, verdict.reason, details)
    return CheckResult(bool(verdict.match), None, details)


def check_voice(user, challenge: Challenge | None, audio_blob: bytes, language: str = "en"):
    """A CheckResult: the spoken digits (said in ``language``) must be the challenge's, and the voice the
    enrolled one."""
    from smartbank_desktop.biometrics import BiometricError
    from smartbank_desktop.biometrics.speaker import SpeakerTemplate

    template = BiometricTemplate.objects.filter(user=user, kind=BiometricKind.VOICE).first() if user else None
    if template is None:  # first, so a number no customer has answers as one not set up
        return CheckResult(False, "Voice sign-in is not set up for you yet.", {"enrolled": False}, Code.NOT_ENROLLED)
    if challenge is None:
        return CheckResult(False, "These digits have expired. Please ask for new ones.", {"challenge": "invalid"},
                           Code.CHALLENGE_EXPIRED)
    clip = decode_audio(audio_blob)
    verifier, _ = voice_engines()
    digits = digits_recognizer(language)
    with _locks["voice"]:
        heard = digits.digits(clip, expected_length=len(challenge.prompt))
        try:
            verdict = verifier.verify(SpeakerTemplate(_vector(template), template.samples, template.encoder),
                                      _as_float(clip))
        except BiometricError as exc:
            return CheckResult(False, str(exc), {"digits_ok": heard == challenge.prompt})
    details = {"digits_ok": heard == challenge.prompt, "voice_ok": bool(verdict.match),
               "voice_score": round(verdict.score, 3)}
    return CheckResult(details["digits_ok"] and details["voice_ok"], None, details)
