"""The one audio decoder: WAV, FLAC or OGG (a path, bytes or samples) to 16 kHz mono float32.

Speech recognition, speaker verification and the backend's voice sign-in all
read recordings through :func:`decode_audio`, so every layer hears the same
samples from the same file.
"""

from __future__ import annotations

import io
from math import gcd
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16_000


class AudioDecodeError(ValueError):
    """Not a recording that can be read; the message says why in plain words."""


def resample(audio: np.ndarray, from_rate: int, to_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Polyphase resampling of float samples (no change when the rates agree)."""
    if from_rate == to_rate or not len(audio):
        return audio.astype(np.float32, copy=False)
    from scipy.signal import resample_poly

    common = gcd(int(from_rate), int(to_rate))
    return resample_poly(audio, int(to_rate) // common, int(from_rate) // common).astype(np.float32)


def as_float_mono(data: np.ndarray) -> np.ndarray:
    """Samples of any integer or float type, mono or multi-channel, as mono float32 in [-1, 1]."""
    data = np.asarray(data)
    if data.dtype.kind in "iu":
        info = np.iinfo(data.dtype)
        half = (int(info.max) - int(info.min) + 1) / 2
        data = (data.astype(np.float32) - (int(info.min) + half)) / half
    data = data.astype(np.float32, copy=False)
    if data.ndim == 2:
        data = data.mean(axis=1)
    return data.reshape(-1)


def decode_audio(source, sample_rate: int = SAMPLE_RATE, source_rate: int | None = None,
                 max_seconds: float | None = None) -> np.ndarray:
    """Mono float32 samples at ``sample_rate`` from a file path, file bytes, or samples at ``source_rate``.

    Samples given as an array are taken to be at ``sample_rate`` unless
    ``source_rate`` says otherwise. With ``max_seconds``, a file is read no
    further than that (whatever its header declares) and a longer one refused.
    """
    if isinstance(source, np.ndarray):
        return resample(as_float_mono(source), source_rate or sample_rate, sample_rate)
    import soundfile

    if isinstance(source, (str, Path)):
        if not Path(source).is_file():
            raise AudioDecodeError(f"There is no recording at {source}.")
        handle = str(source)
    else:
        handle = io.BytesIO(bytes(source))
    try:
        with soundfile.SoundFile(handle) as recording:
            rate = recording.samplerate
            limit = -1 if max_seconds is None else int(max_seconds * rate) + 1
            data = recording.read(frames=limit, dtype="float32", always_2d=True)
    except Exception as exc:  # soundfile raises several kinds for unreadable input
        raise AudioDecodeError("This is not a recording that can be read (WAV or FLAC, please).") from exc
    if max_seconds is not None and len(data) > max_seconds * rate:
        raise AudioDecodeError(f"The recording is longer than {max_seconds:g} seconds.")
    return resample(as_float_mono(data), int(rate), sample_rate)


def to_int16(audio: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] as 16-bit integers (clipped)."""
    return (np.clip(np.asarray(audio, np.float32), -1.0, 1.0) * 32767.0).astype(np.int16)
