"""An upload attack corpus, generated (no binary files in the repository): what every endpoint taking files
must refuse, and the few files that stand in for good ones beside them."""

from __future__ import annotations

import io
import struct
import wave
import zlib

import numpy as np
from PIL import Image

# The EICAR anti-virus test file, kept as hex so no scanner flags this source file.
EICAR = bytes.fromhex("58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e"
                      "444152442d414e544956495255532d544553542d46494c452124482b482a")
ZIP_TAIL = b"PK\x03\x04" + b"\x14\x00" * 20 + b"payload.exe" + b"PK\x05\x06" + b"\x00" * 18
OVER_10_MB = 10 * 1024 * 1024 + 512 * 1024


def jpeg(size=(640, 480)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 170, 150)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header declares ``width`` x ``height`` pixels: a decompression bomb."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\x00" * (width // 8 + 1) * 64, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def pdf(change=None) -> bytes:
    """A one-page PDF, changed by ``change(writer)`` (pypdf) before it is written."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if change:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _javascript(writer):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})


def tiff() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 170, 150)).save(buffer, "TIFF")
    return buffer.getvalue()


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">'
       b'<script>alert(document.cookie)</script><rect width="640" height="480"/></svg>')


def wav(seconds: float = 1.0, rate: int = 16_000) -> bytes:
    """A real recording: a quiet tone."""
    t = np.arange(int(seconds * rate)) / rate
    samples = (np.sin(2 * np.pi * 220 * t) * 8000).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def wav_at_one_sample_a_second(samples: int = 50_000) -> bytes:
    """A 100 KB WAV at 1 Hz: resampled to 16 kHz it would be 800 million samples."""
    return wav_header(rate=1, data=b"\x10\x00" * samples)


def wav_header(*, rate: int, data: bytes, channels: int = 1) -> bytes:
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * 2 * channels, 2 * channels, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


def flac_of_silence(minutes: int = 20) -> bytes:
    """A small FLAC file that decodes to ``minutes`` of samples: an audio decompression bomb."""
    import soundfile

    buffer = io.BytesIO()
    with soundfile.SoundFile(buffer, "w", samplerate=16_000, channels=1, format="FLAC") as out:
        block = np.zeros(16_000 * 60, dtype="int16")
        for _ in range(minutes):
            out.write(block)
    return buffer.getvalue()


def pictures() -> dict[str, tuple[bytes, str]]:
    """Refused camera pictures and identity documents: {case: (content, words the reason holds)}."""
    return {
        "EICAR": (EICAR, "must be a"),
        "wrong magic bytes (an executable named .jpg)": (b"MZ\x90\x00" + bytes(4000), "must be a"),
        "wrong magic bytes (a GIF)": (b"GIF89a" + bytes(4000), "must be a"),
        "over 10 MB": (jpeg()[:-2] + bytes(OVER_10_MB) + b"\xff\xd9", "large"),
        "decompression bomb (PNG declaring 50000x50000)": (png_declaring(50_000, 50_000), "large"),
        "decompression bomb (PNG declaring 12000x12000)": (png_declaring(12_000, 12_000), "large"),
        "PDF with JavaScript": (pdf(_javascript), "must be a"),
        "PDF with an embedded file": (pdf(lambda w: w.add_attachment("invoice.exe", b"MZ")), "must be a"),
        "polyglot (JPEG+ZIP)": (jpeg() + ZIP_TAIL, "attached after it"),
        "polyglot (JPEG+EICAR)": (jpeg() + EICAR, "attached after it"),
        "SVG": (SVG, "must be a"),
        "TIFF": (tiff(), "must be a"),
        "empty file": (b"", "empty"),
    }


def documents() -> dict[str, tuple[bytes, str]]:
    """Refused Aadhaar cards: as pictures, except that a PDF is a card's kind, refused for what it holds."""
    cases = pictures()
    cases["PDF with JavaScript"] = (cases["PDF with JavaScript"][0], "contains a script")
    cases["PDF with an embedded file"] = (cases["PDF with an embedded file"][0], "contains attached files")
    cases["polyglot (PDF+ZIP)"] = (pdf() + ZIP_TAIL, "attached after it")
    cases["over 10 MB"] = (pdf()[:-6] + bytes(OVER_10_MB) + b"%%EOF\n", "10 mb")
    return cases


def recordings() -> dict[str, tuple[bytes, str]]:
    """Refused voice recordings: {case: (content, words the reason holds)}."""
    return {
        "EICAR": (EICAR, "must be a wav or flac"),
        "wrong magic bytes (an MP3)": (b"ID3\x04\x00" + bytes(4000), "must be a wav or flac"),
        "wrong magic bytes (an Ogg file)": (b"OggS\x00\x02" + bytes(4000), "must be a wav or flac"),
        "over 10 MB": (wav_header(rate=16_000, data=bytes(OVER_10_MB)), "too large"),
        "decompression bomb (WAV at 1 sample a second)": (wav_at_one_sample_a_second(), "could not be read"),
        "decompression bomb (FLAC of 20 minutes)": (flac_of_silence(), "longer than 15 seconds"),
        "PDF with JavaScript": (pdf(_javascript), "must be a wav or flac"),
        "polyglot (WAV+ZIP)": (wav() + ZIP_TAIL, "attached after it"),
        "SVG": (SVG, "must be a wav or flac"),
        "TIFF": (tiff(), "must be a wav or flac"),
        "empty file": (b"", "empty"),
    }
