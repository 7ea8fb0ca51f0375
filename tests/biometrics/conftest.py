"""Fixtures shared by the biometrics tests: engines are built once per session."""

from __future__ import annotations

import warnings

import pytest

from tests.biometrics.media import SINGLE_FACE_PHOTOS


@pytest.fixture(scope="session")
def face_engine():
    from smartbank_desktop.biometrics.face import FaceEngine

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        engine = FaceEngine()
        engine.read(SINGLE_FACE_PHOTOS[0])  # load dlib's models outside any timing
    return engine


@pytest.fixture(scope="session")
def work_images():
    """Every single-face test photo at working size, keyed by path."""
    from smartbank_desktop.biometrics import images

    return {p: images.fit_to_work_size(images.load_image(p))[0] for p in SINGLE_FACE_PHOTOS}


@pytest.fixture(scope="session")
def speaker_verifier():
    """Resemblyzer, warmed once: its first embedding in a fresh environment compiles librosa code (~30 s)."""
    import numpy as np

    from smartbank_desktop.biometrics.speaker import SpeakerVerifier

    verifier = SpeakerVerifier.create()
    verifier.encoder.embed(np.random.default_rng(0).normal(0, 0.1, 16000 * 2).astype(np.float32))
    return verifier
