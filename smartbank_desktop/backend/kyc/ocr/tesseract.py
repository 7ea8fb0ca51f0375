"""Tesseract on prepared pages: words with confidence and boxes in the uploaded page's own pixels."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..errors import OcrUnavailable
from .deskew import prepare
from .quality import text_sharpness

LANGUAGES = "eng+hin"
TESSERACT_TIMEOUT_S = 60


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
class PageInfo:
    width: int
    height: int
    skew_degrees: float  # the tilt found and undone (counter-clockwise positive)
    scale: float  # how much the page was enlarged for Tesseract
    text_sharpness: float | None = None  # see text_sharpness(); None when no words were read


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
        prepared, matrix, skew, scale = prepare(page, deskew)
        raw = _tesseract_words(prepared, languages)
        words.extend(_to_page_words(raw, matrix, index))
        clear_words = [w["box"] for w in raw if len(w["text"]) >= 3 and w["conf"] >= 50]
        sharpness = text_sharpness(np.asarray(prepared), clear_words)
        infos.append(PageInfo(page.width, page.height, skew, scale, sharpness))
    return words, infos
