"""``smartbank topology up``: the bank's production topology from local processes, and its clean stop.

The same parts as the compose file, without a container engine: this machine's PostgreSQL
(``DATABASE_URL``) and Redis (broker and shared cache), moto's S3 server on 127.0.0.1 for the
documents, gunicorn with 2 web processes behind one port, 2 Celery workers (and one clamd they
share, when ClamAV signatures are found), and Flower when asked. It prints one JSON line once
everything answers (addresses, process ids, log files), then runs until SIGTERM or Ctrl-C, when it
stops the workers (warm: the case in hand finishes), Flower, the web server, clamd and moto, and
prints a last line. Every part also stops if this command is killed (Linux: parent-death signal).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from smartbank_desktop.core.processes import stop_process

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/smartbank"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
BUCKET = "smartbank-documents"
# moto accepts any credentials; these name the local topology in its logs.
LOCAL_S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "smartbank-local", "AWS_SECRET_ACCESS_KEY": "smartbank-local-secret",
                        "AWS_DEFAULT_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec (Linux): SIGTERM when the topology's process ends, however it ends."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_for(what: str, ready, process: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped while starting (exit status {process.returncode}); see {log_path}")
        if ready():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within {timeout:.0f} s; see {log_path}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answered
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def children_of(pid: int) -> list[int]:
    """The process ids whose parent is ``pid`` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


class Topology:
    """The parts, started in order by :meth:`start` and stopped in reverse by :meth:`stop`."""

    def __init__(self, *, home: Path, log_dir: Path, database_url: str, redis_url: str, port: int | None = None,
                 web_processes: int = 2, workers: int = 2, flower_port: int | None = None,
                 redis_prefix: str = "smartbank", env: dict | None = None):
        self.home, self.log_dir = Path(home), Path(log_dir)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.s3_port = free_port()
        self.web_processes, self.worker_count, self.flower_port = web_processes, workers, flower_port
        self.env = {
            **os.environ, **LOCAL_S3_CREDENTIALS,
            "SMARTBANK_HOME": str(self.home),
            "DATABASE_URL": database_url,
            "SMARTBANK_BROKER_URL": redis_url,
            "SMARTBANK_BROKER_PREFIX": f"{redis_prefix}:broker:",
            "SMARTBANK_CACHE_URL": redis_url,
            "SMARTBANK_CACHE_PREFIX": f"{redis_prefix}:cache",
            "SMARTBANK_S3_BUCKET": BUCKET,
            "SMARTBANK_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "SMARTBANK_S3_REGION": "us-east-1",
            "SMARTBANK_LOG_FORMAT": "json",
            **(env or {}),
        }
        self.env.pop("SMARTBANK_WORKER_PARENT_PID", None)
        self.processes: dict[str, subprocess.Popen] = {}
        self.workers: list = []
        self.clamd = None

    # ------------------------------------------------------------------ starting

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        log_path = self.log_dir / f"{name}.log"
        with open(log_path, "ab") as out:
            process = subprocess.Popen(argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True, preexec_fn=_die_with_parent)
        self.processes[name] = process
        return process

    def _smartbank(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "smartbank_desktop", *args]

    def start(self, timeout: float = 180) -> "Topology":
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            self._start_s3(timeout)
            self._prepare_storage()
            self._start_clamd()
            self._start_web(timeout)
            self._start_workers(timeout)
            if self.flower_port:
                self._start_flower(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_s3(self, timeout: float) -> None:
        process = self._spawn("s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)])
        _wait_for("the S3 server (moto)", lambda: _port_open(self.s3_port), process, self.log_dir / "s3.log", timeout)

    def _prepare_storage(self) -> None:
        result = subprocess.run(self._smartbank("manage", "prepare_storage"), env=self.env, capture_output=True,
                                text=True, stdin=subprocess.DEVNULL)
        if result.returncode:
            raise RuntimeError(f"the documents bucket could not be prepared: {result.stderr.strip()[-500:]}")

    def _start_clamd(self) -> None:
        """One clamd for both workers (each would start its own, with its own copy of the signatures)."""
        from smartbank_desktop.backend.kyc.errors import ScannerUnavailable
        from smartbank_desktop.backend.kyc.virus_scan import DATABASE_ENV, SOCKET_ENV, ClamdProcess
        from smartbank_desktop.backend.kyc.worker import SYSTEM_DATABASE, has_signatures

        database = self.env.get(DATABASE_ENV) or SYSTEM_DATABASE
        if self.env.get(SOCKET_ENV) or not Path(database).is_dir() or not has_signatures(database):
            return  # a clamd of the machine's, or none: the workers decide (README, KYC)
        try:
            self.clamd = ClamdProcess(database, start_timeout=180).start()
        except ScannerUnavailable:
            return
        self.env[SOCKET_ENV] = str(self.clamd.socket_path)

    def _start_web(self, timeout: float) -> None:
        process = self._spawn("web", self._smartbank("serve", "--server", "gunicorn", "--host", "127.0.0.1",
                                                     "--port", str(self.port), "--workers", str(self.web_processes)))
        _wait_for("the web server (gunicorn)", lambda: _answers(f"{self.url}/healthz"), process,
                  self.log_dir / "web.log", timeout)
        # Every web process up: the master has forked them all.
        _wait_for("the web processes", lambda: len(children_of(process.pid)) >= self.web_processes, process,
                  self.log_dir / "web.log", timeout)

    def _start_workers(self, timeout: float) -> None:
        from smartbank_desktop.backend.kyc.worker import WorkerProcess

        for number in range(1, self.worker_count + 1):
            worker = WorkerProcess(env=self.env, log_path=self.log_dir / f"worker-{number}.log",
                                   name=f"kyc{number}-{os.getpid()}@%h", events=bool(self.flower_port))
            self.workers.append(worker)
            worker.start(timeout=timeout)

    def _start_flower(self, timeout: float) -> None:
        process = self._spawn("flower", self._smartbank("flower", "--port", str(self.flower_port)))
        _wait_for("Flower", lambda: _answers(f"http://127.0.0.1:{self.flower_port}/healthcheck"), process,
                  self.log_dir / "flower.log", timeout)

    # ------------------------------------------------------------------ describing and stopping

    def describe(self) -> dict:
        web = self.processes.get("web")
        return {
            "url": self.url,
            "s3_endpoint": self.env["SMARTBANK_S3_ENDPOINT_URL"],
            "bucket": BUCKET,
            "flower": f"http://127.0.0.1:{self.flower_port}" if self.flower_port else None,
            "logs": str(self.log_dir),
            "processes": {
                "s3": self.processes["s3"].pid if "s3" in self.processes else None,
                "web": web.pid if web else None,
                "web_processes": children_of(web.pid) if web else [],
                "workers": [w.process.pid for w in self.workers if w.process],
                "clamd": self.clamd.process.pid if self.clamd and self.clamd.process else None,
                "flower": self.processes["flower"].pid if "flower" in self.processes else None,
            },
        }

    def stop(self) -> None:
        """Workers (warm: the case in hand finishes), Flower and the web server together; then clamd and S3."""
        stops = [lambda w=w: w.stop(timeout=30) for w in self.workers]
        stops += [lambda name=name: stop_process(self.processes.get(name), timeout=35) for name in ("flower", "web")]
        threads = [threading.Thread(target=stop) for stop in stops]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if self.clamd is not None:
            self.clamd.stop()
        stop_process(self.processes.get("s3"), timeout=10)


# ---------------------------------------------------------------------- the command

def register(subparsers) -> None:
    topology = subparsers.add_parser("topology", help="the production topology from local processes")
    actions = topology.add_subparsers(dest="action", required=True)
    up = actions.add_parser("up", help="start it (PostgreSQL and Redis of this machine, moto's S3, gunicorn, "
                                       "Celery workers) and run until SIGTERM or Ctrl-C")
    up.add_argument("--port", type=int, help="the web server's port (default: a free one)")
    up.add_argument("--web-processes", type=int, default=2)
    up.add_argument("--workers", type=int, default=2, help="Celery (KYC) worker processes")
    up.add_argument("--flower", type=int, metavar="PORT", help="also run Flower on this port")
    up.add_argument("--home", help="data folder (keys) of the topology (default: the data folder's 'topology')")
    up.add_argument("--logs", help="folder for each part's log (default: HOME/logs)")
    up.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    up.add_argument("--redis-url", default=os.environ.get("SMARTBANK_REDIS_URL") or DEFAULT_REDIS_URL,
                    help="Redis for the broker and the shared cache")
    up.add_argument("--redis-prefix", default="smartbank", help="key prefix in Redis (broker and cache)")
    up.set_defaults(handler=run)


def run(args) -> int:
    if not args.database_url.startswith("postgres"):
        print("The topology runs on PostgreSQL: give --database-url postgres://... (or DATABASE_URL).",
              file=sys.stderr)
        return 2
    from smartbank_desktop.core import paths

    home = Path(args.home) if args.home else paths.data_dir() / "topology"
    topology = Topology(home=home, log_dir=Path(args.logs) if args.logs else home / "logs",
                        database_url=args.database_url, redis_url=args.redis_url, port=args.port,
                        web_processes=args.web_processes, workers=args.workers, flower_port=args.flower,
                        redis_prefix=args.redis_prefix)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        topology.start()
    except RuntimeError as exc:
        print(json.dumps({"status": "failed", "detail": str(exc)}), flush=True)
        return 1
    print(json.dumps({"status": "up", **topology.describe()}), flush=True)
    try:
        while not stopping.wait(1):
            web = topology.processes["web"]
            if web.poll() is not None:
                print(json.dumps({"status": "failed", "detail": f"the web server stopped (exit status "
                                                                 f"{web.returncode})"}), flush=True)
                break
    finally:
        topology.stop()
    print(json.dumps({"status": "down"}), flush=True)
    return 0
