"""OCR of Aadhaar cards with Tesseract (English and Hindi).

:func:`read_aadhaar` takes an image or a PDF (rendered page by page with
poppler's ``pdftoppm``, or the page images pypdf finds), straightens each
page (a 5-degree tilt otherwise loses the number), runs Tesseract once per
page and extracts the name, date of birth, gender and the 12-digit
Verhoeff-valid number, each with its OCR confidence (0-100, the lowest of
its words) and word boxes in the uploaded image's own coordinates.

:func:`mask_aadhaar_image` blacks out the first 8 digits of every
Aadhaar-like number on the card, as banks must before storing a copy.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from smartbank_desktop.core import aadhaar

from .errors import KycError, OcrUnavailable, UnreadableDocument

LANGUAGES = "eng+hin"
PDF_DPI = 200
MAX_PDF_PAGES = 4
MIN_OCR_WIDTH = 1000  # narrower pages are enlarged: Tesseract wants letters ~20-30 px tall
MAX_OCR_WIDTH = 2400
MAX_RENDER_PIXELS = 3000  # long side of a rendered PDF page
TESSERACT_TIMEOUT_S = 60


class NumberNotFound(KycError):
    """No Aadhaar number was found to mask; never store the image as if it were masked."""


@dataclass(frozen=True)
class OcrWord:
    text: str
    confidence: float  # Tesseract's 0-100
    page: int
    line: int  # index of the word's line on its page, top to bottom
    box: tuple[int, int, int, int]  # left, top, width, height in the uploaded page's pixels
    quad: tuple[tuple[float, float], ...]  # the word's four corners there (turned when the page was)

    def as_dict(self) -> dict:
        return {"text": self.text, "confidence": round(self.confidence, 1), "page": self.page,
                "line": self.line, "box": list(self.box)}


@dataclass(frozen=True)
class OcrField:
    value: str
    confidence: float  # the lowest confidence of its words
    words: tuple[OcrWord, ...] = ()

    def as_dict(self, value: str | None = None) -> dict:
        return {"value": self.value if value is None else value, "confidence": round(self.confidence, 1),
                "boxes": [list(w.box) for w in self.words]}


@dataclass(frozen=True)
class PageInfo:
    width: int
    height: int
    skew_degrees: float  # the tilt found and undone (counter-clockwise positive)
    scale: float  # how much the page was enlarged for Tesseract
    text_sharpness: float | None = None  # see text_sharpness(); None when no words were read


@dataclass
class AadhaarOcr:
    name: OcrField | None = None
    name_hindi: OcrField | None = None
    date_of_birth: OcrField | None = None  # "YYYY-MM-DD", or "YYYY" when the card shows a year only
    gender: OcrField | None = None  # "M", "F" or "T"
    number: OcrField | None = None  # 12 digits, Verhoeff-valid
    invalid_numbers: list[OcrField] = field(default_factory=list)  # 12 digits that fail the check
    words: list[OcrWord] = field(default_factory=list)
    pages: list[PageInfo] = field(default_factory=list)
    ms: float = 0.0

    @property
    def dob(self) -> date | None:
        if self.date_of_birth and len(self.date_of_birth.value) == 10:
            return date.fromisoformat(self.date_of_birth.value)
        return None

    @property
    def fields(self) -> dict[str, OcrField | None]:
        return {"name": self.name, "date_of_birth": self.date_of_birth, "gender": self.gender,
                "number": self.number}

    @property
    def min_confidence(self) -> float:
        """The lowest confidence of the four fields; 0 when one is missing."""
        return min((f.confidence if f else 0.0) for f in self.fields.values())

    @property
    def text_sharpness(self) -> float | None:
        """The least sharp page's :func:`text_sharpness` (None when no words were read)."""
        values = [p.text_sharpness for p in self.pages if p.text_sharpness is not None]
        return min(values) if values else None

    def text(self, masked: bool = True) -> str:
        """The page text, line by line; Aadhaar-like numbers masked unless ``masked=False``."""
        lines: dict[tuple[int, int], list[str]] = {}
        for word in self.words:
            lines.setdefault((word.page, word.line), []).append(word.text)
        text = "\n".join(" ".join(ws) for _, ws in sorted(lines.items()))
        return mask_numbers_in_text(text) if masked else text

    def as_dict(self) -> dict:
        """For ``validation_result``: the number masked (``XXXX XXXX 1234``), never in full."""
        data = {name: (f.as_dict(aadhaar.mask(f.value) if name == "number" else None) if f else None)
                for name, f in self.fields.items()}
        data["name_hindi"] = self.name_hindi.as_dict() if self.name_hindi else None
        data["invalid_numbers"] = [f.as_dict(aadhaar.mask(f.value)) for f in self.invalid_numbers]
        data["text"] = self.text(masked=True)
        data["pages"] = [{"width": p.width, "height": p.height, "skew_degrees": round(p.skew_degrees, 2),
                          "scale": round(p.scale, 3),
                          "text_sharpness": None if p.text_sharpness is None else round(p.text_sharpness)}
                         for p in self.pages]
        data["ms"] = round(self.ms, 1)
        return data


# ---------------------------------------------------------------- loading

def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def load_pages(document) -> list[Image.Image]:
    """The pages of an upload (bytes, path or PIL image) as RGB images."""
    if isinstance(document, Image.Image):
        return [document.convert("RGB")]
    if isinstance(document, (str, os.PathLike)):
        with open(document, "rb") as fh:
            document = fh.read()
    data = bytes(document)
    if is_pdf(data):
        return render_pdf(data)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        # Phone photos are often stored sideways with an EXIF note to turn them.
        image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise UnreadableDocument("The file is not a picture or PDF we can read.") from exc
    return [image.convert("RGB")]


def render_pdf(data: bytes, dpi: float = PDF_DPI, max_pages: int = MAX_PDF_PAGES) -> list[Image.Image]:
    """Render PDF pages with ``pdftoppm``, or without poppler take the page images pypdf finds.

    The resolution drops for very large pages, so no page renders beyond
    ``MAX_RENDER_PIXELS`` on its long side.
    """
    if shutil.which("pdftoppm"):
        dpi = _safe_dpi(data, dpi)
        with tempfile.TemporaryDirectory(prefix="kyc-pdf-") as folder:
            source = os.path.join(folder, "in.pdf")
            with open(source, "wb") as fh:
                fh.write(data)
            try:
                done = subprocess.run(["pdftoppm", "-r", f"{dpi:.2f}", "-png", "-f", "1", "-l", str(max_pages),
                                       source, os.path.join(folder, "page")],
                                      capture_output=True, timeout=120, check=False)
            except subprocess.TimeoutExpired as exc:
                raise OcrUnavailable("pdftoppm timed out") from exc
            names = sorted((n for n in os.listdir(folder) if n.startswith("page")),
                           key=lambda n: int(re.findall(r"(\d+)\.png$", n)[0]))
            if done.returncode != 0 or not names:
                raise UnreadableDocument("The PDF could not be opened.")
            pages = []
            for name in names:
                with Image.open(os.path.join(folder, name)) as page:
                    rgb = page.convert("RGB")
                rgb.info["dpi"] = (dpi, dpi)
                pages.append(rgb)
            return pages
    return _pdf_page_images(data, max_pages)


def _safe_dpi(data: bytes, dpi: float) -> float:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        longest_inches = max(max(float(p.mediabox.width), float(p.mediabox.height)) / 72.0
                             for p in reader.pages[:MAX_PDF_PAGES])
    except Exception:  # pypdf cannot parse it: pdftoppm will say whether it can
        return dpi
    return max(1.0, min(float(dpi), MAX_RENDER_PIXELS / max(longest_inches, 0.1)))


def _pdf_page_images(data: bytes, max_pages: int) -> list[Image.Image]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = []
        for page in reader.pages[:max_pages]:
            images = [img.image for img in page.images]
            if images:
                pages.append(max(images, key=lambda im: im.width * im.height).convert("RGB"))
    except (PdfReadError, OSError, ValueError) as exc:
        raise UnreadableDocument("The PDF could not be opened.") from exc
    if not pages:
        raise OcrUnavailable("this PDF has no page images; rendering it needs poppler's pdftoppm")
    return pages


# ---------------------------------------------------------------- deskew

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


def _prepare(page: Image.Image, deskew: bool = True) -> tuple[Image.Image, np.ndarray, PageInfo]:
    """Straighten and enlarge a page for Tesseract; returns it, the 2x3 affine map, and page info."""
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
    return Image.fromarray(prepared), matrix, PageInfo(w, h, 0.0 - angle if angle else 0.0, scale)


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


# ---------------------------------------------------------------- Tesseract

def _tesseract_words(image: Image.Image, languages: str) -> list[dict]:
    import pytesseract

    # One thread per Tesseract process: 0.6 s per card instead of 3 s on a busy 2-core machine.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(image, lang=languages, config="--psm 3",
                                         output_type=pytesseract.Output.DICT, timeout=TESSERACT_TIMEOUT_S)
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable("Tesseract is not installed") from exc
    except pytesseract.TesseractError as exc:
        raise OcrUnavailable(f"Tesseract failed: {exc}") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrUnavailable(f"Tesseract: {exc}") from exc
    words = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        if not text or float(data["conf"][i]) < 0:
            continue
        words.append({"text": text, "conf": float(data["conf"][i]),
                      "line_key": (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
                      "box": (data["left"][i], data["top"][i], data["width"][i], data["height"][i])})
    return words


def _to_page_words(raw: list[dict], matrix: np.ndarray, page_index: int) -> list[OcrWord]:
    """Order Tesseract's lines top to bottom and map boxes back to the uploaded page."""
    import cv2

    inverse = cv2.invertAffineTransform(matrix)
    lines: dict[tuple, list[dict]] = {}
    for word in raw:
        lines.setdefault(word["line_key"], []).append(word)
    ordered = sorted(lines.values(), key=lambda ws: (min(w["box"][1] for w in ws), min(w["box"][0] for w in ws)))
    words = []
    for line_index, line_words in enumerate(ordered):
        for word in sorted(line_words, key=lambda w: w["box"][0]):
            left, top, width, height = word["box"]
            corners = np.array([[left, top], [left + width, top], [left + width, top + height],
                                [left, top + height]], dtype=np.float64)
            mapped = corners @ inverse[:, :2].T + inverse[:, 2]
            xs, ys = mapped[:, 0], mapped[:, 1]
            box = (int(math.floor(xs.min())), int(math.floor(ys.min())),
                   int(math.ceil(xs.max() - xs.min())), int(math.ceil(ys.max() - ys.min())))
            words.append(OcrWord(word["text"], word["conf"], page_index, line_index, box,
                                 tuple((float(x), float(y)) for x, y in mapped)))
    return words


def ocr_pages(pages: list[Image.Image], languages: str = LANGUAGES,
              deskew: bool = True) -> tuple[list[OcrWord], list[PageInfo]]:
    words, infos = [], []
    for index, page in enumerate(pages):
        prepared, matrix, info = _prepare(page, deskew)
        raw = _tesseract_words(prepared, languages)
        words.extend(_to_page_words(raw, matrix, index))
        clear_words = [w["box"] for w in raw if len(w["text"]) >= 3 and w["conf"] >= 50]
        sharpness = text_sharpness(np.asarray(prepared), clear_words)
        infos.append(PageInfo(info.width, info.height, info.skew_degrees, info.scale, sharpness))
    return words, infos


# ---------------------------------------------------------------- fields

DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1",
                                  "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9"})
DATE_RE = re.compile(r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})")
YEAR_LINE_RE = re.compile(r"(year\s*of\s*birth|yob|जन्म\s*वर्ष)\D{0,12}((?:19|20)\d{2})", re.IGNORECASE)
GENDER_WORDS = {"MALE": "M", "FEMALE": "F", "TRANSGENDER": "T", "पुरुष": "M", "महिला": "F",
                "ट्रांसजेंडर": "T"}
NOT_A_NAME = {"government", "of", "india", "specimen", "unique", "identification", "authority", "aadhaar",
              "dob", "male", "female", "transgender", "address", "year", "birth", "enrolment", "vid",
              "download", "date", "issue", "help", "www", "uidai", "gov", "in"}
LATIN_WORD_RE = re.compile(r"^[A-Za-z][A-Za-z.'\-]*,?$")
DEVANAGARI_RE = re.compile(r"[\u0900-\u097F]")


def _as_digits(text: str) -> str | None:
    """The digits of a token that reads as a number, allowing O/0, I/1, S/5 look-alikes."""
    token = text.strip(".,:;()[]")
    if not token:
        return None
    # eng+hin Tesseract sometimes reads a printed 3 as the Devanagari digit ३: any script's digits count.
    token = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in token)
    real_digits = sum(ch.isdigit() for ch in token)
    if real_digits < max(1, len(token) - 1):
        return None
    converted = token.translate(DIGIT_LOOKALIKES)
    return converted if converted.isdigit() else None


def _field(value: str, words) -> OcrField:
    words = tuple(words)
    return OcrField(value, min(w.confidence for w in words) if words else 0.0, words)


def _lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    grouped: dict[tuple[int, int], list[OcrWord]] = {}
    for word in words:
        grouped.setdefault((word.page, word.line), []).append(word)
    return [grouped[key] for key in sorted(grouped)]


def find_number_candidates(words: list[OcrWord]) -> list[tuple[str, tuple[OcrWord, ...]]]:
    """Every run of 12 digits on one line: three groups of 4, or one or two joined tokens.

    Runs of 16 digits in groups of 4 (the Virtual ID) are skipped.
    """
    found = []
    for line in _lines(words):
        run: list[tuple[OcrWord, str]] = []
        for word in line + [None]:
            digits = _as_digits(word.text) if word is not None else None
            if digits is not None:
                run.append((word, digits))
                continue
            found.extend(_twelve_digit_runs(run))
            run = []
    return found


def _twelve_digit_runs(run: list[tuple[OcrWord, str]]) -> list[tuple[str, tuple[OcrWord, ...]]]:
    if not run:
        return []
    joined = "".join(d for _, d in run)
    if len(joined) == 12:
        return [(joined, tuple(w for w, _ in run))]
    if len(joined) == 16:  # a Virtual ID, not an Aadhaar number
        return []
    out = []
    # Longer runs (a number beside other figures): take each 4-4-4 window.
    for i in range(len(run) - 2):
        window = run[i:i + 3]
        if all(len(d) == 4 for _, d in window):
            out.append(("".join(d for _, d in window), tuple(w for w, _ in window)))
    return out


def _find_date_of_birth(lines: list[list[OcrWord]]) -> tuple[OcrField | None, int | None]:
    fallback = None
    for index, line in enumerate(lines):
        line_text = " ".join(w.text for w in line)
        match = DATE_RE.search(line_text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                value = date(year, month, day).isoformat()
            except ValueError:
                continue
            words = [w for w in line if any(part in w.text for part in match.groups())] or line
            found = (_field(value, words), index)
            if re.search(r"DOB|D0B|Birth|जन्म", line_text, re.IGNORECASE):
                return found
            fallback = fallback or found
            continue
        year_match = YEAR_LINE_RE.search(line_text)
        if year_match:
            words = [w for w in line if year_match.group(2) in w.text] or line
            return _field(year_match.group(2), words), index
    return fallback or (None, None)


def _find_gender(lines: list[list[OcrWord]]) -> OcrField | None:
    for line in lines:
        for word in line:
            key = word.text.strip(".,:;/").upper() if word.text.isascii() else word.text.strip(".,:;/")
            if key in GENDER_WORDS:
                return _field(GENDER_WORDS[key], [word])
    return None


def _is_name_line(line: list[OcrWord]) -> bool:
    texts = [w.text for w in line]
    if not texts or not all(LATIN_WORD_RE.match(t) for t in texts):
        return False
    letters = [t.strip(".,'-").lower() for t in texts]
    if any(t in NOT_A_NAME for t in letters if len(t) > 2) or all(t in NOT_A_NAME for t in letters):
        return False
    return sum(len(t) for t in letters) >= 3 and any(len(t) >= 2 for t in letters)


def _fix_capital_i(name: str) -> str:
    """In a Title Case name a word read as "lyer" is "Iyer": sans-serif I and l look alike."""
    words = name.split()
    if not all(w[0].isupper() or (w[0] == "l" and len(w) > 1) for w in words):
        return name
    return " ".join("I" + w[1:] if w[0] == "l" else w for w in words)


def _find_names(lines: list[list[OcrWord]], dob_line: int | None) -> tuple[OcrField | None, OcrField | None]:
    """The English name: the nearest all-Latin line above the date of birth; the Hindi name above it."""
    if dob_line is not None:
        candidates = range(dob_line - 1, max(-1, dob_line - 4), -1)
    else:
        candidates = range(len(lines))
    for index in candidates:
        line = lines[index]
        if _is_name_line(line):
            name = _field(_fix_capital_i(" ".join(w.text.rstrip(",") for w in line)), line)
            hindi = None
            if index > 0 and all(DEVANAGARI_RE.search(w.text) for w in lines[index - 1]):
                previous = lines[index - 1]
                hindi = _field(" ".join(w.text for w in previous), previous)
            return name, hindi
    return None, None


def extract_fields(words: list[OcrWord]) -> AadhaarOcr:
    """Find the name, date of birth, gender and number among OCR words."""
    result = AadhaarOcr(words=list(words))
    lines = _lines(words)
    result.date_of_birth, dob_line = _find_date_of_birth(lines)
    result.gender = _find_gender(lines)
    result.name, result.name_hindi = _find_names(lines, dob_line)
    for digits, number_words in find_number_candidates(words):
        candidate = _field(digits, number_words)
        if aadhaar.is_valid(digits):
            if result.number is None or candidate.confidence > result.number.confidence:
                result.number = candidate
        else:
            result.invalid_numbers.append(candidate)
    return result


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


# ---------------------------------------------------------------- masking

MASK_TEXT_RE = re.compile(r"(?<!\d)(?<!\d\s)\d{4}(\s?)\d{4}(\s?)(\d{4})(?!\s?\d)")


def mask_numbers_in_text(text: str) -> str:
    """``1234 5678 9012`` -> ``XXXX XXXX 9012`` wherever a 12-digit number appears."""
    return MASK_TEXT_RE.sub(lambda m: f"XXXX{m.group(1)}XXXX{m.group(2)}{m.group(3)}", text)


def masking_regions(ocr: AadhaarOcr) -> list[tuple[int, list[tuple[float, float]]]]:
    """``(page, polygon)`` covering the first 8 digits of every 12-digit number found."""
    regions = []
    numbers = ([ocr.number] if ocr.number else []) + ocr.invalid_numbers
    for number in numbers:
        digits_left = 8
        for word in number.words:
            if digits_left <= 0:
                break
            digits = _as_digits(word.text) or ""
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
