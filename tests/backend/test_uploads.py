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

from .factories import image_bytes, pdf_bytes, registration_fields

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
