"""The one writer of KYC documents: storing checked uploads, recording each step's result on them,
quarantining infected files, replacing the card by its masked copy, and removing files again.

Files are encrypted by the documents storage before they reach it. Writes that
replace a file delete the old one only once the transaction commits; callers
remove new files themselves (:func:`remove_files`) when theirs fails.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from smartbank_desktop.backend.customers.models import Customer, Document, document_storage
from smartbank_desktop.backend.uploads import CheckedUpload, sniff

log = logging.getLogger(__name__)

# The documents each engine step looked at (the virus scan names them in its result).
STEP_DOCUMENTS = {"ocr": ("aadhaar_card",), "mask": ("aadhaar_card",), "face_match": ("aadhaar_card", "selfie"),
                  "rules": ("aadhaar_card",), "decision": ("aadhaar_card", "selfie")}


def of_attempt(customer_id, attempt: int) -> dict[str, Document]:
    """A submission's uploads by engine kind ("aadhaar_card", "selfie")."""
    return {doc.kind.lower(): doc for doc in Document.objects.filter(customer_id=customer_id, attempt=attempt)}


def store(customer: Customer, kind: str, upload: CheckedUpload, *, attempt: int) -> Document:
    """A checked upload saved (encrypted) as the customer's document of ``kind`` for ``attempt``."""
    document = Document(customer=customer, kind=kind, attempt=attempt, content_type=upload.content_type,
                        size=len(upload.content), sha256=upload.sha256, validation_result={"upload": upload.details})
    document.file.save("upload", ContentFile(upload.content), save=False)
    document.save()
    return document


def store_all(customer: Customer, uploads: dict[str, CheckedUpload], *, attempt: int,
              saved: list[str]) -> list[Document]:
    """:func:`store` for each upload; each new file's name is appended to ``saved`` as it is written."""
    documents = []
    for kind, upload in uploads.items():
        document = store(customer, kind, upload, attempt=attempt)
        saved.append(document.file.name)
        documents.append(document)
    return documents


def record_step(documents: dict[str, Document], step: str, data: dict) -> None:
    """An engine step's result on the documents it looked at (their ``validation_result``)."""
    if step == "virus_scan":
        per_document = {kind: data[kind] for kind in data if kind in documents}
    else:
        per_document = {kind: data for kind in STEP_DOCUMENTS.get(step, ()) if kind in documents}
    for kind, result in per_document.items():
        document = documents[kind]
        document.validation_result = {**document.validation_result, step: result}
        document.save(update_fields=["validation_result"])


def quarantine(document: Document, signature: str) -> str:
    """Move the (still encrypted) file aside without opening it, and mark the document; the new name."""
    storage = document.file.storage
    inner = storage.inner
    old_name = document.file.name
    with inner.open(old_name, "rb") as fh:
        sealed = fh.read()
    new_name = inner.save(f"quarantine/{document.customer_id}/{uuid.uuid4().hex}", ContentFile(sealed))
    document.file.name = new_name
    document.quarantined = True
    document.validation_result = {**document.validation_result,
                                  "quarantine": {"signature": signature, "at": timezone.now().isoformat()}}
    document.save(update_fields=["file", "quarantined", "validation_result"])
    transaction.on_commit(lambda: remove_files([old_name], storage=storage))
    return new_name


def replace_with_masked(document: Document, masked: bytes) -> str:
    """The card's file replaced by its masked copy (the upload is deleted on commit); the new name."""
    old_name = document.file.name
    storage = document.file.storage
    document.file.save("masked", ContentFile(masked), save=False)
    document.content_type = sniff(masked[:16]) or document.content_type
    document.size = len(masked)
    document.sha256 = hashlib.sha256(masked).hexdigest()
    document.validation_result = {**document.validation_result, "masked": True}
    document.save(update_fields=["file", "content_type", "size", "sha256", "validation_result"])
    transaction.on_commit(lambda: remove_files([old_name], storage=storage))
    return document.file.name


def remove_files(names: list[str], *, storage=None) -> None:
    """Delete stored files (quarantined ones too: the storage shares its names with the one beneath it)."""
    storage = storage or document_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            log.exception("could not remove a document file")


def read(document: Document) -> bytes:
    """The decrypted content of a document that is not quarantined (never open one that is)."""
    if document.quarantined:
        raise PermissionError("a quarantined document is never opened")
    return document.file.storage.read_bytes(document.file.name)
