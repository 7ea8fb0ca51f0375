"""KYC cases when processes die: two real workers on a Redis of the test's own (append-only, so a restart finds
its queue), the real server on PostgreSQL. In one batch a worker is SIGKILLed (with its pool and its clamd)
while it holds a case, and started again; in the next Redis is SIGKILLed while cases run, and started again.
Every case reaches a final decision, none is left PROCESSING or claimed, each customer has one case.

Then the database dump and every log are searched for what must never be kept in the clear: each
registered Aadhaar number (also as written on the card, in groups of four) and the PIN.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from smartbank_desktop.backend.kyc.virus_scan import write_body_signature_database
from smartbank_desktop.backend.kyc.worker import WorkerProcess
from smartbank_desktop.backend.process import BackendProcess, fresh_database_url
from tests.backend.factories import aadhaar_number, registration_fields
from tests.backend.kyc.conftest import EICAR_HEX, FACES_DIR
from tests.conftest import require
from tests.support.redis_server import RedisServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

BATCH = 6
PIN = "739164"
FINAL = {"VERIFIED", "MANUAL_REVIEW", "REJECTED"}
DECISION_TIMEOUT = 300


def json_lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(errors="replace").splitlines() if line.startswith("{")]


def cases_in_hand(log: Path) -> set[str]:
    """The task ids this worker has started and not ended (from its JSON lines)."""
    started, ended = set(), set()
    for line in json_lines(log):
        if line.get("logger") == "smartbank_desktop.backend.tasks" and line.get("task") == "kyc.process_kyc_for_profile":
            (started if line["message"].endswith("started") else ended).add(line["task_id"])
    return started - ended


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} within {timeout} s")


def register_batch(http: httpx.Client, start: int, card_and_selfie) -> list[tuple[str, str]]:
    """BATCH registrations, each with its own card (name and number drawn on it); (registration id, number)."""
    from tests.support.sample_cards import CardDetails, card_upload

    made = []
    for n in range(start, start + BATCH):
        number = aadhaar_number(500 + n)
        details = CardDetails("Ramesh Kumar Sharma", date(1952, 8, 15), "M", number, "रमेश कुमार शर्मा")
        card, _ = card_upload(details, card_and_selfie[0])
        fields = registration_fields(n=700 + n, full_name=details.name, aadhaar_number=number, pin=PIN,
                                     date_of_birth=details.date_of_birth.isoformat())
        response = http.post("/api/v1/registrations/", data=fields,
                             files={"aadhaar_card": ("card.png", card, "image/png"),
                                    "selfie": ("me.jpg", card_and_selfie[1], "image/jpeg")})
        assert response.status_code == 201, response.text
        made.append((response.json()["registration_id"], number))
    return made


def statuses(http: httpx.Client, made) -> dict[str, str]:
    return {rid: http.get(f"/api/v1/registrations/{rid}/").json()["status"] for rid, _ in made}


def query(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_every_case_is_decided_when_a_worker_and_then_redis_are_killed(tmp_path):
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        pytest.skip("the reliability suite runs in the PostgreSQL pass")
    require(bool(shutil.which("redis-server") and shutil.which("redis-cli")), "redis-server is not installed")
    database = fresh_database_url(database, "reliability_kyc")
    (tmp_path / "redis").mkdir()
    redis = RedisServer(tmp_path / "redis", persistent=True).start()
    clamav = write_body_signature_database(tmp_path / "clamav", {"Eicar-Test-Signature": bytes.fromhex(EICAR_HEX)})
    env = {"SMARTBANK_HOME": str(tmp_path / "home"), "DATABASE_URL": database, "SMARTBANK_BROKER_URL": redis.url,
           "SMARTBANK_CLAMAV_DATABASE": str(clamav.parent), "SMARTBANK_LOG_FORMAT": "json",
           "SMARTBANK_REGISTRATION_RATE": "1000/min", "OMP_THREAD_LIMIT": "1",
           # A killed run's lease lapses soon and the sweep hands its case on; a case whose message was lost
           # with Redis is enqueued again once it has waited this long.
           "SMARTBANK_KYC_LEASE_SECONDS": "8", "SMARTBANK_KYC_SWEEP_INTERVAL_SECONDS": "1",
           "SMARTBANK_KYC_PENDING_GRACE_SECONDS": "10", "SMARTBANK_KYC_RETRY_BASE_SECONDS": "0.5"}
    env.pop("SMARTBANK_CLAMD_SOCKET", None)
    os.environ.pop("SMARTBANK_CLAMD_SOCKET", None)
    faces = (FACES_DIR / "obama" / "obama.jpg", (FACES_DIR / "obama" / "obama2.jpg").read_bytes())
    logs = tmp_path / "logs"
    logs.mkdir()
    workers = []
    try:
        with BackendProcess(env=env, log_path=logs / "web.log", threads=8) as backend, \
                httpx.Client(base_url=backend.url, timeout=60) as http:
            for name in ("a", "b"):
                workers.append(WorkerProcess(env=env, log_path=logs / f"worker-{name}.log", name=f"kyc-{name}@%h"))
                workers[-1].start()

            # A worker dies holding a case; it is started again.
            first = register_batch(http, 0, faces)
            wait_until(lambda: cases_in_hand(logs / "worker-a.log"), 120, "worker a took no case")
            workers[0].kill()
            workers[0] = WorkerProcess(env=env, log_path=logs / "worker-a.log", name="kyc-a@%h")
            workers[0].start()
            wait_until(lambda: set(statuses(http, first).values()) <= FINAL, DECISION_TIMEOUT,
                       "the first batch was not decided")

            # Redis dies while cases run; it is started again on its port and folder.
            stale = {n: cases_in_hand(logs / f"worker-{n}.log") for n in "ab"}  # the killed run's, never ended
            second = register_batch(http, BATCH, faces)
            wait_until(lambda: any(cases_in_hand(logs / f"worker-{n}.log") - stale[n] for n in "ab"), 120,
                       "no case started")
            redis.kill()
            time.sleep(1)
            redis.start()
            wait_until(lambda: set(statuses(http, second).values()) <= FINAL, DECISION_TIMEOUT,
                       "the second batch was not decided")
            decided = statuses(http, first + second)
    finally:
        for worker in workers:
            worker.stop()
        redis.kill()

    assert len(decided) == 2 * BATCH and set(decided.values()) <= FINAL, decided
    cases = query(database, "SELECT customer_id, status, claimed_by, recoveries, runs FROM kyc_kyccase")
    assert sorted(str(c[0]) for c in cases) == sorted(decided)  # one case per customer
    assert all(status in FINAL and claimed_by == "" for _, status, claimed_by, _, _ in cases), cases
    assert all("Connection to broker lost" in (logs / f"worker-{n}.log").read_text() for n in "ab")
    first_ids = {rid for rid, _ in first}
    assert sum(recoveries for customer, _, _, recoveries, _ in cases if str(customer) in first_ids) >= 1, (
        "the killed worker's case was not handed on")

    # No Aadhaar number in full, and no PIN, in the database or in any log.
    dump = subprocess.run(["pg_dump", "--no-owner", database], capture_output=True, text=True, check=True).stdout
    assert "kyc_kyccase" in dump and len(dump) > 10_000
    texts = {"database dump": dump, **{log.name: log.read_text(errors="replace") for log in logs.glob("*.log")}}
    for where, text in texts.items():
        for _, number in first + second:
            spaced = " ".join(number[i:i + 4] for i in range(0, 12, 4))
            assert number not in text and spaced not in text, f"{number} in the {where}"
        assert f'"{PIN}"' not in text and f" {PIN} " not in text and f"\t{PIN}\t" not in text, f"the PIN in {where}"
