"""The built-in speaker cohort: shipped with the package, as its build script makes it, stored faithfully."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from smartbank_desktop.biometrics import cohort

BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_speaker_cohort.py"


def _build_script():
    spec = importlib.util.spec_from_file_location("build_speaker_cohort", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_builtin_cohort_ships_with_the_package_as_the_build_script_makes_it():
    embeddings = cohort.load_builtin_cohort("resemblyzer")
    build = _build_script()
    expected = len(build.ACCENTS) * len(build.VARIANTS) * len(build.SENTENCES) * len(build.CHANNELS)
    assert embeddings.shape == (expected, 256)
    assert np.allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=0.01)
    assert cohort.load_builtin_cohort("no-such-encoder") is None


def test_cohort_is_saved_and_loaded_back(tmp_path, monkeypatch):
    monkeypatch.setattr(cohort, "DATA_DIR", tmp_path)
    vectors = np.random.default_rng(3).normal(size=(7, 16)).astype(np.float32)
    cohort.save_cohort(cohort.cohort_path("toy"), vectors, "toy", "test vectors")
    assert np.allclose(cohort.load_builtin_cohort("toy"), vectors, atol=1e-2)
