"""The card photo checks on drawn Aadhaar-style cards (tests/support/sample_cards.py) as a camera would see
them: sharp cards pass at webcam sizes, blurred print and a lamp's reflection are refused."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np
import pytest

from smartbank_desktop.ui.setup import photo_checks
from tests.biometrics.media import FACES
from tests.support.sample_cards import CardDetails, blurred, draw_card, image_bytes, pdf_bytes

HOLDERS = [(CardDetails("Ramesh Kumar Sharma", date(1952, 8, 15), "M", "491417776311", "रमेश कुमार शर्मा"),
            FACES / "obama" / "obama.jpg"),
           (CardDetails("Sita Devi Iyer", date(1948, 1, 3), "F", "234123412346", "सीता देवी अय्यर"),
            FACES / "eileen_collins" / "astronaut.png")]


def held_up(card, width: int, height: int) -> np.ndarray:
    """The card inside the guide of a width x height camera picture, on a grey table, JPEG-compressed."""
    frame = np.full((height, width, 3), (90, 100, 110), np.uint8)
    w = int(width * 0.78)
    h = int(w * card.size[1] / card.size[0])
    pixels = cv2.resize(cv2.cvtColor(np.array(card.convert("RGB")), cv2.COLOR_RGB2BGR), (w, h),
                        interpolation=cv2.INTER_AREA)
    top, left = (height - h) // 2, (width - w) // 2
    frame[top:top + h, left:left + w] = pixels
    return cv2.imdecode(cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 85])[1], cv2.IMREAD_COLOR)


@pytest.fixture(scope="module")
def cards():
    return [draw_card(details, face) for details, face in HOLDERS]


@pytest.mark.parametrize("size", [(640, 480), (1280, 720), (1920, 1080)])
def test_a_sharp_card_passes(cards, size):
    for card in cards:
        check = photo_checks.check_card(held_up(card, *size))
        assert check.problem == "", check


@pytest.mark.parametrize("radius", [1.5, 2.5, 4.0])
def test_blurred_print_is_refused(cards, radius):
    for card in cards:
        for size in ((640, 480), (1280, 720)):
            check = photo_checks.check_card(held_up(blurred(card, radius), *size))
            assert check.problem == "blurred", (radius, size, check)


def lamp_spot(card, radius: int) -> np.ndarray:
    """The card in dimmer light (paper at about 80% white) with a lamp burnt into it as a bright soft spot."""
    pixels = cv2.cvtColor(np.array(card.convert("RGB")), cv2.COLOR_RGB2BGR) * 0.82
    mask = np.zeros(pixels.shape[:2], np.float32)
    if radius:
        cv2.circle(mask, (560, 300), radius, 1.0, -1)
        mask = cv2.GaussianBlur(mask, (0, 0), radius / 4)
    mask = mask[..., None]
    return (pixels * (1 - mask) + 255 * mask).astype(np.uint8)


def test_a_lamps_reflection_is_refused_and_a_small_highlight_is_not(cards):
    for card in cards:
        assert photo_checks.check_card(lamp_spot(card, 90)).problem == "glare"
        assert photo_checks.check_card(lamp_spot(card, 25)).problem == ""
        assert photo_checks.check_card(lamp_spot(card, 0)).glare == 0.0


def test_a_white_card_is_not_glare(cards):
    """Paper that is simply white (a scan, a bright room) is the card, not a reflection on it."""
    for card in cards:
        assert photo_checks.check_card(cv2.cvtColor(np.array(card), cv2.COLOR_RGB2BGR)).glare == 0.0


def test_files_are_known_by_their_content(cards):
    assert photo_checks.kind_of(image_bytes(cards[0], "PNG")) == ".png"
    assert photo_checks.kind_of(image_bytes(cards[0], "JPEG")) == ".jpg"
    assert photo_checks.kind_of(pdf_bytes(cards[0])) == ".pdf"
    assert photo_checks.kind_of(b"GIF89a....") == ""
    assert photo_checks.decode(b"not a picture") is None
