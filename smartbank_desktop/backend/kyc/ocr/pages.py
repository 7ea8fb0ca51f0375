"""The pages of an upload as RGB images: a photo as it is (turned upright), a PDF rendered page by page.

PDFs are rendered with poppler's ``pdftoppm`` (at most ``MAX_PDF_PAGES``
pages, the resolution lowered so no page exceeds ``MAX_RENDER_PIXELS`` on its
long side), or without poppler from the page images pypdf finds. The OCR and
the staff pages both see a card through :func:`load_pages`.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile

from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import OcrUnavailable, UnreadableDocument

PDF_DPI = 200
MAX_PDF_PAGES = 4
MAX_RENDER_PIXELS = 3000  # long side of a rendered PDF page


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def load_pages(document) -> list[Image.Image]:
    """The pages of an upload (bytes, path or PIL image) as RGB images."""
    if isinstance(document, Image.Image):
        return [document.convert("RGB")]
    if isinstance(document, (str, os.PathLike)):
        with open(document, "rb") as fh:
            document = fh.read()
    data = bytes(document)
    if is_pdf(data):
        return render_pdf(data)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
        # Phone photos are often stored sideways with an EXIF note to turn them.
        image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise UnreadableDocument("The file is not a picture or PDF we can read.") from exc
    return [image.convert("RGB")]


def render_pdf(data: bytes, dpi: float = PDF_DPI, max_pages: int = MAX_PDF_PAGES) -> list[Image.Image]:
    """Render PDF pages with ``pdftoppm``, or without poppler take the page images pypdf finds.

    The resolution drops for very large pages, so no page renders beyond
    ``MAX_RENDER_PIXELS`` on its long side.
    """
    if shutil.which("pdftoppm"):
        dpi = _safe_dpi(data, dpi)
        with tempfile.TemporaryDirectory(prefix="kyc-pdf-") as folder:
            source = os.path.join(folder, "in.pdf")
            with open(source, "wb") as fh:
                fh.write(data)
            try:
                done = subprocess.run(["pdftoppm", "-r", f"{dpi:.2f}", "-png", "-f", "1", "-l", str(max_pages),
                                       source, os.path.join(folder, "page")],
                                      capture_output=True, timeout=120, check=False)
            except subprocess.TimeoutExpired as exc:
                raise OcrUnavailable("pdftoppm timed out") from exc
            names = sorted((n for n in os.listdir(folder) if n.startswith("page")),
                           key=lambda n: int(re.findall(r"(\d+)\.png$", n)[0]))
            if done.returncode != 0 or not names:
                raise UnreadableDocument("The PDF could not be opened.")
            pages = []
            for name in names:
                with Image.open(os.path.join(folder, name)) as page:
                    rgb = page.convert("RGB")
                rgb.info["dpi"] = (dpi, dpi)
                pages.append(rgb)
            return pages
    return _pdf_page_images(data, max_pages)


def _safe_dpi(data: bytes, dpi: float) -> float:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        longest_inches = max(max(float(p.mediabox.width), float(p.mediabox.height)) / 72.0
                             for p in reader.pages[:MAX_PDF_PAGES])
    except Exception:  # pypdf cannot parse it: pdftoppm will say whether it can
        return dpi
    return max(1.0, min(float(dpi), MAX_RENDER_PIXELS / max(longest_inches, 0.1)))


def _pdf_page_images(data: bytes, max_pages: int) -> list[Image.Image]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = []
        for page in reader.pages[:max_pages]:
            images = [img.image for img in page.images]
            if images:
                pages.append(max(images, key=lambda im: im.width * im.height).convert("RGB"))
    except (PdfReadError, OSError, ValueError) as exc:
        raise UnreadableDocument("The PDF could not be opened.") from exc
    if not pages:
        raise OcrUnavailable("this PDF has no page images; rendering it needs poppler's pdftoppm")
    return pages
