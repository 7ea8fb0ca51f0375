"""The synthetic card generator draws real fonts and a real face, in every upload variant."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image

from smartbank_desktop.core import aadhaar
from tests.support.sample_cards import (
    VARIANTS,
    blurred,
    card_upload,
    draw_card,
    font_path,
    portrait,
    random_aadhaar_number,
)

PHOTO_BOX = (40, 150, 260, 425)


def test_random_numbers_are_valid_aadhaar_numbers():
    rng = random.Random(7)
    numbers = {random_aadhaar_number(rng) for _ in range(200)}
    assert len(numbers) == 200
    assert all(aadhaar.is_valid(n) and n[0] in "23456789" for n in numbers)


def test_fonts_have_devanagari_and_latin():
    from PIL import ImageFont

    def glyph(font, text):
        return bytes(font.getmask(text))

    deva = ImageFont.truetype(font_path("deva"), 30)
    latin = ImageFont.truetype(font_path("latin"), 30)
    # Missing glyphs all draw the same box: real ones differ from each other.
    assert glyph(deva, "क") != glyph(deva, "ख")
    assert glyph(latin, "A") != glyph(latin, "B")
    assert deva.getmask("क").getbbox() is not None


def test_card_carries_the_face_photo(sample_people):
    details, face = sample_people["ramesh"]
    with_face = np.asarray(draw_card(details, face).crop(PHOTO_BOX).convert("L"), dtype=np.float64)
    without = np.asarray(draw_card(details).crop(PHOTO_BOX).convert("L"), dtype=np.float64)
    assert with_face.std() > 40
    assert np.abs(with_face - without).mean() > 30


def test_portrait_is_cropped_around_the_face(sample_people):
    import cv2

    _, face = sample_people["mohan"]
    picture = portrait(Image.open(face), (220, 275))
    assert picture.size == (220, 275)
    gray = np.asarray(picture.convert("L"))
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    faces = cascade.detectMultiScale(gray, 1.1, 5)
    assert len(faces) == 1
    x, y, w, h = faces[0]
    assert w > 80  # large enough for the face detector of the face-match step


def test_variants_have_the_right_types(sample_people):
    details, face = sample_people["sita"]
    magic = {"image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8", "application/pdf": b"%PDF"}
    for variant in VARIANTS:
        data, content_type = card_upload(details, face, variant)
        assert data.startswith(magic[content_type]), variant
    small, _ = card_upload(details, face, "small")
    assert Image.open(io.BytesIO(small)).size == (600, 378)
    with pytest.raises(ValueError):
        card_upload(details, face, "sepia")


def test_blur_softens_edges(sample_people):
    details, face = sample_people["sita"]
    card = draw_card(details, face).convert("L")
    sharp = np.abs(np.diff(np.asarray(card, dtype=np.float64), axis=1)).max()
    soft = np.abs(np.diff(np.asarray(blurred(card), dtype=np.float64), axis=1)).max()
    assert soft < sharp / 2
