"""Synthetic Aadhaar-style cards for the tests and benchmarks.

:func:`draw_card` draws the front of a card with Pillow in real fonts (Lohit
Devanagari for Hindi, DejaVu Sans for Latin): the Hindi header, a face photo,
the name in Hindi and English, date of birth, gender and the 12-digit number.
The variants (:func:`blurred`, :func:`tilted`, :func:`jpeg_bytes`,
:func:`pdf_bytes`) reproduce what customers upload: soft phone photos,
crooked scans, heavy compression and PDFs. The cards say "SPECIMEN" and are
not real documents.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps
from stdnum import verhoeff

CARD_WIDTH = 1000
CARD_HEIGHT = 630  # the ID-1 card ratio, 85.6 x 54 mm

GENDER_WORDS = {"M": ("पुरुष", "MALE"), "F": ("महिला", "FEMALE"), "T": ("ट्रांसजेंडर", "TRANSGENDER")}

FONT_FAMILIES = {
    "deva": ("Lohit Devanagari", ["lohit-devanagari/Lohit-Devanagari.ttf", "Lohit-Devanagari.ttf"]),
    "latin": ("DejaVu Sans", ["dejavu/DejaVuSans.ttf", "DejaVuSans.ttf"]),
    "latin-bold": ("DejaVu Sans:bold", ["dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf"]),
}
FONT_DIRS = ["/usr/share/fonts/truetype", "/usr/share/fonts", "/usr/local/share/fonts",
             "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts"]


@dataclass(frozen=True)
class CardDetails:
    name: str
    date_of_birth: date
    gender: str  # "M", "F" or "T"
    number: str  # 12 digits
    name_hindi: str = ""

    @property
    def number_grouped(self) -> str:
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return f"{digits[:4]} {digits[4:8]} {digits[8:]}"


def random_aadhaar_number(rng: random.Random | None = None) -> str:
    """A random 12-digit number with a valid Verhoeff check digit (first digit 2-9)."""
    rng = rng or random.Random()
    body = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return body + verhoeff.calc_check_digit(body)


@lru_cache(maxsize=None)
def font_path(kind: str) -> str:
    """The file of a font: ``"deva"``, ``"latin"`` or ``"latin-bold"``.

    Found by fontconfig (``fc-match``) when present, else in the usual font
    folders; the environment variable ``SMARTBANK_FONT_<KIND>`` overrides.
    """
    override = os.environ.get("SMARTBANK_FONT_" + kind.upper().replace("-", "_"))
    if override:
        return override
    family, relative_paths = FONT_FAMILIES[kind]
    for folder in FONT_DIRS:
        for relative in relative_paths:
            candidate = Path(folder) / relative
            if candidate.is_file():
                return str(candidate)
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True,
                               check=False).stdout.strip()
        wanted = Path(relative_paths[-1]).name.lower()
        if found and Path(found).name.lower() == wanted:
            return found
    raise FileNotFoundError(f"font {family!r} not found: install fonts-lohit-deva and fonts-dejavu-core")


def font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    """A font of :func:`font_path` at ``size`` pixels."""
    return ImageFont.truetype(font_path(kind), size)


def _face_image(face) -> Image.Image:
    if isinstance(face, Image.Image):
        return face
    if isinstance(face, (bytes, bytearray)):
        return Image.open(io.BytesIO(face))
    return Image.open(face)


def portrait(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Crop a passport-style head-and-shoulders picture around the largest face.

    The face is found with OpenCV's Haar cascade; without one the picture is
    cropped around its upper centre.
    """
    image = image.convert("RGB")
    face = _largest_face(image)
    if face is None:
        return ImageOps.fit(image, size, centering=(0.5, 0.35))
    x, y, w, h = face
    crop_w = min(image.width, int(w * 2.0))
    crop_h = min(image.height, int(crop_w * size[1] / size[0]))
    crop_w = int(crop_h * size[0] / size[1])
    left = min(max(0, x + w // 2 - crop_w // 2), image.width - crop_w)
    top = min(max(0, y + h // 2 - int(crop_h * 0.42)), image.height - crop_h)
    return image.crop((left, top, left + crop_w, top + crop_h)).resize(size, Image.LANCZOS)


@lru_cache(maxsize=32)
def _portrait_of_file(path: str, mtime_ns: int, size: tuple[int, int]) -> Image.Image:
    # Cached: finding the face in a large photo takes longer than drawing the card.
    with Image.open(path) as image:
        return portrait(image, size)


def _largest_face(image: Image.Image):
    try:
        import cv2
        import numpy as np
    except ImportError:
        return None
    cascade_file = Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml"
    if not cascade_file.is_file():
        return None
    gray = np.asarray(image.convert("L"))
    scale = min(1.0, 800 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale) if scale < 1 else gray
    faces = cv2.CascadeClassifier(str(cascade_file)).detectMultiScale(small, 1.1, 5, minSize=(40, 40))
    if len(faces) == 0:
        return None
    x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
    return tuple(int(v / scale) for v in (x, y, w, h))


def draw_card(details: CardDetails, face=None, *, width: int = CARD_WIDTH) -> Image.Image:
    """Draw the front of an Aadhaar-style card; ``face`` is a path, bytes or PIL image.

    Without a face a grey silhouette is drawn. ``width`` scales the whole card.
    """
    card = Image.new("RGB", (CARD_WIDTH, CARD_HEIGHT), "white")
    draw = ImageDraw.Draw(card)
    # Header bands in the tricolour and the Hindi/English header.
    draw.rectangle((0, 0, CARD_WIDTH, 22), fill=(255, 153, 51))
    draw.rectangle((0, 22, CARD_WIDTH, 28), fill="white")
    draw.rectangle((0, 108, CARD_WIDTH, 114), fill=(19, 136, 8))
    draw.text((CARD_WIDTH // 2, 52), "भारत सरकार", font=font("deva", 30), fill="black", anchor="mm")
    draw.text((CARD_WIDTH // 2, 88), "Government of India", font=font("latin-bold", 26), fill="black",
              anchor="mm")
    draw.text((CARD_WIDTH - 30, 140), "SPECIMEN", font=font("latin-bold", 18), fill=(200, 60, 60),
              anchor="ra")

    # Photo on the left.
    photo_box = (40, 150, 260, 425)
    if face is not None:
        size = (photo_box[2] - photo_box[0], photo_box[3] - photo_box[1])
        if isinstance(face, (str, os.PathLike)):
            photo = _portrait_of_file(str(face), os.stat(face).st_mtime_ns, size)
        else:
            photo = portrait(_face_image(face), size)
        card.paste(photo, photo_box[:2])
    else:
        draw.rectangle(photo_box, fill=(220, 220, 220))
        cx = (photo_box[0] + photo_box[2]) // 2
        draw.ellipse((cx - 55, 190, cx + 55, 300), fill=(150, 150, 150))
        draw.pieslice((cx - 100, 310, cx + 100, 510), 180, 360, fill=(150, 150, 150))
    draw.rectangle(photo_box, outline=(90, 90, 90), width=2)

    # Details on the right.
    x = 300
    hindi_name = details.name_hindi
    if hindi_name:
        draw.text((x, 165), hindi_name, font=font("deva", 30), fill="black")
    draw.text((x, 215), details.name, font=font("latin", 32), fill="black")
    dob = details.date_of_birth.strftime("%d/%m/%Y")
    draw.text((x, 270), "जन्म तिथि / DOB: " + dob, font=font("deva", 28), fill="black")
    hindi_gender, english_gender = GENDER_WORDS[details.gender]
    draw.text((x, 320), f"{hindi_gender} / {english_gender}", font=font("deva", 28), fill="black")

    # The number, large, and the footer.
    draw.text((CARD_WIDTH // 2, 500), details.number_grouped, font=font("latin-bold", 52), fill="black",
              anchor="mm")
    draw.line((40, 555, CARD_WIDTH - 40, 555), fill=(200, 30, 30), width=3)
    draw.text((CARD_WIDTH // 2, 590), "मेरा आधार, मेरी पहचान", font=font("deva", 26), fill="black",
              anchor="mm")
    if width != CARD_WIDTH:
        card = card.resize((width, round(CARD_HEIGHT * width / CARD_WIDTH)), Image.LANCZOS)
    return card


def blurred(card: Image.Image, radius: float = 2.5) -> Image.Image:
    """A soft, out-of-focus photo of the card."""
    return card.filter(ImageFilter.GaussianBlur(radius))


def tilted(card: Image.Image, degrees: float = 5.0, margin: int = 40) -> Image.Image:
    """The card turned by ``degrees`` (counter-clockwise) on a light background, as a crooked scan."""
    background = (235, 235, 230)
    padded = ImageOps.expand(card, border=margin, fill=background)
    return padded.rotate(degrees, resample=Image.BICUBIC, expand=True, fillcolor=background)


def image_bytes(card: Image.Image, fmt: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    card.convert("RGB").save(out, fmt, **options)
    return out.getvalue()


def jpeg_bytes(card: Image.Image, quality: int = 30) -> bytes:
    """The card as a heavily compressed JPEG."""
    return image_bytes(card, "JPEG", quality=quality)


def pdf_bytes(*pages: Image.Image, resolution: float = 150.0) -> bytes:
    """The card (or several pages) as a PDF of page images, as scanners produce."""
    first, *rest = [page.convert("RGB") for page in pages]
    out = io.BytesIO()
    first.save(out, "PDF", resolution=resolution, save_all=True, append_images=rest)
    return out.getvalue()


VARIANTS = ("clean", "blurred", "jpeg", "tilted", "small", "pdf")


def card_upload(details: CardDetails, face=None, variant: str = "clean") -> tuple[bytes, str]:
    """``(bytes, content_type)`` of a card as a customer would upload it, in one of :data:`VARIANTS`."""
    card = draw_card(details, face)
    if variant == "clean":
        return image_bytes(card, "PNG"), "image/png"
    if variant == "blurred":
        return image_bytes(blurred(card), "PNG"), "image/png"
    if variant == "jpeg":
        return jpeg_bytes(card, 30), "image/jpeg"
    if variant == "tilted":
        return image_bytes(tilted(card, 5.0), "PNG"), "image/png"
    if variant == "small":
        return image_bytes(draw_card(details, face, width=600), "PNG"), "image/png"
    if variant == "pdf":
        return pdf_bytes(card), "application/pdf"
    raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
