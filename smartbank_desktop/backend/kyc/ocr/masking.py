"""The stored copy of a card: the first 8 digits of every Aadhaar-like number blacked out, as banks must."""

from __future__ import annotations

import io
import math
import os

from PIL import Image, ImageDraw

from ..errors import KycError
from .fields import AadhaarOcr, as_digits
from .pages import PDF_DPI, is_pdf, load_pages
from .reading import read_aadhaar_pages


class NumberNotFound(KycError):
    """No Aadhaar number was found to mask; never store the image as if it were masked."""


def masking_regions(ocr: AadhaarOcr) -> list[tuple[int, list[tuple[float, float]]]]:
    """``(page, polygon)`` covering the first 8 digits of every 12-digit number found."""
    regions = []
    numbers = ([ocr.number] if ocr.number else []) + ocr.invalid_numbers
    for number in numbers:
        digits_left = 8
        for word in number.words:
            if digits_left <= 0:
                break
            digits = as_digits(word.text) or ""
            fraction = 1.0 if len(digits) <= digits_left else digits_left / max(1, len(digits))
            digits_left -= len(digits)
            regions.append((word.page, _grow(_left_part(word.quad, fraction), 0.25)))
    return regions


def _left_part(quad, fraction: float):
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad
    if fraction >= 1.0:
        return list(quad)
    # A little past the boundary, so half of the next digit never shows.
    f = min(1.0, fraction + 0.03)
    return [(x0, y0), (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f), (x3 + (x2 - x3) * f, y3 + (y2 - y3) * f),
            (x3, y3)]


def _grow(polygon, margin_fraction: float):
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    cx, cy = sum(xs) / 4, sum(ys) / 4
    height = math.dist(polygon[0], polygon[3])
    margin = height * margin_fraction
    out = []
    for x, y in polygon:
        dx, dy = x - cx, y - cy
        length = math.hypot(dx, dy) or 1.0
        out.append((x + dx / length * margin, y + dy / length * margin))
    return out


def mask_aadhaar_image(document, ocr: AadhaarOcr | None = None, *, fmt: str | None = None) -> bytes:
    """The upload with the first 8 digits of the Aadhaar number blacked out.

    ``ocr`` is the result of :func:`read_aadhaar` on the same upload (read
    again when not given). Images come back in their own format (JPEG stays
    JPEG, others become PNG); a PDF comes back as a PDF of its rendered,
    masked pages. Raises :class:`NumberNotFound` when there is no number to mask.
    """
    raw = document
    if isinstance(document, (str, os.PathLike)):
        with open(document, "rb") as fh:
            raw = fh.read()
    pages = load_pages(raw)
    if ocr is None:
        ocr = read_aadhaar_pages(pages)
    regions = masking_regions(ocr)
    if not regions:
        raise NumberNotFound("No Aadhaar number was found on the card to mask.")
    for page_index, polygon in regions:
        ImageDraw.Draw(pages[page_index]).polygon(polygon, fill="black")
    out = io.BytesIO()
    if isinstance(raw, (bytes, bytearray)) and is_pdf(bytes(raw)):
        dpi = pages[0].info.get("dpi", (PDF_DPI, PDF_DPI))[0]
        pages[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
        return out.getvalue()
    if fmt is None:
        source_format = None
        if isinstance(raw, Image.Image):
            source_format = raw.format
        elif isinstance(raw, (bytes, bytearray)):
            source_format = Image.open(io.BytesIO(raw)).format
        fmt = "JPEG" if source_format == "JPEG" else "PNG"
    pages[0].save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()
