"""The simulated webcam and microphone degradations do what their names say."""

from __future__ import annotations

import numpy as np

from tests.support import degrade


def _band_energy(audio, low, high, rate=16000):
    spectrum = np.abs(np.fft.rfft(audio)) ** 2
    freqs = np.fft.rfftfreq(len(audio), 1 / rate)
    return spectrum[(freqs >= low) & (freqs < high)].sum()


def test_telephone_band_keeps_300_to_3400_hz_only():
    rng = np.random.default_rng(1)
    white = rng.normal(0, 0.1, 16000).astype(np.float32)
    band = degrade.telephone_band(white)
    assert _band_energy(band, 800, 3000) > 0.8 * _band_energy(white, 800, 3000)
    assert _band_energy(band, 0, 150) < 0.01 * _band_energy(white, 0, 150)
    assert _band_energy(band, 5000, 8000) < 0.01 * _band_energy(white, 5000, 8000)


def test_noise_is_added_at_the_asked_signal_to_noise_ratio():
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(32000) / 16000)).astype(np.float32)
    noisy = degrade.add_noise(tone, snr_db=10)
    snr = 10 * np.log10(np.mean(tone**2) / np.mean((noisy - tone) ** 2))
    assert 9 < snr < 11


def test_frame_degradations():
    rng = np.random.default_rng(2)
    frame = rng.integers(60, 200, (480, 640, 3), dtype=np.uint8)
    assert degrade.small_frame(frame, 0.5).shape == (240, 320, 3)
    assert degrade.dark_frame(frame).mean() < 0.2 * frame.mean()
    assert degrade.blurred_frame(frame).std() < frame.std()
    assert not np.array_equal(degrade.jpeg_frame(frame), frame)
    assert set(degrade.FRAME_DEGRADATIONS) >= {"small", "dark", "blurred", "jpeg"}
