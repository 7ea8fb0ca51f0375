"""Straightening and scaling a page for Tesseract: a 5-degree tilt otherwise loses the number."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

MIN_OCR_WIDTH = 1000  # narrower pages are enlarged: Tesseract wants letters ~20-30 px tall
MAX_OCR_WIDTH = 2400


def estimate_skew(gray: np.ndarray, max_degrees: float = 15.0) -> float:
    """The rotation (degrees, counter-clockwise positive) that makes the text lines level.

    Projection-profile search: the rotation whose row sums of dark pixels are
    the most peaked, first in 1-degree steps, then in 0.1-degree steps.
    """
    import cv2

    scale = min(1.0, 800 / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = ink.astype(np.float32)
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        rows = turned.sum(axis=1)
        return float(np.square(np.diff(rows)).sum())

    coarse = max(np.arange(-max_degrees, max_degrees + 0.5, 1.0), key=sharpness)
    fine = max(np.arange(coarse - 1.0, coarse + 1.05, 0.1), key=sharpness)
    return float(round(fine, 2))


def prepare(page: Image.Image, deskew: bool = True) -> tuple[Image.Image, np.ndarray, float, float]:
    """Straighten and enlarge a page for Tesseract: the image, the 2x3 affine map, the tilt undone
    (degrees, counter-clockwise positive) and the scale."""
    import cv2

    gray = np.asarray(page.convert("L"))
    h, w = gray.shape
    angle = estimate_skew(gray) if deskew else 0.0
    if abs(angle) < 0.3:
        angle = 0.0
    scale = 1.0
    if w < MIN_OCR_WIDTH:
        scale = min(3.0, MIN_OCR_WIDTH / w)
    elif w > MAX_OCR_WIDTH:
        scale = MAX_OCR_WIDTH / w
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, scale)
    cos, sin = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
    out_w = int(round(scale * (w * cos + h * sin)))
    out_h = int(round(scale * (w * sin + h * cos)))
    matrix[0, 2] += out_w / 2 - w / 2
    matrix[1, 2] += out_h / 2 - h / 2
    if angle == 0.0 and scale == 1.0:
        prepared = gray
    else:
        prepared = cv2.warpAffine(gray, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC,
                                  borderMode=cv2.BORDER_REPLICATE)
    return Image.fromarray(prepared), matrix, (0.0 - angle if angle else 0.0), scale
