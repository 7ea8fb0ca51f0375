"""The built-in cohort for speaker score normalisation: loading it, and its file format.

Normalising a score needs voices of other people: how much a recording resembles
them says how much of its similarity to the enrolled voice comes from the
microphone and the room rather than the speaker. The built-in cohort is made of
synthetic espeak-ng voices heard through typical channels; it holds no real
person's voice. A deployment can pass its own cohort (e.g. other enrolled
customers) instead. ``scripts/build_speaker_cohort.py`` builds it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent  # a package-data file, so wheels carry it


def cohort_path(encoder_name: str) -> Path:
    return DATA_DIR / f"cohort_{encoder_name}.json"


def load_builtin_cohort(encoder_name: str) -> np.ndarray | None:
    path = cohort_path(encoder_name)
    if not path.is_file():
        return None
    stored = json.loads(path.read_text())
    data = np.frombuffer(base64.b64decode(stored["data"]), dtype=stored["dtype"])
    return data.reshape(stored["shape"]).astype(np.float32)


def save_cohort(path: Path, embeddings: np.ndarray, encoder_name: str, source: str) -> None:
    array = np.asarray(embeddings, dtype=np.float16)
    path.write_text(json.dumps({
        "encoder": encoder_name, "source": source, "dtype": "float16", "shape": list(array.shape),
        "data": base64.b64encode(array.tobytes()).decode("ascii"),
    }))
