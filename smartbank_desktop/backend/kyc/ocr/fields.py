"""The card's fields among OCR words: name (English and Hindi), date of birth, gender, the 12-digit number.

Each field carries its OCR confidence (the lowest of its words) and its word
boxes; the number must pass the Verhoeff check (12-digit runs that fail it
are kept apart, for the rules and for masking).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from smartbank_desktop.core import aadhaar

from .tesseract import OcrWord, PageInfo


@dataclass(frozen=True)
class OcrField:
    value: str
    confidence: float  # the lowest confidence of its words
    words: tuple[OcrWord, ...] = ()

    def as_dict(self, value: str | None = None) -> dict:
        return {"value": self.value if value is None else value, "confidence": round(self.confidence, 1),
                "boxes": [list(w.box) for w in self.words]}


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
        return aadhaar.mask_in_text(text) if masked else text

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


def as_digits(text: str) -> str | None:
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
            digits = as_digits(word.text) if word is not None else None
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
