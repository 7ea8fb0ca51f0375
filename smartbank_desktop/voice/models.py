"""The speech-model manager: a manifest of vosk models, and download, verify, unpack.

``models/manifest.json`` lists each model's name, language, URL, size,
SHA-256 (or, where only the publisher's MD5 is known, that) and licence.
Downloads resume from a ``.part`` file (HTTP Range), show progress, are
checked for size and hash before anything is unpacked, and unpack into the
models folder, where the recognizers find them by language. The folder is
``SMARTBANK_MODELS_DIR``, else the project's ``models/`` folder, else
``models`` inside the data folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "manifest.json"
CHUNK = 256 * 1024


class ModelError(Exception):
    """A model cannot be found, downloaded or verified; the message says why."""


@dataclass(frozen=True)
class ModelEntry:
    name: str
    language: str  # "en", "hi", "en-us", ...
    url: str
    size: int
    sha256: str | None
    md5: str | None
    licence: str
    description: str = ""

    @property
    def archive_name(self) -> str:
        return self.url.rsplit("/", 1)[-1] or f"{self.name}.zip"


def default_models_dir() -> Path:
    env = os.environ.get("SMARTBANK_MODELS_DIR")
    if env:
        return Path(env)
    project_models = Path(__file__).resolve().parents[2] / "models"
    if (project_models / MANIFEST_NAME).is_file():
        return project_models
    from smartbank_desktop.core.paths import data_dir

    return data_dir() / "models"


def _language_matches(entry_language: str, wanted: str) -> bool:
    return entry_language == wanted or entry_language.split("-")[0] == wanted


class ModelManager:
    """Models listed in a manifest, installed under one folder."""

    def __init__(self, models_dir: str | Path | None = None, manifest_path: str | Path | None = None):
        self.models_dir = Path(models_dir) if models_dir else default_models_dir()
        self.manifest_path = Path(manifest_path) if manifest_path else self.models_dir / MANIFEST_NAME
        if not self.manifest_path.is_file():
            bundled = Path(__file__).resolve().parents[2] / "models" / MANIFEST_NAME
            self.manifest_path = bundled

    # -- the manifest
    def entries(self) -> list[ModelEntry]:
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
        except FileNotFoundError as exc:
            raise ModelError(f"no model manifest at {self.manifest_path}") from exc
        except json.JSONDecodeError as exc:
            raise ModelError(f"the model manifest {self.manifest_path} is not valid JSON ({exc})") from exc
        out = []
        for item in data.get("models", []):
            out.append(ModelEntry(
                name=item["name"], language=item["language"], url=item["url"], size=int(item["size"]),
                sha256=item.get("sha256"), md5=item.get("md5"), licence=item.get("licence", "unknown"),
                description=item.get("description", ""),
            ))
        return out

    def entry(self, name: str) -> ModelEntry:
        for e in self.entries():
            if e.name == name:
                return e
        known = ", ".join(e.name for e in self.entries())
        raise ModelError(f"no model called {name!r} in the manifest (known: {known})")

    # -- what is installed
    def model_dir(self, name: str) -> Path:
        return self.models_dir / name

    def is_installed(self, name: str) -> bool:
        path = self.model_dir(name)
        return path.is_dir() and ((path / "am").is_dir() or (path / "conf").is_dir())

    def installed_model_for_language(self, language: str) -> Path | None:
        try:
            entries = self.entries()
        except ModelError:
            return None
        for e in entries:
            if _language_matches(e.language, language) and self.is_installed(e.name):
                return self.model_dir(e.name)
        return None

    # -- download
    def archive_path(self, entry: ModelEntry) -> Path:
        return self.models_dir / "downloads" / entry.archive_name

    def download(self, name: str, progress: Callable[[int, int], None] | None = None, timeout: float = 60.0) -> Path:
        """Download (resuming a partial file), verify, unpack; returns the model folder."""
        import httpx

        entry = self.entry(name)
        if self.is_installed(name):
            return self.model_dir(name)
        archive = self.archive_path(entry)
        archive.parent.mkdir(parents=True, exist_ok=True)
        part = archive.with_name(archive.name + ".part")
        if not (archive.exists() and self._check(entry, archive) is None):
            have = part.stat().st_size if part.exists() else 0
            if have > entry.size:
                part.unlink()
                have = 0
            headers = {"Range": f"bytes={have}-"} if have else {}
            try:
                with httpx.stream("GET", entry.url, headers=headers, timeout=timeout, follow_redirects=True) as response:
                    if response.status_code == 416 and have == entry.size:
                        pass  # already complete
                    elif response.status_code not in (200, 206):
                        raise ModelError(f"the server answered {response.status_code} for {entry.url}")
                    else:
                        if response.status_code == 200 and have:
                            have = 0  # the server ignored the range: start again
                        with open(part, "ab" if have else "wb") as out:
                            done = have
                            if progress:
                                progress(done, entry.size)
                            for chunk in response.iter_bytes():  # as it arrives, so a drop keeps what came
                                out.write(chunk)
                                done += len(chunk)
                                if progress:
                                    progress(done, entry.size)
            except httpx.HTTPError as exc:
                raise ModelError(f"the download of {name} stopped ({exc}); run the same command again to resume") from exc
            problem = self._check(entry, part)
            if problem is not None:
                if part.stat().st_size >= entry.size:
                    part.unlink()  # complete but wrong: do not resume from it
                raise ModelError(f"the downloaded {name} is not right: {problem}")
            part.replace(archive)
        self._unpack(entry, archive)
        return self.model_dir(name)

    def _check(self, entry: ModelEntry, path: Path) -> str | None:
        """None when the file has the manifest's size and hash, else what is wrong."""
        size = path.stat().st_size
        if size != entry.size:
            return f"size {size} bytes, expected {entry.size}"
        if entry.sha256:
            digest = _file_digest(path, "sha256")
            if digest != entry.sha256.lower():
                return f"SHA-256 {digest}, expected {entry.sha256}"
        elif entry.md5:
            digest = _file_digest(path, "md5")
            if digest != entry.md5.lower():
                return f"MD5 {digest}, expected {entry.md5}"
        return None

    def _unpack(self, entry: ModelEntry, archive: Path) -> None:
        target = self.model_dir(entry.name)
        staging = self.models_dir / f".unpack-{entry.name}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    resolved = (staging / member).resolve()
                    if not str(resolved).startswith(str(staging.resolve())):
                        raise ModelError(f"{archive.name} contains an unsafe path: {member}")
                zf.extractall(staging)
        except zipfile.BadZipFile as exc:
            raise ModelError(f"{archive.name} is not a zip archive") from exc
        inner = [p for p in staging.iterdir()]
        source = inner[0] if len(inner) == 1 and inner[0].is_dir() else staging
        shutil.rmtree(target, ignore_errors=True)
        source.replace(target)
        shutil.rmtree(staging, ignore_errors=True)

    # -- verify
    def verify(self, name: str) -> dict:
        """Check the downloaded archive (if kept) and the unpacked folder."""
        entry = self.entry(name)
        archive = self.archive_path(entry)
        report = {"name": name, "installed": self.is_installed(name), "archive": str(archive) if archive.exists() else None}
        if archive.exists():
            problem = self._check(entry, archive)
            report["status"] = "ok" if problem is None else "corrupt"
            report["detail"] = problem or ("SHA-256 checked" if entry.sha256 else "MD5 checked" if entry.md5 else "size checked")
        elif report["installed"]:
            report["status"] = "installed"
            report["detail"] = "archive not kept; model folder present"
        else:
            report["status"] = "missing"
            report["detail"] = f"run: smartbank models download {name}"
        return report


def _file_digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def terminal_progress(label: str, stream=None):
    """A progress bar on stderr: ``name  [#####.....]  45%  12.3/40.1 MB``."""
    stream = stream or sys.stderr
    last = {"percent": -1}

    def show(done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 0
        if percent == last["percent"]:
            return
        last["percent"] = percent
        bar = "#" * (percent // 5) + "." * (20 - percent // 5)
        stream.write(f"\r{label}  [{bar}] {percent:3d}%  {done / 1e6:.1f}/{total / 1e6:.1f} MB")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
