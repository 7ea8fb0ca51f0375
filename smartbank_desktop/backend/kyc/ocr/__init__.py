"""OCR of Aadhaar cards with Tesseract (English and Hindi), and the masked copy a bank may store.

:func:`read_aadhaar` takes an image or a PDF, straightens each page, runs
Tesseract once per page and extracts the name, date of birth, gender and the
12-digit Verhoeff-valid number, each with its OCR confidence (0-100, the
lowest of its words) and word boxes in the uploaded image's own coordinates.
:func:`mask_aadhaar_image` blacks out the first 8 digits of every
Aadhaar-like number on the card.

One module per stage: ``pages`` (loading, PDF rendering), ``deskew``,
``tesseract`` (words and boxes), ``quality`` (text sharpness), ``fields``
(field extraction), ``reading`` (the stages in order) and ``masking``.
"""

from .deskew import estimate_skew
from .fields import AadhaarOcr, OcrField, extract_fields, find_number_candidates
from .masking import NumberNotFound, mask_aadhaar_image, masking_regions
from .pages import MAX_RENDER_PIXELS, PDF_DPI, is_pdf, load_pages, render_pdf
from .reading import read_aadhaar, read_aadhaar_pages
from .tesseract import LANGUAGES, OcrWord, PageInfo, ocr_pages

__all__ = ["AadhaarOcr", "LANGUAGES", "MAX_RENDER_PIXELS", "NumberNotFound", "OcrField", "OcrWord", "PDF_DPI",
           "PageInfo", "estimate_skew", "extract_fields", "find_number_candidates", "is_pdf", "load_pages",
           "mask_aadhaar_image", "masking_regions", "ocr_pages", "read_aadhaar", "read_aadhaar_pages",
           "render_pdf"]
