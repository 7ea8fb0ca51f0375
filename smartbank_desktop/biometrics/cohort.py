"""The built-in cohort for speaker score normalisation: synthetic voices heard through typical channels.

Normalising a score needs voices of other people: how much a recording resembles
them says how much of its similarity to the enrolled voice comes from the
microphone and the room rather than the speaker. The built-in cohort is made of
espeak-ng voices (8 accents x 6 voice variants x 2 sentences, 3 s each), each
heard clean, with room noise, and through a telephone band with noise at 15 and
10 dB SNR. It holds no real person's voice. A deployment can pass its own
cohort (e.g. other enrolled customers) instead.

Rebuild with ``python -m smartbank_desktop.biometrics.cohort`` (needs espeak-ng and sox).
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent  # a package-data file, so wheels carry it
ACCENTS = ("en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-us-nyc", "en-gb-x-gbclan", "hi")
VARIANTS = ("m1", "m3", "f2", "f4", "m6", "Andy")
SENTENCES = (
    "The quick brown fox jumps over the lazy dog while the farmer counts his money at the bank.",
    "Seven three nine one zero four. I would like to check my savings account balance today please.",
)


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


def synthetic_voices(folder: Path) -> list[Path]:
    """Render the cohort sentences with espeak-ng voices into 16 kHz mono WAV files."""
    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        raise RuntimeError("Building the cohort needs espeak-ng and sox.")
    files = []
    number = 0
    for accent in ACCENTS:
        for variant in VARIANTS:
            number += 1
            for index, sentence in enumerate(SENTENCES):
                raw, out = folder / "raw.wav", folder / f"voice{number:02d}_{accent}_{variant}_{index}.wav"
                speed, pitch = 120 + (number * 7) % 60, 30 + (number * 13) % 40
                subprocess.run(["espeak-ng", "-v", f"{accent}+{variant}", "-s", str(speed), "-p", str(pitch),
                                "-w", str(raw), sentence], check=True, capture_output=True)
                subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(out)], check=True, capture_output=True)
                files.append(out)
    return files


def build_cohort(verifier) -> np.ndarray:
    """Embeddings of every synthetic voice through every channel the cohort models."""
    from smartbank_desktop.biometrics import degrade
    from smartbank_desktop.biometrics.speaker import load_audio

    channels = (
        lambda audio, seed: audio,
        lambda audio, seed: degrade.add_noise(audio, 15, seed),
        lambda audio, seed: degrade.cheap_microphone(audio, snr_db=15, seed=seed),
        lambda audio, seed: degrade.cheap_microphone(audio, snr_db=10, seed=seed),
    )
    embeddings = []
    with tempfile.TemporaryDirectory() as folder:
        for seed, file in enumerate(synthetic_voices(Path(folder))):
            clip = load_audio(file)[8000:56000]  # 3 s, like a login challenge
            embeddings.extend(verifier.embed(channel(clip, seed)) for channel in channels)
    return np.array(embeddings)


def main() -> None:
    from smartbank_desktop.biometrics.speaker import SpeakerVerifier

    verifier = SpeakerVerifier.create(cohort=None)
    embeddings = build_cohort(verifier)
    save_cohort(cohort_path(verifier.encoder.name), embeddings, verifier.encoder.name,
                "espeak-ng voices x clean/noise/telephone channels; see smartbank_desktop/biometrics/cohort.py")
    print(f"{len(embeddings)} cohort embeddings written to {cohort_path(verifier.encoder.name)}")


if __name__ == "__main__":
    main()
