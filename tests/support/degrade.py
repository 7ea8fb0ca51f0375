"""Webcam and microphone reality, simulated: degraded copies of clean test media.

Used by the tests and the benchmark to measure false rejects on the kind of
input cheap hardware gives (small, dark, blurred, compressed frames; band-limited
noisy speech).
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy import signal


def small_frame(image: np.ndarray, factor: float = 0.4) -> np.ndarray:
    """A distant face / low-resolution webcam: the frame shrunk to `factor` of its size."""
    h, w = image.shape[:2]
    return cv2.resize(image, (max(1, round(w * factor)), max(1, round(h * factor))), interpolation=cv2.INTER_AREA)


def dark_frame(image: np.ndarray, level: float = 0.12, noise: float = 3.0, seed: int = 0) -> np.ndarray:
    """A dim room: light scaled down with the sensor noise that comes with it."""
    rng = np.random.default_rng(seed)
    dim = image.astype(np.float32) * level + rng.normal(0, noise, image.shape)
    return np.clip(dim, 0, 255).astype(np.uint8)


def blurred_frame(image: np.ndarray, sigma: float = 4.0) -> np.ndarray:
    """Out of focus or moving: a Gaussian blur of `sigma` pixels."""
    return cv2.GaussianBlur(image, (0, 0), sigma)


def jpeg_frame(image: np.ndarray, quality: int = 10) -> np.ndarray:
    """Heavy JPEG compression, as a slow upload link would send."""
    _, data = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.cvtColor(cv2.imdecode(data, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


FRAME_DEGRADATIONS = {
    "small": small_frame,
    "dark": dark_frame,
    "blurred": blurred_frame,
    "jpeg": jpeg_frame,
    "dark_blurred": lambda image: blurred_frame(dark_frame(image, 0.2), 3.0),
    "small_jpeg": lambda image: jpeg_frame(small_frame(image), 20),
}


def telephone_band(audio: np.ndarray, sample_rate: int = 16000) -> np.ndarray:
    """A cheap microphone or phone line: only 300-3400 Hz passes."""
    sos = signal.butter(6, [300, 3400], btype="bandpass", fs=sample_rate, output="sos")
    return signal.sosfilt(sos, audio).astype(np.float32)


def narrow_band(audio: np.ndarray) -> np.ndarray:
    """A microphone or line sampled at 8 kHz: nothing above 4 kHz (16 kHz audio in and out)."""
    return signal.resample_poly(signal.resample_poly(audio, 1, 2), 2, 1).astype(np.float32)


def add_noise(audio: np.ndarray, snr_db: float = 15.0, seed: int = 0) -> np.ndarray:
    """Room noise (pink-ish, low-frequency heavy) at the given signal-to-noise ratio."""
    rng = np.random.default_rng(seed)
    white = rng.normal(0, 1, len(audio))
    noise = signal.lfilter([1.0], [1.0, -0.95], white)  # brown-ish hum of a room
    noise = 0.5 * noise / (np.std(noise) + 1e-9) + 0.5 * white
    speech_power = np.mean(audio.astype(np.float64) ** 2) + 1e-12
    noise *= np.sqrt(speech_power / (10 ** (snr_db / 10)) / np.mean(noise**2))
    return np.clip(audio + noise, -1, 1).astype(np.float32)


def cheap_microphone(audio: np.ndarray, sample_rate: int = 16000, snr_db: float = 15.0, seed: int = 0) -> np.ndarray:
    """Telephone band plus room noise: the hardest case the voice login must handle."""
    return add_noise(telephone_band(audio, sample_rate), snr_db, seed)
