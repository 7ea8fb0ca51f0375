"""Each bad file kind is refused with a plain reason, and nothing is stored."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.customers.models import Customer, Document

from ..factories import image_bytes, pdf_bytes, registration_fields

pytestmark = pytest.mark.django_db


def png_bomb(width=20000, height=20000) -> bytes:
    """A tiny PNG that claims 400 megapixels: a decompression bomb."""
    raw = zlib.compress(b"\x00" * (width // 8 + 1) * 64, 9)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def truncated_jpeg() -> bytes:
    return image_bytes()[:600]


def tiny_image() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "PNG")
    return buffer.getvalue()


BAD_CARDS = {
    "executable renamed to .jpg": (b"MZ\x90\x00" + os.urandom(2000), "card.jpg", "must be a"),
    "html renamed to .pdf": (b"<html><script>alert(1)</script></html>", "card.pdf", "must be a"),
    "broken pdf": (b"%PDF-1.7\n" + os.urandom(3000), "card.pdf", "could not be opened"),
    "truncated jpeg": (truncated_jpeg(), "card.jpg", "could not be opened"),
    "decompression bomb": (png_bomb(), "card.png", "too large"),
    "too small to read": (tiny_image(), "card.png", "too small"),
    "empty file": (b"", "card.jpg", "empty"),
    "over 10 MB": (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "card.pdf", "10 mb"),
}


def documents_on_disk() -> list[str]:
    root = settings.DOCUMENTS_ROOT
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files] if root.exists() else []


@pytest.mark.parametrize("case", sorted(BAD_CARDS))
def test_bad_card_is_refused_and_nothing_is_stored(api, case):
    content, name, words = BAD_CARDS[case]
    before = documents_on_disk()
    payload = registration_fields()
    payload["aadhaar_card"] = SimpleUploadedFile(name, content, "application/octet-stream")
    payload["selfie"] = SimpleUploadedFile("me.jpg", image_bytes(), "image/jpeg")
    response = api.post("/api/v1/registrations/", payload, format="multipart")
    assert response.status_code == 400, response.content
    reason = " ".join(response.json()["errors"]["aadhaar_card"]).lower()
    assert words in reason
    assert Customer.objects.count() == 0 and Document.objects.count() == 0
    assert documents_on_disk() == before
    assert not AuditEvent.objects.filter(action="registration.create", outcome="success").exists()


def test_a_pdf_selfie_is_refused(api):
    payload = registration_fields()
    payload["aadhaar_card"] = SimpleUploadedFile("card.jpg", image_bytes(), "image/jpeg")
    payload["selfie"] = SimpleUploadedFile("me.pdf", pdf_bytes(), "application/pdf")
    response = api.post("/api/v1/registrations/", payload, format="multipart")
    assert response.status_code == 400
    assert "JPG or PNG" in response.json()["errors"]["selfie"][0]


def test_missing_files_are_named(api):
    response = api.post("/api/v1/registrations/", registration_fields(), format="multipart")
    assert response.status_code == 400
    assert {"aadhaar_card", "selfie"} <= set(response.json()["errors"])


# ---------------------------------------------------------------- active PDFs, and what is kept of images

def pdf_with(change) -> bytes:
    """A one-page PDF, changed by ``change(writer)`` before it is written."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes())))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action(kind: str, **entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def change(writer):
        action = DictionaryObject({NameObject("/S"): NameObject(kind)})
        action.update({NameObject(k): TextStringObject(v) for k, v in entries.items()})
        writer._root_object[NameObject("/OpenAction")] = action
    return change


def _document_script(writer):
    """A script in the document's JavaScript name tree (run when the file opens)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    script = writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                  NameObject("/JS"): TextStringObject("app.alert(2)")}))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("hello"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _form(writer):
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject()})


ACTIVE_PDFS = {
    "javascript on open": (_open_action("/JavaScript", **{"/JS": "app.alert(1)"}), "a script"),
    "document javascript": (_document_script, "a script"),
    "launch action": (_open_action("/Launch", **{"/F": "cmd.exe"}), "a launch action"),
    "embedded file": (lambda writer: writer.add_attachment("invoice.exe", b"MZ..."), "attached files"),
    "form": (_form, "a form"),
}


def register_with_card(api, card: bytes, name="card.pdf", selfie: bytes | None = None):
    payload = registration_fields()
    payload["aadhaar_card"] = SimpleUploadedFile(name, card, "application/octet-stream")
    payload["selfie"] = SimpleUploadedFile("me.jpg", selfie or image_bytes(), "image/jpeg")
    return api.post("/api/v1/registrations/", payload, format="multipart")


@pytest.mark.parametrize("case", sorted(ACTIVE_PDFS))
def test_pdfs_with_active_content_are_refused(api, case):
    """Issue 11: a PDF with /JavaScript and /OpenAction was accepted and stored."""
    change, words = ACTIVE_PDFS[case]
    response = register_with_card(api, pdf_with(change))
    assert response.status_code == 400, response.content
    reason = response.json()["errors"]["aadhaar_card"][0]
    assert reason == (f"This PDF contains {words}, which we cannot accept. "
                      "Please send a photo or a plain scan of the card.")
    assert Customer.objects.count() == 0 and Document.objects.count() == 0


def test_a_plain_pdf_with_a_page_link_is_accepted(api):
    """An opening destination ("show page 1 whole") is not an action: such scans are accepted."""
    from pypdf.generic import ArrayObject, NameObject

    def fit_first_page(writer):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject([writer.pages[0].indirect_reference,
                                                                      NameObject("/Fit")])
    assert register_with_card(api, pdf_with(fit_first_page)).status_code == 201


def stored(kind: str) -> bytes:
    from smartbank_desktop.backend.kyc import documents

    return documents.read(Document.objects.get(kind=kind))


def jpeg_with_gps(orientation: int = 1) -> bytes:
    image = Image.open(io.BytesIO(image_bytes(size=(640, 400))))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (18.0, 31.0, 12.0), 3: "E", 4: (73.0, 51.0, 24.0)}  # GPS: Pune
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


@pytest.mark.parametrize("field", ["aadhaar_card", "selfie"])
def test_images_with_something_appended_are_refused(api, eicar_bytes, field):
    """Issue 11 stored such files re-encoded (the ZIP or the EICAR string dropped); issue 12 refuses them:
    a file that goes on after its own end is two files in one, and the scanner never saw the copy kept."""
    zip_tail = b"PK\x03\x04" + b"\x14\x00" * 20 + b"payload.exe" + b"PK\x05\x06" + b"\x00" * 18
    tails = {"aadhaar_card": image_bytes() + zip_tail, "selfie": image_bytes("PNG") + eicar_bytes}
    payload = registration_fields()
    payload["aadhaar_card"] = SimpleUploadedFile("card.jpg", image_bytes(), "image/jpeg")
    payload["selfie"] = SimpleUploadedFile("me.jpg", image_bytes(), "image/jpeg")
    payload[field] = SimpleUploadedFile("x.jpg", tails[field], "image/jpeg")
    response = api.post("/api/v1/registrations/", payload, format="multipart")
    assert response.status_code == 400, response.content
    assert "attached after it" in response.json()["errors"][field][0]
    assert Customer.objects.count() == 0 and Document.objects.count() == 0


def test_images_are_stored_re_encoded_without_their_comments(api):
    """What sits inside an image's own structure (a comment holding a script) is not kept either."""
    image = Image.open(io.BytesIO(image_bytes()))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", comment=b"<?php system($_GET['c']); ?>")
    sent = buffer.getvalue()
    assert b"<?php" in sent
    response = register_with_card(api, sent, name="card.jpg")
    assert response.status_code == 201, response.content
    card = stored("AADHAAR_CARD")
    assert b"<?php" not in card and card.startswith(b"\xff\xd8") and card.endswith(b"\xff\xd9")
    assert Image.open(io.BytesIO(card)).size == (640, 480)
    document = Document.objects.get(kind="AADHAAR_CARD")
    assert document.size == len(card) and document.validation_result["upload"]["reencoded"] is True


def test_images_are_stored_upright_without_their_metadata(api):
    """Photo metadata (EXIF, GPS) never reaches storage; a sideways phone photo is stored turned upright."""
    sent = jpeg_with_gps(orientation=6)  # "turn 90 degrees to show"
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(0x8825)
    response = register_with_card(api, image_bytes(), name="card.jpg", selfie=sent)
    assert response.status_code == 201, response.content
    kept = stored("SELFIE")
    image = Image.open(io.BytesIO(kept))
    assert not image.getexif() and b"Exif" not in kept and b"PhoneMaker" not in kept
    assert image.size == (400, 640)
