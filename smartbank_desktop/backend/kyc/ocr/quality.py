"""How crisp the printed words of a page are: the blur signal Tesseract's confidence is not."""

from __future__ import annotations

import numpy as np

SHARPNESS_WORD_HEIGHT = 32


def text_sharpness(gray: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> float | None:
    """How crisp the printed words are: median Laplacian variance over the word boxes.

    Each word is scaled to a height of 32 px and stretched to full contrast
    first, so the figure does not depend on resolution or lighting. Printed
    cards measure in the thousands; out-of-focus photos a few hundred (see
    BLURRY_TEXT_SHARPNESS in ``rules``). Tesseract's own confidence stays
    high on text it can still guess, so this is the blur signal.
    """
    import cv2

    values = []
    for left, top, width, height in boxes:
        if height < 6 or width < 6:
            continue
        crop = gray[max(0, top):top + height, max(0, left):left + width].astype(np.float64)
        contrast = float(crop.max() - crop.min())
        if contrast < 40:
            continue
        factor = SHARPNESS_WORD_HEIGHT / height
        crop = cv2.resize(crop, None, fx=factor, fy=factor,
                          interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)
        crop = (crop - crop.min()) / contrast * 255.0
        values.append(float(cv2.Laplacian(crop, cv2.CV_64F).var()))
    return float(np.median(values)) if values else None
