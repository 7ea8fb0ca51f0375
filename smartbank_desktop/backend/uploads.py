"""The one check of every uploaded file, by content rather than by name: identity documents, camera
pictures and voice recordings.

Identity documents (KYC): a file is accepted only when its first bytes say JPEG,
PNG or PDF, it is at most 10 MB, nothing follows the end of the image or the PDF
(a ZIP, a script: a polyglot file), an image really decodes within the pixel
limit (no decompression bombs), and a PDF really parses, has pages, and carries
no active content (scripts, launch or other actions, forms, attached files or
media). Every accepted image is re-encoded on receipt, turned upright first:
what is kept holds the pixels only, without its metadata (EXIF, GPS, comments,
colour profiles). Only that copy is encrypted and stored. What only a virus
scanner can judge (a virus inside a PDF) is the KYC worker's to quarantine.

Camera pictures (face sign-in and enrolment): JPEG or PNG by their first bytes,
at most 3 MB, the size their header declares within the pixel limit before
anything is decoded, nothing after the image. Voice recordings (voice sign-in,
enrolment and step-up): WAV or FLAC by their first bytes, at most 5 MB, their
declared length, rate and channels within bounds before anything is decoded (a
small file can declare hours of samples, or one sample a second that
resampling would blow up), nothing after a WAV's last chunk. These are not
stored; only the templates made from them are.

File names are never used: Django keeps only a name's last part, and storage
names are generated.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps

from smartbank_desktop.core.refusals import Code, refuse

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


MAX_PICTURE_BYTES = 3 * 1024 * 1024
MAX_PICTURES = 90
MAX_RECORDING_BYTES = 5 * 1024 * 1024
MAX_RECORDING_SECONDS = 15
RECORDING_RATES = (8_000, 48_000)  # samples a second: telephone to studio
MAX_RECORDING_CHANNELS = 2
_PADDING = b"\x00\xff \t\r\n"  # what some writers leave after the end; anything else is refused


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


def _jpeg_end(content: bytes) -> int | None:
    """Where a JPEG's end-of-image marker ends (segments by their lengths, scans to their next marker)."""
    at, size = 2, len(content)
    while at + 2 <= size:
        if content[at] != 0xFF:
            return None
        marker = content[at + 1]
        if marker == 0xD9:
            return at + 2
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            at += 2
            continue
        if at + 4 > size:
            return None
        at += 2 + struct.unpack(">H", content[at + 2:at + 4])[0]
        if marker == 0xDA:  # entropy-coded data: up to the next marker that is not a stuffed byte or a restart
            while (at := content.find(b"\xff", at)) >= 0 and at + 1 < size and (
                    content[at + 1] == 0x00 or 0xD0 <= content[at + 1] <= 0xD7):
                at += 2
            if at < 0:
                return None
    return None


def _png_end(content: bytes) -> int | None:
    """Where a PNG's IEND chunk ends (chunk by chunk, by their lengths)."""
    at, size = 8, len(content)
    while at + 12 <= size:
        length, kind = struct.unpack(">I4s", content[at:at + 8])
        at += 12 + length
        if kind == b"IEND":
            return at if at <= size else None
    return None


def _pdf_end(content: bytes) -> int | None:
    marker = content.rfind(b"%%EOF")
    return None if marker < 0 else marker + 5


_ENDS = {"image/jpeg": _jpeg_end, "image/png": _png_end, "application/pdf": _pdf_end}


def _check_nothing_after_the_end(content: bytes, content_type: str, label: str) -> None:
    """A file that goes on after its own end is two files in one (an image with a ZIP behind it, say)."""
    end = _ENDS[content_type](content)
    if end is None:
        kind = "PDF" if content_type == "application/pdf" else "picture"
        raise UploadRejected(f"This {kind} could not be opened. Please send the {label} again.")
    if content[end:].strip(_PADDING):
        raise UploadRejected(f"The {label} has something else attached after it. Please send the {label} alone, "
                             "as the camera or scanner made it.")


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
        pixels = upright.convert("L" if upright.mode in ("L", "1") else "RGB")
    else:
        has_alpha = upright.mode in ("RGBA", "LA") or "transparency" in upright.info
        pixels = upright.convert("RGBA" if has_alpha else "RGB")
    pixels.info = {}  # Pillow writes back what it read (a comment, a colour profile) unless told not to
    pixels.save(buffer, "JPEG" if content_type == "image/jpeg" else "PNG",
                **({"quality": JPEG_QUALITY} if content_type == "image/jpeg" else {}))
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
    _check_nothing_after_the_end(content, content_type, label)
    if content_type == "application/pdf":
        details = _check_pdf(content)
    else:
        content, details = _check_image(content, content_type)
    return CheckedUpload(content, content_type, hashlib.sha256(content).hexdigest(), details)


def _read(upload, limit: int) -> bytes:
    """An uploaded file's bytes (or bytes as they are), at most ``limit`` + 1 of them."""
    if isinstance(upload, (bytes, bytearray, memoryview)):
        return bytes(upload)
    return upload.read(limit + 1)


def check_pictures(uploads, *, label: str = "camera picture") -> list[bytes]:
    """Camera pictures (a burst, or enrolment frames): their bytes, each checked; refuses ``unusable_picture``."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_PICTURES:
        raise refuse(Code.UNUSABLE_PICTURE, "Too many pictures were sent. Please try again.")
    pictures = []
    for upload in uploads:
        content = _read(upload, MAX_PICTURE_BYTES)
        try:
            _check_picture(content, label)
        except UploadRejected as exc:
            raise refuse(Code.UNUSABLE_PICTURE, str(exc)) from exc
        pictures.append(content)
    return pictures


def _check_picture(content: bytes, label: str) -> None:
    if not content:
        raise UploadRejected(f"A {label} was empty. Please try again.")
    if len(content) > MAX_PICTURE_BYTES:
        raise UploadRejected(f"A {label} was too large. Please try again.")
    content_type = sniff(content[:16])
    if content_type not in ("image/jpeg", "image/png"):
        raise UploadRejected(f"A {label} must be a JPG or PNG picture.")
    _check_nothing_after_the_end(content, content_type, label)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the limit is checked below
            with Image.open(io.BytesIO(content)) as image:  # the header only: nothing is decoded yet
                width, height = image.size
    except Image.DecompressionBombError as exc:
        raise UploadRejected(f"A {label} was too large. Please try again.") from exc
    except Exception as exc:  # Pillow raises many kinds for broken headers
        raise UploadRejected(f"A {label} could not be read. Please try again.") from exc
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise UploadRejected(f"A {label} was too large. Please try again.")


def check_recordings(uploads, *, label: str = "recording") -> list[bytes]:
    """Voice recordings: their bytes, each checked before anything is decoded; refuses ``unusable_recording``."""
    recordings = []
    for upload in uploads or []:
        content = _read(upload, MAX_RECORDING_BYTES)
        try:
            _check_recording(content, label)
        except UploadRejected as exc:
            raise refuse(Code.UNUSABLE_RECORDING, str(exc)) from exc
        recordings.append(content)
    return recordings


def check_recording(upload, *, label: str = "recording") -> bytes:
    return check_recordings([upload], label=label)[0]


def sniff_recording(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"fLaC":
        return "audio/flac"
    return None


def _check_recording(content: bytes, label: str) -> None:
    import soundfile

    if not content:
        raise UploadRejected(f"The {label} is empty. Please record again.")
    if len(content) > MAX_RECORDING_BYTES:
        raise UploadRejected(f"The {label} is too large. Please record again.")
    kind = sniff_recording(content[:12])
    if kind is None:
        raise UploadRejected(f"The {label} must be a WAV or FLAC file. Please record again.")
    if kind == "audio/wav" and struct.unpack("<I", content[4:8])[0] + 8 < len(content.rstrip(b"\x00")):
        raise UploadRejected(f"The {label} has something else attached after it. Please record again.")
    try:
        info = soundfile.info(io.BytesIO(content))  # the header: nothing is decoded yet
    except Exception as exc:  # soundfile raises several kinds for unreadable headers
        raise UploadRejected(f"The {label} could not be read. Please record again.") from exc
    low, high = RECORDING_RATES
    if not low <= info.samplerate <= high or not 1 <= info.channels <= MAX_RECORDING_CHANNELS:
        raise UploadRejected(f"The {label} could not be read. Please record again.")
    if info.frames <= 0:  # a length not declared: nothing to bound the decoding by
        raise UploadRejected(f"The {label} could not be read. Please record again.")
    if info.frames > MAX_RECORDING_SECONDS * info.samplerate:
        raise UploadRejected(f"The {label} is longer than {MAX_RECORDING_SECONDS} seconds. Please record again.")
