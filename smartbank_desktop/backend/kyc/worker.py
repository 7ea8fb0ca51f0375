"""The KYC worker process (``smartbank worker``): ClamAV set-up, then a Celery worker.

Virus scanning, in order of preference: a running clamd named by
``SMARTBANK_CLAMD_SOCKET``; else a private clamd this command starts on the
signature folder ``SMARTBANK_CLAMAV_DATABASE`` (default ``/var/lib/clamav``,
which freshclam keeps current); else ``clamscan`` on that folder. With no
signatures anywhere every scan is "unavailable": the case is retried with
backoff, then goes to MANUAL_REVIEW with a plain reason, and staff are never
shown an unscanned file. No document is ever passed as clean without a scan.

:class:`WorkerProcess` starts ``smartbank worker`` as a child process (for
``smartbank run``, tests and benchmarks) and waits until it is ready.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .errors import ScannerUnavailable
from .virus_scan import DATABASE_ENV, SOCKET_ENV, ClamdProcess

log = logging.getLogger(__name__)

SYSTEM_DATABASE = "/var/lib/clamav"
DEFAULT_POOL = "solo" if os.name == "nt" else "prefork"  # Celery's prefork pool does not run on Windows
SIGNATURE_SUFFIXES = (".cvd", ".cld", ".cud", ".ndb", ".hdb", ".hsb", ".ldb", ".mdb", ".msb", ".yar", ".yara")


def has_signatures(path: str | os.PathLike) -> bool:
    path = Path(path)
    if path.is_file():
        return path.suffix in SIGNATURE_SUFFIXES
    return path.is_dir() and any(p.suffix in SIGNATURE_SUFFIXES for p in path.iterdir())


def prepare_virus_scanner(environ=os.environ, *, start_clamd: bool = True) -> ClamdProcess | None:
    """Decide how this worker scans, setting ``environ`` for its pool; the private clamd it started, if any."""
    if environ.get(SOCKET_ENV):
        return None
    database = environ.get(DATABASE_ENV) or SYSTEM_DATABASE
    if not has_signatures(database):
        log.error("No ClamAV signatures in %s: uploads cannot be scanned, so cases will go to manual review. "
                  "Run freshclam, or set %s.", database, DATABASE_ENV)
        return None
    environ[DATABASE_ENV] = str(database)
    if start_clamd and Path(database).is_dir():
        try:
            clamd = ClamdProcess(database, start_timeout=180).start()
        except ScannerUnavailable as exc:
            log.warning("could not start clamd (%s); scanning with clamscan instead", exc)
            return None
        environ[SOCKET_ENV] = str(clamd.socket_path)
        return clamd
    return None


def run(*, concurrency: int = 1, pool: str | None = None, name: str | None = None, loglevel: str = "INFO",
        start_clamd: bool = True, events: bool = False) -> int:
    from smartbank_desktop.backend.server import setup_django

    setup_django()
    from django.conf import settings

    from smartbank_desktop.backend.celery_app import app

    _exit_with_parent()
    clamd = prepare_virus_scanner(start_clamd=start_clamd)
    argv = ["worker", f"--loglevel={loglevel}", f"--concurrency={concurrency}", f"--pool={pool or DEFAULT_POOL}",
            "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", name or f"kyc-{os.getpid()}@%h",
            "--without-gossip", "--without-mingle"]
    # Task events and heartbeats are what Flower shows; off by default (nothing reads them at home).
    argv += ["--task-events"] if events else ["--without-heartbeat"]
    try:
        app.worker_main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        if clamd is not None:
            clamd.stop()
    return 0


def run_flower(*, address: str = "127.0.0.1", port: int = 5555) -> int:
    """Flower on the configured broker (``FLOWER_BASIC_AUTH`` and Flower's other ``FLOWER_*`` settings apply)."""
    try:
        import flower  # noqa: F401
    except ImportError:
        print("Flower is not installed: pip install 'smartbank_desktop[server]'", file=sys.stderr)
        return 2
    from smartbank_desktop.backend.server import setup_django

    setup_django()
    from smartbank_desktop.backend.celery_app import app

    _exit_with_parent()
    try:
        app.start(["flower", f"--address={address}", f"--port={port}"])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


PARENT_ENV = "SMARTBANK_WORKER_PARENT_PID"


def _exit_with_parent() -> None:
    """Started by :class:`WorkerProcess`: shut down (warmly) when that parent process is gone."""
    parent = int(os.environ.get(PARENT_ENV) or 0)
    if not parent:
        return
    import threading

    def watch():
        while True:
            time.sleep(1)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            except PermissionError:
                continue

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class WorkerProcess:
    """``smartbank worker`` in a child process (its own process group), with its output in ``log_path``."""

    def __init__(self, env: dict | None = None, log_path: str | os.PathLike | None = None, concurrency: int = 1,
                 pool: str = DEFAULT_POOL, name: str | None = None, events: bool = False):
        self.env = {**os.environ, **(env or {}), PARENT_ENV: str(os.getpid())}
        self.log_path = Path(log_path) if log_path else None
        self.args = ["--concurrency", str(concurrency), "--pool", pool]
        if name:
            self.args += ["--name", name]
        if events:
            self.args.append("--events")
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> "WorkerProcess":
        out = open(self.log_path, "ab") if self.log_path else None
        start_offset = self.log_path.stat().st_size if self.log_path and self.log_path.exists() else 0
        self.process = subprocess.Popen([sys.executable, "-m", "smartbank_desktop", "worker", *self.args],
                                        env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        if out:
            out.close()
        if self.log_path is None:
            return self
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker stopped while starting (exit status {self.process.returncode}); "
                                   f"its output is in {self.log_path}")
            with open(self.log_path, "rb") as fh:
                fh.seek(start_offset)
                if b" ready." in fh.read():
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the worker was not ready within {timeout:.0f} s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL the worker, its pool and its clamd at once, as a power cut would."""
        if self.process and self.process.poll() is None:
            if hasattr(os, "killpg"):
                os.killpg(self.process.pid, signal.SIGKILL)
            else:  # Windows: no process groups; the pool and clamd follow their parent
                self.process.kill()
            self.process.wait()

    def stop(self, timeout: float = 20) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # Celery's warm shutdown: the task in hand finishes first
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
