"""The benchmarks' client loop: signed-in customers, one thread each, sending one kind of request for a while.

Client i is customer i, talks to server i mod len(urls), and either pays customer i+1 one rupee
(``POST /api/transactions/`` with a fresh Idempotency-Key) or asks for its accounts (``GET
/api/v1/accounts/``, the trivial authenticated baseline). Used by ``bench/transfers.py`` and
``bench/scale.py``.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid

import httpx

KINDS = ("transfer", "baseline")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def drive(urls: list[str], customers: list[dict], tokens: list[str], clients: int, seconds: float,
          kind: str) -> dict:
    """``clients`` threads for ``seconds``, each sending ``kind`` requests one after another: the counts,
    the rate and the latencies."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        me, payee = customers[index], customers[(index + 1) % len(customers)]
        headers = {"Authorization": f"Bearer {tokens[index]}"}
        local, codes = [], {}
        with httpx.Client(base_url=urls[index % len(urls)], timeout=60) as http:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                if kind == "transfer":
                    response = http.post(
                        "/api/transactions/",
                        json={"from_account": me["account"], "to_account": payee["account"], "amount_paise": 100},
                        headers={**headers, "Idempotency-Key": uuid.uuid4().hex})
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
        "requests": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }
