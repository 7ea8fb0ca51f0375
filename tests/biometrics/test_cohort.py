"""The built-in speaker cohort: shipped with the package, stored and read back faithfully."""

from __future__ import annotations

import numpy as np

from smartbank_desktop.biometrics import cohort


def test_builtin_cohort_ships_with_the_package():
    embeddings = cohort.load_builtin_cohort("resemblyzer")
    expected = len(cohort.ACCENTS) * len(cohort.VARIANTS) * len(cohort.SENTENCES) * 4  # four channels
    assert embeddings.shape == (expected, 256)
    assert np.allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=0.01)
    assert cohort.load_builtin_cohort("no-such-encoder") is None


def test_cohort_is_saved_and_loaded_back(tmp_path, monkeypatch):
    monkeypatch.setattr(cohort, "DATA_DIR", tmp_path)
    vectors = np.random.default_rng(3).normal(size=(7, 16)).astype(np.float32)
    cohort.save_cohort(cohort.cohort_path("toy"), vectors, "toy", "test vectors")
    assert np.allclose(cohort.load_builtin_cohort("toy"), vectors, atol=1e-2)
