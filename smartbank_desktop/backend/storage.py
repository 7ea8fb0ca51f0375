"""A Django storage that encrypts every file before it reaches the real backend.

Local files by default; the inner backend can be any Django storage (S3 through
django-storages at scale). Names are random, and nothing here is served by URL.
"""

from __future__ import annotations

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
            inner_options.setdefault("location", location)
            inner_options.setdefault("directory_permissions_mode", 0o700)
            inner_options.setdefault("file_permissions_mode", 0o600)
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
