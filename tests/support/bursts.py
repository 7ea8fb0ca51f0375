"""Bursts of webcam frames built from one real photo: a blink, a head turn, a still photo.

A blink lowers the upper eyelid: skin from just above the eye is drawn down over
it, leaving the lash line, row by row as the lid closes. A head turn moves each
pixel sideways by its depth on a rough head model (an ellipsoid with a nose),
which is what a real turn does and what a flat photo turned in front of the
camera cannot do (`flat_turn_burst`). Every frame gets its own sensor noise.
"""

from __future__ import annotations

import cv2
import numpy as np


def _noisy(image: np.ndarray, rng: np.random.Generator, sigma: float = 2.0) -> np.ndarray:
    return np.clip(image.astype(np.float32) + rng.normal(0, sigma, image.shape), 0, 255).astype(np.uint8)


def close_eyes(image: np.ndarray, landmarks: np.ndarray, amount: float) -> np.ndarray:
    """Lower both upper eyelids by `amount` (0 open, 1 closed)."""
    out = image.copy()
    if amount <= 0:
        return out
    for corners in (landmarks[0:2], landmarks[2:4]):
        width = float(np.linalg.norm(corners[0] - corners[1]))
        cx, cy = corners.mean(axis=0)
        left, right = int(cx - 0.65 * width), int(cx + 0.65 * width)
        top, bottom = int(cy - 0.4 * width), int(cy + 0.3 * width)
        lid_end = top + round(amount * (bottom - top))
        # Eyelid skin: the colour of the skin just under the eye, a little darker towards the lashes.
        skin = np.median(out[bottom:bottom + max(2, int(0.15 * width)), left:right].reshape(-1, 3), axis=0)
        for row in range(top, lid_end):
            shade = 1.0 - 0.15 * (row - top) / max(1, bottom - top)
            out[row, left:right] = (skin * shade).astype(np.uint8)
        lash = max(1, round(0.04 * width))
        out[lid_end - lash:lid_end, left + int(0.3 * width):right - int(0.3 * width)] //= 3
    return out


def blink_burst(image: np.ndarray, landmarks: np.ndarray, seed: int = 0) -> list[np.ndarray]:
    """15 frames (about 2 s at 7 fps) with one blink in the middle."""
    rng = np.random.default_rng(seed)
    lids = [0, 0, 0, 0, 0, 0.5, 1.0, 1.0, 0.5, 0, 0, 0, 0, 0, 0]
    return [_noisy(close_eyes(image, landmarks, a), rng) for a in lids]


def still_burst(image: np.ndarray, frames: int = 15, seed: int = 0) -> list[np.ndarray]:
    """A photo held up to the camera: the same picture, only the sensor noise changes."""
    rng = np.random.default_rng(seed)
    return [_noisy(image, rng) for _ in range(frames)]


def _warp_sideways(image: np.ndarray, shift: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    h, w = image.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    warped = cv2.remap(image, xs - shift.astype(np.float32), ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return _noisy(warped, rng)


def head_depth(shape: tuple, landmarks: np.ndarray) -> np.ndarray:
    """Depth (pixels towards the camera) of a rough head: an ellipsoid with a nose bump."""
    h, w = shape[:2]
    eye_a, eye_b = landmarks[0:2].mean(axis=0), landmarks[2:4].mean(axis=0)
    nose = landmarks[4]
    eye_gap = float(np.linalg.norm(eye_a - eye_b))
    cx, cy = (eye_a + eye_b) / 2 * 0.5 + nose * 0.5
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    rx, ry = 1.3 * eye_gap, 1.8 * eye_gap
    head = np.sqrt(np.clip(1 - ((xs - cx) / rx) ** 2 - ((ys - cy) / ry) ** 2, 0, None)) * rx
    # The nose stands about 0.6 eye-distances out from the eyes' plane.
    nose_bump = 0.6 * eye_gap * np.exp(-(((xs - nose[0]) ** 2 + (ys - nose[1] + 0.2 * eye_gap) ** 2) / (2 * (0.25 * eye_gap) ** 2)))
    return head + nose_bump


def head_turn_burst(image: np.ndarray, landmarks: np.ndarray, direction: float = 1.0, seed: int = 0) -> list[np.ndarray]:
    """The head turns about 30 degrees (direction +1: towards the image's right) and back."""
    rng = np.random.default_rng(seed)
    depth = head_depth(image.shape, landmarks)
    angles = np.radians([0, 0, 0, 8, 16, 24, 30, 30, 24, 16, 8, 0, 0, 0, 0]) * direction
    return [_warp_sideways(image, depth * np.sin(a), rng) for a in angles]


def flat_turn_burst(image: np.ndarray, landmarks: np.ndarray, direction: float = 1.0, seed: int = 0) -> list[np.ndarray]:
    """A photo turned in front of the camera: a flat plane, so everything squeezes alike."""
    rng = np.random.default_rng(seed)
    centre = float(landmarks[:, 0].mean())
    xs = np.arange(image.shape[1], dtype=np.float32)[None, :].repeat(image.shape[0], axis=0)
    angles = np.radians([0, 0, 0, 5, 12, 20, 25, 25, 20, 12, 5, 0, 0, 0, 0]) * direction
    # A plane turned by a: x' = centre + (x - centre) cos a, plus a slide sideways.
    return [_warp_sideways(image, (xs - centre) * (np.cos(a) - 1) + 30 * np.sin(a), rng) for a in angles]
