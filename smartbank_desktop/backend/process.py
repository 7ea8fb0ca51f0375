"""Start the backend (``smartbank serve``) as a child process and wait until it answers.

Used by ``smartbank run``, by the desktop app when it starts its own backend,
and by tests and benchmarks that need the real server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from smartbank_desktop.core.processes import stop_process


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BackendProcess:
    def __init__(self, port: int | None = None, env: dict | None = None, threads: int | None = None,
                 log_path: str | os.PathLike | None = None, server: str = "waitress", workers: int = 2):
        """``log_path``: where the server's output goes (default: this process's own output);
        ``server`` "gunicorn" runs ``workers`` web processes behind the port."""
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {})}
        self.threads = threads
        self.server, self.workers = server, workers
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 60) -> "BackendProcess":
        argv = [sys.executable, "-m", "smartbank_desktop", "serve", "--port", str(self.port),
                "--server", self.server, "--workers", str(self.workers)]
        if self.threads:
            argv += ["--threads", str(self.threads)]
        self.process = subprocess.Popen(argv, env=self.env, stdout=self._open_log(), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                where = f"; its output is in {self.log_path}" if self.log_path else ""
                raise RuntimeError(f"the backend stopped while starting (exit status {self.process.returncode}){where}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/schema/", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the backend did not answer on {self.url} within {timeout:.0f} s")

    def _open_log(self):
        self._log = open(self.log_path, "ab") if self.log_path else None
        return self._log

    def manage(self, *args: str) -> str:
        """Run ``smartbank manage ARGS`` against this backend's database; its output."""
        return subprocess.run([sys.executable, "-m", "smartbank_desktop", "manage", *args], env=self.env,
                              check=True, capture_output=True, text=True).stdout

    def stop(self) -> None:
        stop_process(self.process)
        if self._log:
            self._log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def fresh_database_url(base_url: str, suffix: str) -> str:
    """An empty PostgreSQL database ``<base_url's database>_<suffix>`` on the same server (dropped first).

    For tests and benchmarks that run a real server beside the test database;
    named after the base, so runs with databases of their own never drop each other's.
    """
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(base_url)
    name = f"{parts.path.lstrip('/') or 'smartbank'}_{suffix}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))
