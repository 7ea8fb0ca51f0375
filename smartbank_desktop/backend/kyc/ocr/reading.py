"""One OCR reading of an Aadhaar card: its pages through Tesseract, then its fields."""

from __future__ import annotations

import time

from PIL import Image

from .fields import AadhaarOcr, extract_fields
from .pages import load_pages
from .tesseract import LANGUAGES, ocr_pages


def read_aadhaar(document, languages: str = LANGUAGES, *, deskew: bool = True) -> AadhaarOcr:
    """OCR an Aadhaar card: ``document`` is image or PDF bytes, a path, or a PIL image.

    Raises :class:`~.errors.UnreadableDocument` for files that are not
    images or PDFs, :class:`~.errors.OcrUnavailable` when Tesseract cannot run.
    """
    started = time.perf_counter()
    result = read_aadhaar_pages(load_pages(document), languages, deskew=deskew)
    result.ms = (time.perf_counter() - started) * 1000
    return result


def read_aadhaar_pages(pages: list[Image.Image], languages: str = LANGUAGES, *,
                       deskew: bool = True) -> AadhaarOcr:
    """:func:`read_aadhaar` of pages already loaded with :func:`load_pages`."""
    started = time.perf_counter()
    words, infos = ocr_pages(pages, languages, deskew)
    result = extract_fields(words)
    result.pages = infos
    result.ms = (time.perf_counter() - started) * 1000
    return result
