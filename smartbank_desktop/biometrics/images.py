"""Image input for face work: loading, scaling to the working size, light measures and enhancement."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from smartbank_desktop.biometrics import BiometricError

# Frames are processed at webcam size: larger photos are scaled down to fit.
WORK_WIDTH = 640
WORK_HEIGHT = 480


def load_image(source) -> np.ndarray:
    """An RGB uint8 array from a path, encoded bytes (JPEG/PNG), a Pillow image or an array (RGB, or grey)."""
    if hasattr(source, "convert") and hasattr(source, "size"):  # a Pillow image
        source = np.asarray(source.convert("RGB"))
    if isinstance(source, np.ndarray):
        image = source
    else:
        if isinstance(source, (str, Path)):
            path = Path(source)
            if not path.is_file():
                raise BiometricError(f"No such image file: {path}")
            data = np.frombuffer(path.read_bytes(), dtype=np.uint8)
        elif isinstance(source, (bytes, bytearray, memoryview)):
            data = np.frombuffer(bytes(source), dtype=np.uint8)
        else:
            raise BiometricError("An image must be a file, its bytes or a pixel array.")
        decoded = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
        if decoded is None:
            raise BiometricError("This file is not an image we can read (JPEG or PNG, please).")
        image = cv2.cvtColor(decoded, cv2.COLOR_BGR2RGB)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    if image.ndim != 3 or image.shape[2] not in (3, 4) or min(image.shape[:2]) < 8:
        raise BiometricError("This picture has no usable pixels.")
    if image.shape[2] == 4:
        image = image[:, :, :3]
    if image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(image)


def fit_to_work_size(image: np.ndarray, width: int = WORK_WIDTH, height: int = WORK_HEIGHT) -> tuple[np.ndarray, float]:
    """Scale down (never up) to fit width x height; returns the image and the scale used."""
    h, w = image.shape[:2]
    scale = min(width / w, height / h, 1.0)
    if scale < 1.0:
        image = cv2.resize(image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return image, scale


def grey(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image


def brightness(image: np.ndarray) -> float:
    """Mean grey level, 0 (black) to 255 (white)."""
    return float(grey(image).mean())


def sharpness(image: np.ndarray) -> float:
    """Variance of the Laplacian of the grey image: low values mean a blurred picture."""
    return float(cv2.Laplacian(grey(image), cv2.CV_64F).var())


def equalise_light(image: np.ndarray) -> np.ndarray:
    """Brighten dark frames (gamma) and spread their contrast (CLAHE on the lightness channel)."""
    mean = brightness(image)
    if mean < 90:
        # Gamma that moves the mean grey level towards 110, capped so noise is not blown up.
        gamma = float(np.clip(np.log(110 / 255) / np.log(max(mean, 1.0) / 255), 0.3, 1.0))
        table = (255.0 * (np.arange(256) / 255.0) ** gamma).clip(0, 255).astype(np.uint8)
        image = cv2.LUT(image, table)
    lab = cv2.cvtColor(image, cv2.COLOR_RGB2LAB)
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
    lab[:, :, 0] = clahe.apply(lab[:, :, 0])
    return cv2.cvtColor(lab, cv2.COLOR_LAB2RGB)


def crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    """The part of the image inside a (top, right, bottom, left) box, clipped to the image."""
    top, right, bottom, left = box
    h, w = image.shape[:2]
    return image[max(0, top):min(h, bottom), max(0, left):min(w, right)]


def jpeg_blockiness(image: np.ndarray) -> float:
    """How much stronger grey-level steps are on the 8-pixel JPEG grid than elsewhere (1.0: none)."""
    g = grey(image).astype(np.float32)
    steps = np.abs(np.diff(g, axis=1)).mean(axis=0)
    if steps.size < 16:
        return 1.0
    on_grid = steps[7::8].mean()
    off_grid = np.delete(steps, np.s_[7::8]).mean()
    return float(on_grid / (off_grid + 1e-6))


def smooth(image: np.ndarray, sigma: float = 1.0) -> np.ndarray:
    return cv2.GaussianBlur(image, (0, 0), sigma)


def unsharp(image: np.ndarray, amount: float = 1.5, sigma: float = 2.0) -> np.ndarray:
    """Unsharp masking: gives a soft frame back some of its edges."""
    return cv2.addWeighted(image, 1 + amount, cv2.GaussianBlur(image, (0, 0), sigma), -amount, 0)
