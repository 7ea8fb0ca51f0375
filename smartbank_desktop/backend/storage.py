"""A Django storage that encrypts every file before it reaches the real backend.

Local files by default; the inner backend can be any Django storage (S3 through
django-storages at scale: :func:`s3_options`). Names are random, and nothing here is
served by URL: documents reach staff only through the app's own views.
"""

from __future__ import annotations

import os

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string

from smartbank_desktop.backend import crypto

_CONTEXT = b"document"


@deconstructible
class EncryptedStorage(Storage):
    def __init__(self, location=None, inner: str | None = None, **inner_options):
        inner_class = import_string(inner) if inner else FileSystemStorage
        if inner_class is FileSystemStorage:
            inner_options.setdefault("directory_permissions_mode", 0o700)
            inner_options.setdefault("file_permissions_mode", 0o600)
        if location is not None:
            inner_options.setdefault("location", location)
        self.inner: Storage = inner_class(**inner_options)

    def _save(self, name, content):
        content.seek(0)
        sealed = crypto.encrypt(content.read(), _CONTEXT)
        return self.inner.save(name, ContentFile(sealed))

    def _open(self, name, mode="rb"):
        if "w" in mode:
            raise ValueError("encrypted documents are written with save(), not opened for writing")
        with self.inner.open(name, "rb") as fh:
            return ContentFile(crypto.decrypt(fh.read(), _CONTEXT), name=name)

    def read_bytes(self, name: str) -> bytes:
        with self.open(name) as fh:
            return fh.read()

    def delete(self, name):
        self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def size(self, name):
        return len(self.read_bytes(name))

    def listdir(self, path):
        return self.inner.listdir(path)

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def url(self, name):
        raise NotImplementedError("documents are never served by URL")

    def check_ready(self) -> None:
        """Raise unless the backend answers: the bucket is there and ours (S3), or the folder is writable."""
        bucket = getattr(self.inner, "bucket_name", None)
        if bucket:
            self.inner.connection.meta.client.head_bucket(Bucket=bucket)
            return
        folder = getattr(self.inner, "location", None)
        while folder and not os.path.exists(folder):  # made on the first save
            folder = os.path.dirname(folder)
        if not folder or not os.path.isdir(folder) or not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(f"the documents folder cannot be written: {self.inner.location}")


def s3_options(environ=os.environ) -> dict | None:
    """The documents storage's options for S3-compatible storage, when ``SMARTBANK_S3_BUCKET`` names a bucket.

    Objects are private (ACL ``private``; the bucket should also block public access, as
    ``smartbank manage prepare_storage`` sets), only ever read with signed requests, never
    overwritten, and hold ciphertext only (this storage encrypts before the upload). Credentials
    come from boto3's usual chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, a profile, an
    instance or task role), never from the settings file.
    """
    bucket = environ.get("SMARTBANK_S3_BUCKET", "")
    if not bucket:
        return None
    from botocore.config import Config

    return {
        "inner": "storages.backends.s3.S3Storage",
        "bucket_name": bucket,
        "location": environ.get("SMARTBANK_S3_PREFIX", "documents"),
        "endpoint_url": environ.get("SMARTBANK_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("SMARTBANK_S3_REGION") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "object_parameters": {"ContentType": "application/octet-stream"},
        "client_config": Config(connect_timeout=3, read_timeout=30, signature_version="s3v4",
                                retries={"max_attempts": 3, "mode": "standard"},
                                s3={"addressing_style": environ.get("SMARTBANK_S3_ADDRESSING_STYLE", "path")}),
    }
