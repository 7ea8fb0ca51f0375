"""KYC pipeline: registration-to-decision latency (p50, p95) and cases per minute, with 1 and 2 workers.

Starts the real server (``smartbank serve``) and N real ``smartbank worker``
processes (each one prefork child, a private clamd on a one-signature EICAR
database, real Tesseract and face matching) on a fresh data folder and
database (SQLite by default, PostgreSQL with ``--database-url``), on the
embedded broker unless ``--broker-url`` is given. Per worker count: one warm-up
case, ``--sequential`` cases one at a time (latency without a queue), then a
burst of ``--burst`` cases at once (cases per minute, and latency with a
queue). Every case is a clean, matching Aadhaar-style card. Prints one JSON object.

    python bench/kyc.py [--workers 1,2] [--sequential 6] [--burst 12] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the generated cards of the tests

from smartbank_desktop.backend.kyc.virus_scan import write_body_signature_database  # noqa: E402
from smartbank_desktop.backend.kyc.worker import WorkerProcess  # noqa: E402
from smartbank_desktop.backend.process import BackendProcess, fresh_database_url  # noqa: E402
from tests.support.sample_cards import CardDetails, card_upload, random_aadhaar_number  # noqa: E402

FACES = ROOT / "tests" / "data" / "faces" / "obama"
EICAR = bytes.fromhex("58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e"
                      "444152442d414e544956495255532d544553542d46494c452124482b482a")
FIRST = ["Ramesh", "Suresh", "Mahesh", "Dinesh", "Rakesh", "Mukesh", "Naresh", "Umesh"]
LAST = ["Sharma", "Verma", "Gupta", "Mehta", "Joshi", "Nair", "Rao", "Iyer"]
FINAL = {"VERIFIED", "MANUAL_REVIEW", "REJECTED"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class Cases:
    """Unique applicants with matching cards, drawn before any timing starts."""

    def __init__(self, count: int, seed: int = 7):
        rng = random.Random(seed)
        face = FACES / "obama.jpg"
        self.selfie = (FACES / "obama2.jpg").read_bytes()
        self.items = []
        for n in range(count):
            details = CardDetails(f"{rng.choice(FIRST)} Kumar {rng.choice(LAST)}",
                                  date(1940 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                                  "M", random_aadhaar_number(rng))
            card, _ = card_upload(details, face, "clean")
            fields = {"full_name": details.name, "email": f"bench{n}@example.in", "mobile": f"97{n:08d}",
                      "date_of_birth": details.date_of_birth.isoformat(), "aadhaar_number": details.number,
                      "address": "12 Gandhi Road, Pune 411001", "pin": "4826"}
            self.items.append((fields, card))
        self.next = 0

    def take(self, count: int):
        taken = self.items[self.next:self.next + count]
        self.next += count
        return taken


def submit(client: httpx.Client, url: str, case, selfie: bytes) -> tuple[str, float]:
    fields, card = case
    started = time.perf_counter()
    response = client.post(f"{url}/api/v1/registrations/", data=fields,
                           files={"aadhaar_card": ("card.png", card, "image/png"),
                                  "selfie": ("me.jpg", selfie, "image/jpeg")})
    response.raise_for_status()
    return response.json()["registration_id"], started


def wait_all(client: httpx.Client, url: str, pending: dict[str, float], timeout: float = 600) -> dict:
    """Poll until every registration is decided; {id: (seconds from submission, status)}."""
    done = {}
    deadline = time.perf_counter() + timeout
    while pending and time.perf_counter() < deadline:
        for registration_id in list(pending):
            status = client.get(f"{url}/api/v1/registrations/{registration_id}/").json()["status"]
            if status in FINAL:
                done[registration_id] = (time.perf_counter() - pending.pop(registration_id), status)
        time.sleep(0.05)
    if pending:
        raise RuntimeError(f"{len(pending)} case(s) undecided after {timeout} s")
    return done


def run_level(url: str, cases: Cases, selfie: bytes, sequential: int, burst: int) -> dict:
    with httpx.Client(timeout=60) as client:
        warm = dict([submit(client, url, c, selfie) for c in cases.take(1)])
        wait_all(client, url, warm)
        single = []
        for case in cases.take(sequential):
            registration_id, started = submit(client, url, case, selfie)
            single.append(wait_all(client, url, {registration_id: started})[registration_id])
        began = time.perf_counter()
        pending = dict(submit(client, url, case, selfie) for case in cases.take(burst))
        queued = wait_all(client, url, pending)
        elapsed = time.perf_counter() - began
    statuses = [s for _, s in single] + [s for _, s in queued.values()]
    one = [t for t, _ in single]
    many = [t for t, _ in queued.values()]
    return {
        "latency_s": {"p50": round(statistics.median(one), 2), "p95": round(percentile(one, 95), 2),
                      "n": len(one)},
        "burst": {"cases": burst, "seconds": round(elapsed, 1), "cases_per_minute": round(burst / elapsed * 60, 1),
                  "latency_p50_s": round(statistics.median(many), 2), "latency_p95_s": round(percentile(many, 95), 2)},
        "decisions": {s: statuses.count(s) for s in sorted(set(statuses))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="worker process counts to measure")
    parser.add_argument("--sequential", type=int, default=6)
    parser.add_argument("--burst", type=int, default=12)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--broker-url", default="", help="default: the embedded SQLite broker")
    args = parser.parse_args()
    levels = [int(n) for n in args.workers.split(",")]
    cases = Cases(len(levels) * (1 + args.sequential + args.burst))
    results = {}
    for workers in levels:
        home = Path(tempfile.mkdtemp(prefix="smartbank-bench-kyc-"))
        database = (fresh_database_url(args.database_url, "bench_kyc") if args.database_url
                    else f"sqlite:///{home / 'smartbank.sqlite3'}")
        signatures = write_body_signature_database(home / "clamav", {"Eicar-Test-Signature": EICAR}).parent
        env = {"SMARTBANK_HOME": str(home), "DATABASE_URL": database, "OMP_THREAD_LIMIT": "1",
               "SMARTBANK_CLAMAV_DATABASE": str(signatures), "SMARTBANK_REGISTRATION_RATE": "100000/min",
               **({"SMARTBANK_BROKER_URL": args.broker_url} if args.broker_url else {})}
        env.pop("SMARTBANK_CLAMD_SOCKET", None)
        backend = BackendProcess(env=env, log_path=home / "backend.log", threads=8).start()
        pool = [WorkerProcess(env=env, log_path=home / f"worker{n}.log", name=f"bench{n}@%h").start()
                for n in range(workers)]
        try:
            results[str(workers)] = run_level(backend.url, cases, cases.selfie, args.sequential, args.burst)
        finally:
            for worker in pool:
                worker.stop()
            backend.stop()
            shutil.rmtree(home, ignore_errors=True)
    print(json.dumps({
        "bench": "kyc",
        "database": "postgresql" if args.database_url else "sqlite",
        "broker": args.broker_url.split(":")[0] if args.broker_url else "sqla+sqlite (embedded)",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "workers": results,
    }, indent=2))


if __name__ == "__main__":
    main()
