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
import sys
import tempfile
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/load.py

from bench.load import drive  # noqa: E402
from smartbank_desktop.backend.process import BackendProcess, fresh_database_url  # noqa: E402

LEVELS = (1, 4, 16)


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
            baseline = {"clients": clients, **drive([backend.url], customers, tokens, clients, args.seconds, "baseline")}
            transfer = {"clients": clients, **drive([backend.url], customers, tokens, clients, args.seconds, "transfer")}
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
