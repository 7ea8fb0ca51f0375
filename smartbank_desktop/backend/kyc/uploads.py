"""Checks on uploaded identity documents, by content rather than by name, and the clean copy that is kept.

A file is accepted only when its first bytes say JPEG, PNG or PDF, it is at
most 10 MB, an image really decodes within the pixel limit (no decompression
bombs), and a PDF really parses, has pages, and carries no active content
(scripts, launch or other actions, forms, attached files or media).

Every accepted image is re-encoded on receipt, turned upright first: what is
kept holds the pixels only, without anything appended after the image (a ZIP,
a virus test string) and without its metadata (EXIF, GPS, comments, colour
profiles). Only that copy is encrypted and stored.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
JPEG_QUALITY = 95

# What a PDF may not carry: dictionary keys, action types (/S) and annotation types (/Subtype).
_PDF_KEYS = {"/JS": "a script", "/JavaScript": "a script", "/AcroForm": "a form", "/XFA": "a form",
             "/EmbeddedFiles": "attached files", "/EmbeddedFile": "attached files", "/RichMedia": "media"}
_PDF_ACTIONS = {"/JavaScript": "a script", "/Launch": "a launch action", "/SubmitForm": "a form",
                "/ImportData": "a form", "/ResetForm": "a form", "/GoToE": "attached files",
                "/GoToR": "a link to another file", "/Rendition": "media", "/Sound": "media", "/Movie": "media",
                "/RichMediaExecute": "media"}
_PDF_ANNOTATIONS = {"/FileAttachment": "attached files", "/Widget": "a form", "/RichMedia": "media",
                    "/Screen": "media", "/Movie": "media", "/Sound": "media", "/3D": "media"}
_PDF_MAX_OBJECTS = 20_000  # a scanned card has tens


class UploadRejected(ValueError):
    """The file is refused; the message is a plain sentence for the customer."""


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes  # what is stored: the re-encoded image, or the checked PDF
    content_type: str
    sha256: str
    details: dict


def sniff(head: bytes) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _open_image(content: bytes) -> Image.Image:
    limit = settings.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            width, height = image.size
            if width * height > limit:
                raise UploadRejected("This picture is too large. Please send a smaller photo.")
            image.load()
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRejected("This picture is too large. Please send a smaller photo.") from exc
    except Exception as exc:  # Pillow raises many kinds for broken files
        raise UploadRejected("This picture could not be opened. Please take the photo again.") from exc
    if min(width, height) < 200:
        raise UploadRejected("This picture is too small to read. Please take a clearer photo.")
    return image


def reencode(image: Image.Image, content_type: str) -> bytes:
    """The image's pixels alone, upright, in its own format (JPEG or PNG): no metadata, nothing appended."""
    upright = ImageOps.exif_transpose(image)
    buffer = io.BytesIO()
    if content_type == "image/jpeg":
        upright.convert("L" if upright.mode in ("L", "1") else "RGB").save(buffer, "JPEG", quality=JPEG_QUALITY)
    else:
        has_alpha = upright.mode in ("RGBA", "LA") or "transparency" in upright.info
        upright.convert("RGBA" if has_alpha else "RGB").save(buffer, "PNG")
    return buffer.getvalue()


def _check_image(content: bytes, content_type: str) -> tuple[bytes, dict]:
    with _open_image(content) as image:
        clean = reencode(image, content_type)
        upright = Image.open(io.BytesIO(clean)).size
    return clean, {"width": upright[0], "height": upright[1], "reencoded": True, "received_bytes": len(content)}


def active_pdf_content(reader) -> str | None:
    """What active content a parsed PDF carries ("a script", "a form", ...), or None for a plain document."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > _PDF_MAX_OBJECTS:
            return "too many parts"
        if isinstance(node, DictionaryObject):
            for name in node:
                if name in _PDF_KEYS:
                    return _PDF_KEYS[name]
            action, subtype = _resolved(node.get("/S")), _resolved(node.get("/Subtype"))
            if action in _PDF_ACTIONS:
                return _PDF_ACTIONS[action]
            if subtype in _PDF_ANNOTATIONS:
                return _PDF_ANNOTATIONS[subtype]
            stack.extend(value for name, value in node.items() if name != "/Parent")
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return None


def _resolved(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _check_pdf(content: bytes) -> dict:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise UploadRejected("This PDF has a password. Please send it without a password.")
        pages = len(reader.pages)
        active = active_pdf_content(reader)
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise UploadRejected("This PDF could not be opened. Please send the document again.") from exc
    if active:
        raise UploadRejected(f"This PDF contains {active}, which we cannot accept. "
                             "Please send a photo or a plain scan of the card.")
    if pages == 0:
        raise UploadRejected("This PDF has no pages.")
    if pages > 10:
        raise UploadRejected("This PDF has too many pages. Please send only the Aadhaar card.")
    return {"pages": pages}


def check_upload(upload, *, allowed: tuple[str, ...], label: str) -> CheckedUpload:
    """Read and check one uploaded file; raise UploadRejected with a plain reason."""
    if upload is None:
        raise UploadRejected(f"Please attach the {label}.")
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        raise UploadRejected(f"The {label} is larger than 10 MB. Please send a smaller file.")
    content = upload.read(settings.MAX_UPLOAD_BYTES + 1)
    if len(content) > settings.MAX_UPLOAD_BYTES:
        raise UploadRejected(f"The {label} is larger than 10 MB. Please send a smaller file.")
    if not content:
        raise UploadRejected(f"The {label} is empty.")
    content_type = sniff(content[:16])
    if content_type not in allowed:
        kinds = " or ".join(sorted({t.split("/")[1].upper().replace("JPEG", "JPG") for t in allowed}))
        raise UploadRejected(f"The {label} must be a {kinds} file.")
    if content_type == "application/pdf":
        details = _check_pdf(content)
    else:
        content, details = _check_image(content, content_type)
    return CheckedUpload(content, content_type, hashlib.sha256(content).hexdigest(), details)
