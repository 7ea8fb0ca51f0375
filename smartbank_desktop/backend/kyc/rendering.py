"""Documents as staff see them: each page as a fresh PNG (a PDF card rendered as the OCR renders it),
and the face on a picture cropped for a side-by-side comparison.

What comes out holds pixels only: no EXIF, GPS or other metadata of the
customer's file, no script of a PDF. Plain Python (no Django).
"""

from __future__ import annotations

import io

from PIL import Image

from .ocr.pages import load_pages

MAX_SIDE = 1600  # pixels, the long side of a page as staff see it
FACE_SIDE = 320  # pixels, the long side of a face crop
FACE_MARGIN = 0.35  # of the face box, on each side: hair, chin and ears belong to the comparison


def pages(content: bytes) -> list[Image.Image]:
    """The document's pages, upright (PDFs rendered, photos turned as their EXIF said)."""
    return load_pages(content)


def png(image: Image.Image, max_side: int = MAX_SIDE) -> bytes:
    """``image`` as a PNG of at most ``max_side`` pixels a side, with no metadata."""
    copy = image.convert("RGB")
    copy.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    Image.frombytes("RGB", copy.size, copy.tobytes()).save(buffer, "PNG")
    return buffer.getvalue()


def face_crop(image: Image.Image, box, side: int = FACE_SIDE) -> Image.Image:
    """The face in ``box`` (left, top, right, bottom as fractions of the picture) with a margin, ``side`` px tall."""
    width, height = image.size
    left, top, right, bottom = box
    margin_x, margin_y = (right - left) * FACE_MARGIN, (bottom - top) * FACE_MARGIN
    area = (max(0, int((left - margin_x) * width)), max(0, int((top - margin_y * 1.3) * height)),
            min(width, int((right + margin_x) * width)), min(height, int((bottom + margin_y) * height)))
    crop = image.crop(area)
    scale = side / max(1, crop.height)
    return crop.resize((max(1, round(crop.width * scale)), side), Image.LANCZOS)
