"""Error classes of the KYC engine: the pipeline retries transient ones."""

from __future__ import annotations


class KycError(Exception):
    """Base class of the engine's errors."""


class TransientKycError(KycError):
    """A step could not run now (a scanner or OCR engine missing or busy); retry later."""


class ScannerUnavailable(TransientKycError):
    """ClamAV could not be reached or could not scan."""


class OcrUnavailable(TransientKycError):
    """Tesseract (or the PDF renderer) is not installed or failed to run."""


class UnreadableDocument(KycError):
    """The upload is not an image or PDF we can read: a permanent failure, not retried."""
