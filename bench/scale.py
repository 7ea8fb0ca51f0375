"""Scaling out: transfers against a trivial GET with 1 and 2 web processes; KYC cases with 1 and 2 workers.

Web: for each process count, a fresh PostgreSQL database, demo customers, and
that many real ``smartbank serve`` processes sharing the database and the data
folder), served as in production on Linux: one gunicorn master with that many
web processes (gthread workers) behind one port, the topology's web server. Per
client count, in the same run: a
trivial authenticated GET (``/api/v1/accounts/``, the baseline) and
``POST /api/transactions/`` (each client a different customer paying the next
one), transfers per second, p50/p99, and the cost of a transfer against the GET
(GETs per second over transfers per second; at 1 client, also p50 over p50), and
the CPU a request costs the web processes and PostgreSQL's server processes,
read from ``/proc`` (on a machine shared with other work, the steadiest of the
three). Table statistics are taken once the customers are in (``ANALYZE``, as
autovacuum keeps them on a database in service).

KYC: for each worker count, the real server and that many ``smartbank worker``
processes (as in ``bench/kyc.py``: real ClamAV on a one-signature database,
Tesseract, face matching), one warm-up case per worker, then a burst of cases
submitted at once: cases per minute until every one is decided.

Prints one JSON object, with the scaling ratios (2 over 1).

    python bench/scale.py [--database-url postgres://...] [--seconds 6] [--processes 1,2] [--workers 1,2]
                          [--burst 8] [--skip-kyc] [--skip-web]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/load.py, bench/kyc.py's cases (and the tests' generated cards)

from bench.kyc import EICAR, Cases, submit, wait_all  # noqa: E402
from bench.load import drive  # noqa: E402
from smartbank_desktop.backend.kyc.virus_scan import write_body_signature_database  # noqa: E402
from smartbank_desktop.backend.kyc.worker import WorkerProcess  # noqa: E402
from smartbank_desktop.backend.process import BackendProcess, fresh_database_url  # noqa: E402
from smartbank_desktop.backend.topology import children_of  # noqa: E402

CLIENT_LEVELS = (1, 16)


def cpu_seconds(pids) -> dict[int, float] | None:
    """User and system CPU time used so far by each of these processes (Linux ``/proc``; None elsewhere)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        used = {}
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except FileNotFoundError:  # a database connection that has closed
                continue
            used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        return used
    except (OSError, ValueError, AttributeError):
        return None


class DatabaseBackends:
    """PostgreSQL's server processes for one database: their CPU time is the database's share of a request."""

    def __init__(self, database_url: str):
        import psycopg

        self.conn = psycopg.connect(database_url, autocommit=True)

    def pids(self) -> list[int]:
        rows = self.conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND pid <> pg_backend_pid()").fetchall()
        return [pid for (pid,) in rows]

    def analyze(self) -> None:
        """Table statistics, as a database in service has them (autovacuum keeps them)."""
        self.conn.execute("ANALYZE")

    def close(self) -> None:
        self.conn.close()


def cpu_ms_per_request(before: dict | None, after: dict | None, requests: int) -> float | None:
    """CPU used between two readings (a process that started in between counts whole), per request."""
    if before is None or after is None:
        return None
    used = sum(total - before.get(pid, 0.0) for pid, total in after.items())
    return round(used * 1000 / max(requests, 1), 2)


def load(urls: list[str], customers: list[dict], tokens: list[str], clients: int, seconds: float,
         kind: str, pids: list[int] = (), database: DatabaseBackends | None = None) -> dict:
    """``bench/load.py``'s clients for ``seconds``: one kind of request.

    With the servers' ``pids`` and the ``database``, also the CPU milliseconds a request costs the web
    processes and PostgreSQL, whatever else runs on the machine."""
    server_before = cpu_seconds(pids)
    database_before = cpu_seconds(database.pids()) if database else None
    measured = drive(urls, customers, tokens, clients, seconds, kind)
    server_after = cpu_seconds(pids)
    database_after = cpu_seconds(database.pids()) if database else None
    return {
        "server_cpu_ms_per_request": cpu_ms_per_request(server_before, server_after, measured["requests"]),
        "database_cpu_ms_per_request": cpu_ms_per_request(database_before, database_after, measured["requests"]),
        **measured,
    }


def web_level(database_url: str, processes: int, threads: int, seconds: float) -> dict:
    home = tempfile.mkdtemp(prefix="smartbank-bench-scale-")
    env = {"SMARTBANK_HOME": home, "DATABASE_URL": fresh_database_url(database_url, "scale"),
           "SMARTBANK_DAILY_LIMIT_PAISE": str(10**15), "SMARTBANK_SIGN_IN_RATE": "100000/min"}
    server = BackendProcess(env=env, threads=threads, server="gunicorn", workers=processes,
                            log_path=os.path.join(home, "backend.log"))
    database = None
    try:
        server.start()
        deadline = time.monotonic() + 60
        while len(children_of(server.process.pid)) < processes:  # every web process forked
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start {processes} web processes")
            time.sleep(0.1)
        customers = json.loads(server.manage("seed_demo", "--customers", str(max(CLIENT_LEVELS)), "--json"))
        tokens = [httpx.post(f"{server.url}/api/auth/login/", json={"username": c["mobile"], "pin": c["pin"]}
                             ).json()["access"] for c in customers]
        urls = [server.url]
        pids = [server.process.pid, *children_of(server.process.pid)]
        database = DatabaseBackends(env["DATABASE_URL"])
        load(urls, customers, tokens, max(CLIENT_LEVELS), 1.0, "baseline")  # warm: connections, imports
        load(urls, customers, tokens, max(CLIENT_LEVELS), 1.0, "transfer")
        database.analyze()
        levels = {}
        for clients in CLIENT_LEVELS:
            baseline = load(urls, customers, tokens, clients, seconds, "baseline", pids, database)
            transfer = load(urls, customers, tokens, clients, seconds, "transfer", pids, database)
            level = {"transfer": transfer, "baseline_get": baseline,
                     "transfer_cost_vs_get": round(baseline["per_second"] / max(transfer["per_second"], 0.1), 2)}
            cpu = {kind: (m["server_cpu_ms_per_request"] or 0) + (m["database_cpu_ms_per_request"] or 0)
                   for kind, m in (("transfer", transfer), ("get", baseline))}
            if cpu["transfer"] and cpu["get"]:
                level["transfer_cpu_vs_get_cpu"] = round(cpu["transfer"] / cpu["get"], 2)
            if clients == 1:
                level["transfer_p50_vs_get_p50"] = round(transfer["p50_ms"] / max(baseline["p50_ms"], 0.01), 2)
            levels[str(clients)] = level
        return {"clients": levels}
    finally:
        if database:
            database.close()
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def kyc_level(database_url: str, broker_url: str, workers: int, cases: Cases, burst: int) -> dict:
    home = Path(tempfile.mkdtemp(prefix="smartbank-bench-scale-kyc-"))
    signatures = write_body_signature_database(home / "clamav", {"Eicar-Test-Signature": EICAR}).parent
    env = {"SMARTBANK_HOME": str(home), "DATABASE_URL": fresh_database_url(database_url, "scale_kyc"),
           "OMP_THREAD_LIMIT": "1", "SMARTBANK_CLAMAV_DATABASE": str(signatures),
           "SMARTBANK_REGISTRATION_RATE": "100000/min",
           **({"SMARTBANK_BROKER_URL": broker_url} if broker_url else {})}
    env.pop("SMARTBANK_CLAMD_SOCKET", None)
    backend = BackendProcess(env=env, log_path=home / "backend.log", threads=8).start()
    pool = [WorkerProcess(env=env, log_path=home / f"worker{n}.log", name=f"scale{n}@%h").start()
            for n in range(workers)]
    try:
        with httpx.Client(timeout=60) as client:
            warm = dict(submit(client, backend.url, case, cases.selfie) for case in cases.take(workers))
            wait_all(client, backend.url, warm)
            began = time.perf_counter()
            pending = dict(submit(client, backend.url, case, cases.selfie) for case in cases.take(burst))
            decided = wait_all(client, backend.url, pending)
            elapsed = time.perf_counter() - began
        statuses = [s for _, s in decided.values()]
        return {"cases": burst, "seconds": round(elapsed, 1), "cases_per_minute": round(burst / elapsed * 60, 1),
                "latency_p50_s": round(statistics.median(t for t, _ in decided.values()), 2),
                "decisions": {s: statuses.count(s) for s in sorted(set(statuses))}}
    finally:
        for worker in pool:
            worker.stop()
        backend.stop()
        shutil.rmtree(home, ignore_errors=True)


def ratio(results: dict, high: str, low: str, *path: str) -> float | None:
    if high not in results or low not in results:
        return None
    values = []
    for key in (high, low):
        node = results[key]
        for step in path:
            node = node[step]
        values.append(node)
    return round(values[0] / max(values[1], 0.01), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "SMARTBANK_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smartbank"))
    parser.add_argument("--seconds", type=float, default=6.0, help="per client count and kind of request")
    parser.add_argument("--processes", default="1,2", help="web process counts to measure")
    parser.add_argument("--threads", type=int, default=16, help="threads per web process")
    parser.add_argument("--workers", default="1,2", help="KYC worker counts to measure")
    parser.add_argument("--burst", type=int, default=8, help="KYC cases submitted at once, per worker count")
    parser.add_argument("--broker-url", default="", help="default: the embedded SQLite broker")
    parser.add_argument("--skip-web", action="store_true")
    parser.add_argument("--skip-kyc", action="store_true")
    args = parser.parse_args()

    out: dict = {"bench": "scale", "database": "postgresql", "cpus": os.cpu_count(),
                 "python": platform.python_version(),
                 "note": "clients, servers, workers and PostgreSQL share this machine's cores"}
    if not args.skip_web:
        web = {}
        for processes in [int(n) for n in args.processes.split(",")]:
            web[str(processes)] = web_level(args.database_url, processes, args.threads, args.seconds)
        top = str(max(CLIENT_LEVELS))
        out["web"] = {
            "server": f"smartbank serve --server gunicorn: N web processes of {args.threads} threads behind one port",
            "seconds_per_measure": args.seconds,
            "processes": web,
            "scaling_2_over_1": {
                "transfers_per_second": ratio(web, "2", "1", "clients", top, "transfer", "per_second"),
                "gets_per_second": ratio(web, "2", "1", "clients", top, "baseline_get", "per_second"),
            },
        }
    if not args.skip_kyc:
        counts = [int(n) for n in args.workers.split(",")]
        cases = Cases(sum(n + args.burst for n in counts))
        kyc = {str(n): kyc_level(args.database_url, args.broker_url, n, cases, args.burst) for n in counts}
        out["kyc"] = {
            "broker": args.broker_url.split(":")[0] if args.broker_url else "sqla+sqlite (embedded)",
            "workers": kyc,
            "scaling_2_over_1": {"cases_per_minute": ratio(kyc, "2", "1", "cases_per_minute")},
        }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
