"""Tesseract reads generated Aadhaar-style cards; masking hides the first 8 digits."""

from __future__ import annotations

import io
import json
from datetime import date

import numpy as np
import pytest
from PIL import Image, ImageDraw

from smartbank_desktop.backend.kyc.errors import OcrUnavailable, TransientKycError, UnreadableDocument
from smartbank_desktop.backend.kyc.ocr import (
    NumberNotFound,
    OcrWord,
    estimate_skew,
    extract_fields,
    mask_aadhaar_image,
    read_aadhaar,
)
from smartbank_desktop.core.aadhaar import mask_in_text
from tests.support.sample_cards import (
    CardDetails,
    draw_card,
    font,
    image_bytes,
    jpeg_bytes,
    pdf_bytes,
    tilted,
)


def assert_reads(result, details: CardDetails, min_confidence: float = 80.0):
    assert result.name is not None and result.name.value == details.name
    assert result.dob == details.date_of_birth
    assert result.gender is not None and result.gender.value == details.gender
    assert result.number is not None and result.number.value == details.number
    for name, found in result.fields.items():
        assert found.confidence >= min_confidence, (name, found.confidence)
        assert found.words, name


@pytest.mark.parametrize("person", ["ramesh", "sita", "mohan"])
def test_every_field_is_read_on_clean_cards(read_card, sample_people, person):
    details, _ = sample_people[person]
    _, result = read_card(person)
    assert_reads(result, details, min_confidence=85.0)
    assert result.name_hindi is not None and result.name_hindi.value.split()[0] == details.name_hindi.split()[0]


@pytest.mark.parametrize("variant", ["jpeg", "small", "tilted", "pdf"])
def test_every_field_is_read_on_degraded_uploads(read_card, sample_people, variant):
    details, _ = sample_people["ramesh"]
    _, result = read_card("ramesh", variant)
    assert_reads(result, details)


def test_tilted_card_is_straightened_first(read_card, sample_people):
    data, result = read_card("ramesh", "tilted")
    assert result.pages[0].skew_degrees == pytest.approx(5.0, abs=0.3)
    # Without straightening Tesseract loses a field (the number or the name) of the same upload.
    unstraightened = read_aadhaar(data, deskew=False)
    details, _ = sample_people["ramesh"]
    lost = [unstraightened.number is None or unstraightened.number.value != details.number,
            unstraightened.name is None or unstraightened.name.value != details.name]
    assert any(lost)


@pytest.mark.parametrize("degrees", [-8.0, 3.0, 12.0])
def test_skew_estimate(sample_people, degrees):
    details, face = sample_people["mohan"]
    card = tilted(draw_card(details, face), degrees)
    gray = np.asarray(card.convert("L"))
    # estimate_skew returns the correction: the opposite of the tilt.
    assert estimate_skew(gray) == pytest.approx(-degrees, abs=0.3)
    assert abs(estimate_skew(np.asarray(draw_card(details, face).convert("L")))) < 0.3


def test_blurred_card_gives_lower_confidence(read_card, sample_people):
    details, _ = sample_people["ramesh"]
    _, clean = read_card("ramesh")
    _, soft = read_card("ramesh", "blurred")
    assert soft.min_confidence < clean.min_confidence
    # Tesseract still guesses most words, but the text is measurably soft.
    assert clean.text_sharpness > 2000
    assert soft.text_sharpness < 800
    assert soft.number is not None and soft.number.value == details.number


def test_word_boxes_are_in_the_uploaded_image(read_card):
    data, result = read_card("ramesh", "tilted")
    width, height = Image.open(io.BytesIO(data)).size
    for word in result.words:
        left, top, w, h = word.box
        assert -2 <= left and left + w <= width + 2 and -2 <= top and top + h <= height + 2
    # The number sits in the lower part of the card, left to right.
    number_boxes = [w.box for w in result.number.words]
    assert all(box[1] > height * 0.55 for box in number_boxes)
    assert [box[0] for box in number_boxes] == sorted(box[0] for box in number_boxes)


def test_result_json_never_holds_the_full_number(read_card, sample_people):
    details, _ = sample_people["sita"]
    _, result = read_card("sita")
    dumped = json.dumps(result.as_dict(), ensure_ascii=False)
    assert details.number not in dumped.replace(" ", "")
    assert details.number[:4] not in dumped
    assert "XXXX XXXX 2346" in dumped
    assert result.as_dict()["date_of_birth"]["value"] == "1948-01-03"
    assert details.number[:4] in result.text(masked=False)


def test_number_failing_the_check_digit_is_not_accepted(sample_people):
    details, face = sample_people["mohan"]
    wrong = CardDetails(details.name, details.date_of_birth, "M", "987654321097")
    result = read_aadhaar(image_bytes(draw_card(wrong, face)))
    assert result.number is None
    assert [f.value for f in result.invalid_numbers] == ["987654321097"]


def test_pdf_pages_are_rendered_and_read(sample_people):
    details, face = sample_people["sita"]
    cover = Image.new("RGB", (1000, 630), "white")
    ImageDraw.Draw(cover).rectangle((100, 100, 400, 200), fill="black")
    result = read_aadhaar(pdf_bytes(cover, draw_card(details, face)))
    assert len(result.pages) == 2
    assert result.number.value == details.number
    assert {w.page for w in result.number.words} == {1}


def test_not_a_picture_is_unreadable():
    with pytest.raises(UnreadableDocument):
        read_aadhaar(b"just some text, not an image")
    with pytest.raises(UnreadableDocument):
        read_aadhaar(b"%PDF-1.4\n this is not really a pdf")


def test_missing_tesseract_is_a_transient_error(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "no-such-tesseract")
    with pytest.raises(OcrUnavailable) as caught:
        read_aadhaar(Image.new("RGB", (400, 200), "white"))
    assert isinstance(caught.value, TransientKycError)


# -------------------------------------------------------------- masking

def dark_fraction(image: Image.Image, quad) -> float:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    # The inner half of the word's box, so the masking margin does not matter.
    cx, cy, w, h = sum(xs) / 4, sum(ys) / 4, max(xs) - min(xs), max(ys) - min(ys)
    crop = np.asarray(image.convert("L").crop((int(cx - w / 4), int(cy - h / 4), int(cx + w / 4), int(cy + h / 4))))
    return float((crop < 30).mean())


@pytest.mark.parametrize("variant", ["clean", "tilted", "jpeg"])
def test_mask_hides_the_first_eight_digits(read_card, sample_people, variant):
    details, _ = sample_people["ramesh"]
    data, result = read_card("ramesh", variant)
    masked_bytes = mask_aadhaar_image(data, result)
    masked = Image.open(io.BytesIO(masked_bytes))
    assert masked.format == ("JPEG" if variant == "jpeg" else "PNG")
    assert masked.size == Image.open(io.BytesIO(data)).size
    first, second, last = result.number.words
    assert dark_fraction(masked, first.quad) > 0.95
    assert dark_fraction(masked, second.quad) > 0.95
    assert dark_fraction(masked, last.quad) < 0.6
    # Read again: the first 8 digits are gone, the rest of the card is intact.
    again = read_aadhaar(masked_bytes)
    digits_read = "".join(ch for ch in again.text(masked=False) if ch.isdigit())
    assert details.number[:4] not in digits_read and details.number[4:8] not in digits_read
    assert again.number is None
    assert again.name.value == details.name


def test_mask_of_a_single_twelve_digit_word(sample_people):
    details, face = sample_people["sita"]
    card = draw_card(details, face)
    ImageDraw.Draw(card).rectangle((150, 460, 850, 540), fill="white")
    ImageDraw.Draw(card).text((500, 500), details.number, font=font("latin-bold", 52), fill="black",
                              anchor="mm")
    data = image_bytes(card)
    result = read_aadhaar(data)
    assert result.number.value == details.number and len(result.number.words) == 1
    masked = Image.open(io.BytesIO(mask_aadhaar_image(data, result))).convert("L")
    left, top, width, height = result.number.words[0].box
    row = np.asarray(masked)[top + height // 2, left:left + width]
    black_until = int(np.argmax(row > 128))  # first light pixel from the left
    assert 8 / 12 * width - 5 <= black_until <= 9 / 12 * width


def test_mask_of_a_pdf_returns_a_pdf_without_the_digits(sample_people):
    details, face = sample_people["mohan"]
    masked = mask_aadhaar_image(pdf_bytes(draw_card(details, face)))
    assert masked.startswith(b"%PDF")
    again = read_aadhaar(masked)
    digits_read = "".join(ch for ch in again.text(masked=False) if ch.isdigit())
    assert details.number[:4] not in digits_read and details.number[4:8] not in digits_read
    assert again.dob == details.date_of_birth


def test_mask_refuses_when_no_number_is_found():
    page = Image.new("RGB", (1000, 300), "white")
    ImageDraw.Draw(page).text((50, 120), "Government of India", font=font("latin", 40), fill="black")
    with pytest.raises(NumberNotFound):
        mask_aadhaar_image(jpeg_bytes(page, 90))


def test_mask_in_text():
    assert mask_in_text("No. 2341 2341 2346 ok") == "No. XXXX XXXX 2346 ok"
    assert mask_in_text("234123412346") == "XXXXXXXX2346"
    assert mask_in_text("VID 9123 4567 8912 3456") == "VID 9123 4567 8912 3456"
    assert mask_in_text("DOB 15/08/1952") == "DOB 15/08/1952"


# -------------------------------------------------------------- field extraction, without Tesseract

def words_of(*lines: str, confidence: float = 90.0) -> list[OcrWord]:
    out = []
    for line_index, line in enumerate(lines):
        x = 0
        for text in line.split():
            box = (x, line_index * 40, len(text) * 12, 30)
            quad = ((x, box[1]), (x + box[2], box[1]), (x + box[2], box[1] + 30), (x, box[1] + 30))
            out.append(OcrWord(text, confidence, 0, line_index, box, quad))
            x += box[2] + 12
    return out


def test_fields_from_an_older_card_with_year_of_birth():
    result = extract_fields(words_of("Government of India", "सावित्री बाई", "Savitri Bai",
                                     "Year of Birth : 1950", "FEMALE", "2341 2341 2346"))
    assert result.name.value == "Savitri Bai"
    assert result.date_of_birth.value == "1950" and result.dob is None
    assert result.gender.value == "F"
    assert result.number.value == "234123412346"


def test_digit_lookalikes_are_read_as_digits_and_vid_is_skipped():
    result = extract_fields(words_of("Anil Kumar", "DOB: 01/02/1955", "Male", "234l 2341 2346",
                                     "VID : 9123 4567 8912 3456"))
    assert result.number.value == "234123412346"
    assert result.invalid_numbers == []
    assert result.dob == date(1955, 2, 1)


def test_field_confidence_is_its_weakest_word():
    words = words_of("Anil Kumar", "DOB: 01/02/1955", "2341 2341 2346")
    words[1] = OcrWord(words[1].text, 41.0, 0, 0, words[1].box, words[1].quad)
    result = extract_fields(words)
    assert result.name.confidence == 41.0
    assert result.gender is None and result.min_confidence == 0.0


def test_impossible_dates_are_ignored():
    result = extract_fields(words_of("Anil Kumar", "DOB: 31/02/1955"))
    assert result.date_of_birth is None



def test_sideways_phone_photo_with_exif_orientation(sample_people):
    details, face = sample_people["mohan"]
    # Stored turned a quarter, with EXIF orientation 6 ("turn 90 degrees clockwise to view").
    stored = draw_card(details, face).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=90, exif=exif)
    result = read_aadhaar(out.getvalue())
    assert result.number is not None and result.number.value == details.number
    assert result.pages[0].width == 1000


def test_huge_pdf_page_is_rendered_at_a_bounded_size():
    from pypdf import PdfWriter

    from smartbank_desktop.backend.kyc.ocr import MAX_RENDER_PIXELS, render_pdf

    writer = PdfWriter()
    writer.add_blank_page(width=14400, height=7200)  # 200 x 100 inches
    out = io.BytesIO()
    writer.write(out)
    [page] = render_pdf(out.getvalue())
    assert max(page.size) <= MAX_RENDER_PIXELS + 1
    assert max(page.size) > MAX_RENDER_PIXELS / 2


def test_digits_of_any_script_count_as_digits():
    """eng+hin Tesseract reads some printed 3s as the Devanagari ३ (seen on generated cards)."""
    from smartbank_desktop.backend.kyc.ocr.fields import as_digits as _as_digits

    assert _as_digits("३134") == "3134"
    assert _as_digits("१२३४") == "1234"
    assert _as_digits("Sharma") is None
