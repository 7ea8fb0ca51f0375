"""Transfers per second and p50/p99 latency against the real server on PostgreSQL.

Starts ``smartbank serve`` (waitress) on a fresh PostgreSQL database, adds demo
customers, then for 1, 4 and 16 concurrent clients measures, in the same run,
POST /api/transactions/ and a trivial authenticated GET (the baseline), each
client a different customer. Prints one JSON object.

    python bench/transfers.py [--database-url postgres://...] [--seconds 8]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import threading
import time
import uuid

import httpx

from smartbank_desktop.backend.process import BackendProcess, fresh_database_url

LEVELS = (1, 4, 16)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def run_level(url: str, customers: list[dict], tokens: list[str], clients: int, seconds: float, kind: str) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        me = customers[index]
        payee = customers[(index + 1) % len(customers)]
        headers = {"Authorization": f"Bearer {tokens[index]}"}
        local, codes = [], {}
        with httpx.Client(base_url=url, timeout=30) as http:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                if kind == "transfer":
                    response = http.post(
                        "/api/transactions/",
                        json={"from_account": me["account"], "to_account": payee["account"], "amount_paise": 100},
                        headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                    )
                else:
                    response = http.get("/api/v1/accounts/", headers=headers)
                local.append((time.perf_counter() - started) * 1000)
                codes[response.status_code] = codes.get(response.status_code, 0) + 1
        with lock:
            latencies.extend(local)
            for code, count in codes.items():
                statuses[code] = statuses.get(code, 0) + count

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "clients": clients,
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "SMARTBANK_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smartbank"))
    parser.add_argument("--seconds", type=float, default=8.0, help="per level and kind")
    parser.add_argument("--threads", type=int, default=16, help="server threads")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="smartbank-bench-")
    env = {"SMARTBANK_HOME": home, "DATABASE_URL": fresh_database_url(args.database_url, "bench"),
           "SMARTBANK_DAILY_LIMIT_PAISE": str(10**15), "SMARTBANK_SIGN_IN_RATE": "100000/min"}
    with BackendProcess(env=env, threads=args.threads, log_path=os.path.join(home, "backend.log")) as backend:
        customers = json.loads(backend.manage("seed_demo", "--customers", str(max(LEVELS)), "--json"))
        tokens = [httpx.post(f"{backend.url}/api/auth/login/",
                             json={"username": c["mobile"], "pin": c["pin"]}).json()["access"] for c in customers]
        results = []
        for clients in LEVELS:
            baseline = run_level(backend.url, customers, tokens, clients, args.seconds, "baseline")
            transfer = run_level(backend.url, customers, tokens, clients, args.seconds, "transfer")
            results.append({
                "clients": clients,
                "transfer": transfer,
                "baseline_get": baseline,
                "transfer_cost_vs_baseline": round(baseline["per_second"] / max(transfer["per_second"], 0.1), 2),
            })
    print(json.dumps({
        "benchmark": "transfers",
        "server": f"waitress, {args.threads} threads",
        "database": "postgresql",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "seconds_per_level": args.seconds,
        "note": "clients run in the same machine and share its cores with the server",
        "levels": results,
    }, indent=2))


if __name__ == "__main__":
    main()
