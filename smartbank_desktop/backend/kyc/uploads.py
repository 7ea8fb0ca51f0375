"""Checks on uploaded identity documents, by content rather than by name.

A file is accepted only when its first bytes say JPEG, PNG or PDF, it is at
most 10 MB, an image really decodes within the pixel limit (no decompression
bombs), and a PDF really parses and has pages.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


class UploadRejected(ValueError):
    """The file is refused; the message is a plain sentence for the customer."""


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    content_type: str
    sha256: str
    details: dict


def sniff(head: bytes) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _check_image(content: bytes) -> dict:
    limit = settings.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
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
    return {"width": width, "height": height}


def _check_pdf(content: bytes) -> dict:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise UploadRejected("This PDF has a password. Please send it without a password.")
        pages = len(reader.pages)
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UploadRejected("This PDF could not be opened. Please send the document again.") from exc
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
    details = _check_pdf(content) if content_type == "application/pdf" else _check_image(content)
    return CheckedUpload(content, content_type, hashlib.sha256(content).hexdigest(), details)
