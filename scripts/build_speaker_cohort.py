"""Build the speaker cohort that ships with the package (smartbank_desktop/biometrics/cohort_*.json).

The cohort is espeak-ng voices (8 accents x 6 voice variants x 2 sentences,
3 s each), each heard clean, with room noise, through a telephone band with
noise at 15 and 10 dB SNR, and sampled at 8 kHz: no real person's voice. Needs
espeak-ng and sox.

    .venv/bin/python scripts/build_speaker_cohort.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the channel simulations in tests/support

from smartbank_desktop.biometrics.cohort import cohort_path, save_cohort
from smartbank_desktop.biometrics.speaker import SpeakerVerifier, load_audio
from tests.support import degrade

ACCENTS = ("en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-us-nyc", "en-gb-x-gbclan", "hi")
VARIANTS = ("m1", "m3", "f2", "f4", "m6", "Andy")
SENTENCES = (
    "The quick brown fox jumps over the lazy dog while the farmer counts his money at the bank.",
    "Seven three nine one zero four. I would like to check my savings account balance today please.",
)
CHANNELS = {
    "clean": lambda audio, seed: audio,
    "noise_15dB": lambda audio, seed: degrade.add_noise(audio, 15, seed),
    "telephone_noise_15dB": lambda audio, seed: degrade.cheap_microphone(audio, snr_db=15, seed=seed),
    "telephone_noise_10dB": lambda audio, seed: degrade.cheap_microphone(audio, snr_db=10, seed=seed),
    # Without it, voices recorded at 8 kHz resembled each other far more than the cohort said: 11 of 84
    # impostor trials among the four digit speakers (tests/support/speaker_trials.py) were accepted.
    "narrow_band_8kHz": lambda audio, seed: degrade.narrow_band(audio),
}


def synthetic_voices(folder: Path) -> list[Path]:
    """Render the cohort sentences with espeak-ng voices into 16 kHz mono WAV files."""
    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        raise SystemExit("Building the cohort needs espeak-ng and sox.")
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


def build_cohort(verifier: SpeakerVerifier) -> np.ndarray:
    """Embeddings of every synthetic voice through every channel the cohort models."""
    embeddings = []
    with tempfile.TemporaryDirectory() as folder:
        for seed, file in enumerate(synthetic_voices(Path(folder))):
            clip = load_audio(file)[8000:56000]  # 3 s, like a sign-in challenge
            embeddings.extend(verifier.embed(channel(clip, seed)) for channel in CHANNELS.values())
    return np.array(embeddings)


def main() -> None:
    verifier = SpeakerVerifier.create(cohort=None)
    embeddings = build_cohort(verifier)
    path = cohort_path(verifier.encoder.name)
    save_cohort(path, embeddings, verifier.encoder.name,
                f"espeak-ng: {len(ACCENTS)} accents x {len(VARIANTS)} voices x {len(SENTENCES)} sentences, "
                f"channels {', '.join(CHANNELS)}; built by scripts/build_speaker_cohort.py")
    print(f"{len(embeddings)} cohort embeddings written to {path}")


if __name__ == "__main__":
    main()
