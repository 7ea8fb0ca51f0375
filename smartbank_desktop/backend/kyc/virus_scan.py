"""Virus scanning of uploads with ClamAV.

:class:`VirusScanner` talks to a running clamd over its UNIX socket (the
``clamd`` package's INSTREAM command, so the daemon never needs to read our
files) when a socket is configured, and otherwise runs ``clamscan``. Each scan
returns a :class:`ScanResult`: ``clean``, ``infected`` (with the signature
name) or ``unavailable`` (no scanner, no signature database, a timeout): the
last is transient, and :meth:`ScanResult.raise_if_unavailable` turns it into
:class:`~.errors.ScannerUnavailable` for the pipeline to retry.

:class:`ClamdProcess` starts a private clamd on a given signature folder with
its socket in a temporary folder. The embedded product can use it when no
system daemon runs (Debian's service refuses to start without the official
databases), and tests use it with a one-signature database built by
:func:`write_body_signature_database`. Production keeps the official
databases fresh with ``freshclam`` and points ``SMARTBANK_CLAMD_SOCKET`` at
the system daemon.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from smartbank_desktop.core.processes import stop_process

from .errors import ScannerUnavailable

SOCKET_ENV = "SMARTBANK_CLAMD_SOCKET"
DATABASE_ENV = "SMARTBANK_CLAMAV_DATABASE"

# clamd's default StreamMaxLength is 25 MB; our own daemon accepts up to this.
STREAM_MAX_BYTES = 64 * 1024 * 1024


class Verdict(str, Enum):
    CLEAN = "clean"
    INFECTED = "infected"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class ScanResult:
    verdict: Verdict
    engine: str  # "clamd" or "clamscan"
    signature: str | None = None  # as ClamAV names it, e.g. "Eicar-Test-Signature.UNOFFICIAL"
    detail: str = ""  # internal detail (error text, exit status); never shown to customers
    ms: float = 0.0

    @property
    def clean(self) -> bool:
        return self.verdict is Verdict.CLEAN

    @property
    def infected(self) -> bool:
        return self.verdict is Verdict.INFECTED

    @property
    def unavailable(self) -> bool:
        return self.verdict is Verdict.UNAVAILABLE

    def raise_if_unavailable(self) -> "ScanResult":
        if self.unavailable:
            raise ScannerUnavailable(f"{self.engine}: {self.detail}")
        return self

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict.value,
            "engine": self.engine,
            "signature": self.signature,
            "detail": self.detail,
            "ms": round(self.ms, 1),
        }


@dataclass
class VirusScanner:
    """Scan bytes or files with clamd (``socket_path`` given) or else ``clamscan``.

    ``database`` is a signature file or folder for ``clamscan -d``; without it
    clamscan uses its compiled-in default (``/var/lib/clamav`` on Debian).
    """

    socket_path: str | os.PathLike | None = None
    database: str | os.PathLike | None = None
    clamscan_path: str = "clamscan"
    timeout: float = 60.0

    @classmethod
    def from_env(cls, environ: dict | None = None) -> "VirusScanner":
        """Configuration from ``SMARTBANK_CLAMD_SOCKET`` and ``SMARTBANK_CLAMAV_DATABASE``."""
        env = os.environ if environ is None else environ
        return cls(socket_path=env.get(SOCKET_ENV) or None, database=env.get(DATABASE_ENV) or None)

    @property
    def engine(self) -> str:
        return "clamd" if self.socket_path else "clamscan"

    def scan_bytes(self, data: bytes) -> ScanResult:
        if self.socket_path:
            return self._clamd_scan(data)
        return self._clamscan(["-"], stdin=data)

    def scan_file(self, path: str | os.PathLike) -> ScanResult:
        path = Path(path)
        if self.socket_path:
            try:
                data = path.read_bytes()
            except OSError as exc:
                return ScanResult(Verdict.UNAVAILABLE, "clamd", detail=f"cannot read {path.name}: {exc}")
            return self._clamd_scan(data)
        return self._clamscan([str(path)])

    def ping(self) -> bool:
        """True when the configured clamd answers (always False without a socket)."""
        if not self.socket_path:
            return False
        clamd = _clamd_module()
        try:
            return clamd.ClamdUnixSocket(path=str(self.socket_path), timeout=5).ping() == "PONG"
        except (clamd.ConnectionError, OSError):
            return False

    def _clamd_scan(self, data: bytes) -> ScanResult:
        clamd = _clamd_module()
        started = time.perf_counter()
        try:
            client = clamd.ClamdUnixSocket(path=str(self.socket_path), timeout=self.timeout)
            reply = client.instream(io.BytesIO(data))
        except (clamd.ConnectionError, clamd.BufferTooLongError, OSError) as exc:
            return ScanResult(Verdict.UNAVAILABLE, "clamd", detail=f"{type(exc).__name__}: {exc}",
                              ms=_ms(started))
        status, name = reply.get("stream", ("ERROR", f"unexpected reply {reply!r}"))
        ms = _ms(started)
        if status == "OK":
            return ScanResult(Verdict.CLEAN, "clamd", ms=ms)
        if status == "FOUND":
            return ScanResult(Verdict.INFECTED, "clamd", signature=name or "unknown", ms=ms)
        return ScanResult(Verdict.UNAVAILABLE, "clamd", detail=f"{status}: {name}", ms=ms)

    def _clamscan(self, targets: list[str], stdin: bytes | None = None) -> ScanResult:
        executable = shutil.which(self.clamscan_path)
        if executable is None:
            return ScanResult(Verdict.UNAVAILABLE, "clamscan", detail="clamscan is not installed")
        command = [executable, "--no-summary", "--stdout"]
        if self.database:
            command.append(f"--database={self.database}")
        started = time.perf_counter()
        try:
            done = subprocess.run(command + targets, input=stdin, capture_output=True,
                                  timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            return ScanResult(Verdict.UNAVAILABLE, "clamscan", detail=f"timed out after {self.timeout} s",
                              ms=_ms(started))
        ms = _ms(started)
        out = done.stdout.decode("utf-8", "replace")
        # Exit status: 0 nothing found, 1 a virus found, 2 an error (no database, unreadable file).
        if done.returncode == 1:
            found = [line for line in out.splitlines() if line.endswith(" FOUND")]
            name = found[0].rsplit(": ", 1)[-1][: -len(" FOUND")] if found else "unknown"
            return ScanResult(Verdict.INFECTED, "clamscan", signature=name or "unknown", ms=ms)
        if done.returncode == 0:
            return ScanResult(Verdict.CLEAN, "clamscan", ms=ms)
        error = (done.stderr.decode("utf-8", "replace") + out).strip().splitlines()
        return ScanResult(Verdict.UNAVAILABLE, "clamscan",
                          detail=f"exit {done.returncode}: {' | '.join(error[-3:])}", ms=ms)


def scan_bytes(data: bytes, scanner: VirusScanner | None = None) -> ScanResult:
    """Scan ``data`` with ``scanner`` (default: configured from the environment)."""
    return (scanner or VirusScanner.from_env()).scan_bytes(data)


def scan_file(path: str | os.PathLike, scanner: VirusScanner | None = None) -> ScanResult:
    return (scanner or VirusScanner.from_env()).scan_file(path)


def write_body_signature_database(folder: str | os.PathLike, signatures: dict[str, bytes],
                                  filename: str = "custom.ndb") -> Path:
    """Write a ClamAV ``.ndb`` file with one body signature per ``name: bytes`` pair.

    Body signatures match anywhere in a file (``Name:0:*:hex``), so a sample
    is found inside a larger PDF or image too. Returns the file's path.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, body in signatures.items():
        if not name or ":" in name or not body:
            raise ValueError(f"bad signature {name!r}")
        lines.append(f"{name}:0:*:{body.hex()}\n")
    path = folder / filename
    path.write_text("".join(lines))
    return path


@dataclass
class ClamdProcess:
    """A private clamd on ``database_dir`` with its socket in a temporary folder.

    Use as a context manager (or call :meth:`start` / :meth:`stop`); then
    ``VirusScanner(socket_path=proc.socket_path)`` scans through it. With a
    one-signature database it is ready in about a quarter of a second; with
    the official databases loading takes tens of seconds (raise
    ``start_timeout``).
    """

    database_dir: str | os.PathLike
    clamd_path: str = "clamd"
    start_timeout: float = 30.0
    work_dir: Path | None = field(default=None, init=False)
    process: subprocess.Popen | None = field(default=None, init=False, repr=False)
    start_ms: float = field(default=0.0, init=False)

    @property
    def socket_path(self) -> Path:
        if self.work_dir is None:
            raise RuntimeError("clamd is not started")
        return self.work_dir / "clamd.sock"

    def start(self) -> "ClamdProcess":
        if self.process is not None:
            return self
        executable = shutil.which(self.clamd_path) or next(
            (p for p in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if os.access(p, os.X_OK)), None)
        if executable is None:
            raise ScannerUnavailable("clamd is not installed")
        database_dir = Path(self.database_dir).resolve()
        if not database_dir.is_dir():
            raise ScannerUnavailable(f"no signature folder at {database_dir}")
        # A short path: UNIX socket paths are limited to about 100 bytes.
        self.work_dir = Path(tempfile.mkdtemp(prefix="clamd-"))
        config = self.work_dir / "clamd.conf"
        config.write_text(
            "Foreground yes\n"
            f"LocalSocket {self.socket_path}\n"
            "LocalSocketMode 600\n"
            f"DatabaseDirectory {database_dir}\n"
            f"TemporaryDirectory {self.work_dir}\n"
            f"StreamMaxLength {STREAM_MAX_BYTES // (1024 * 1024)}M\n"
            "MaxThreads 4\n"
            "SelfCheck 0\n"
            "LogTime yes\n"
        )
        started = time.perf_counter()
        log = open(self.work_dir / "clamd.log", "wb")
        self.process = subprocess.Popen([executable, "--config-file", str(config)],
                                        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        scanner = VirusScanner(socket_path=self.socket_path)
        deadline = started + self.start_timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                detail = self.log_tail()
                self.stop()
                raise ScannerUnavailable(f"clamd exited at start: {detail}")
            if self.socket_path.exists() and scanner.ping():
                self.start_ms = _ms(started)
                return self
            time.sleep(0.02)
        detail = self.log_tail()
        self.stop()
        raise ScannerUnavailable(f"clamd not ready after {self.start_timeout} s: {detail}")

    def log_tail(self, lines: int = 5) -> str:
        try:
            text = (self.work_dir / "clamd.log").read_text(errors="replace")
        except (OSError, TypeError):
            return ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            self.work_dir = None

    def scanner(self) -> VirusScanner:
        return VirusScanner(socket_path=self.socket_path)

    def __enter__(self) -> "ClamdProcess":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _clamd_module():
    # The clamd package reads its version through pkg_resources, which warns on import.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        import clamd
    return clamd


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
