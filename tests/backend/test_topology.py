"""``smartbank topology up``: the production topology from local processes (this machine's PostgreSQL and
Redis, moto's S3 server, gunicorn with 2 web processes, 2 Celery workers sharing one clamd), reached over
HTTP: it starts, each web process answers /readyz, a registration is decided with its request id in the
web's and a worker's JSON lines, and SIGTERM stops every part."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import httpx
import pytest

from smartbank_desktop.backend.kyc.virus_scan import write_body_signature_database
from smartbank_desktop.backend.process import fresh_database_url
from smartbank_desktop.backend.topology import free_port
from tests.support.redis_server import redis_client

from .factories import registration_fields
from .kyc.conftest import EICAR_HEX, FACES_DIR

pytestmark = pytest.mark.slow

REDIS_URL = "redis://127.0.0.1:6379/7"
FLOWER_LOGIN = "operator:flower-test-password"


def json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def read_line(process: subprocess.Popen, timeout: float) -> dict:
    """The next JSON line the command prints, within ``timeout``."""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise AssertionError(f"the topology printed nothing within {timeout} s")
    line = process.stdout.readline()
    assert line, f"the topology ended (exit status {process.wait()})"
    return json.loads(line)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has ended; only its parent has not collected it yet
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        pytest.skip("the topology runs on PostgreSQL: this test runs in the PostgreSQL pass")
    redis = redis_client(REDIS_URL)
    prefix = f"smartbank-test-{uuid.uuid4().hex[:8]}"
    root = tmp_path_factory.mktemp("topology")
    clamav = write_body_signature_database(root / "clamav", {"Eicar-Test-Signature": bytes.fromhex(EICAR_HEX)}).parent
    env = {**os.environ, "SMARTBANK_CLAMAV_DATABASE": str(clamav), "OMP_THREAD_LIMIT": "1",
           "FLOWER_BASIC_AUTH": FLOWER_LOGIN}
    env.pop("SMARTBANK_CLAMD_SOCKET", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "smartbank_desktop", "topology", "up", "--home", str(root / "home"),
         "--database-url", fresh_database_url(database, "topology"), "--redis-url", REDIS_URL,
         "--redis-prefix", prefix, "--flower", str(free_port())],
        env=env, stdout=subprocess.PIPE, stderr=open(root / "topology.err", "wb"), text=True)
    try:
        up = read_line(process, timeout=240)
        assert up["status"] == "up", up
        up["command"] = process
        yield up
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for key in redis.scan_iter(f"{prefix}*"):
            redis.delete(key)


def test_each_web_process_answers_readyz(topology):
    web = topology["processes"]["web_processes"]
    assert len(web) == 2 and len(topology["processes"]["workers"]) == 2
    assert topology["processes"]["clamd"]  # one clamd for both workers
    for pid in web:
        others = [other for other in web if other != pid]
        for other in others:  # paused, so only ``pid`` can take the connection
            os.kill(other, signal.SIGSTOP)
        try:
            response = httpx.get(f"{topology['url']}/readyz", headers={"X-Request-ID": f"readyz-{pid}"}, timeout=30)
        finally:
            for other in others:
                os.kill(other, signal.SIGCONT)
        assert response.status_code == 200, response.text
        assert response.json()["checks"] == {"database": "ok", "broker": "ok", "storage": "ok"}
    lines = json_lines(Path(topology["logs"]) / "web.log")
    answered = {line["request_id"]: line["process"] for line in lines if line.get("path") == "/readyz"}
    assert {answered.get(f"readyz-{pid}") for pid in web} == set(web)


def test_a_registration_is_decided_with_its_request_id_in_the_web_and_worker_logs(topology):
    from tests.support.sample_cards import CardDetails, card_upload

    details = CardDetails("Sita Devi Iyer", date(1948, 1, 3), "F", "234123412346", "सीता देवी अय्यर")
    card, _ = card_upload(details, FACES_DIR / "eileen_collins" / "astronaut.png")
    fields = registration_fields(full_name=details.name, date_of_birth=details.date_of_birth.isoformat(),
                                 aadhaar_number=details.number)
    request_id = f"topology-{uuid.uuid4().hex[:12]}"
    with httpx.Client(base_url=topology["url"], timeout=30) as http:
        response = http.post("/api/v1/registrations/", data=fields, headers={"X-Request-ID": request_id},
                             files={"aadhaar_card": ("card.png", card, "image/png"),
                                    "selfie": ("me.png", (FACES_DIR / "eileen_collins" / "astronaut.png").read_bytes(),
                                               "image/png")})
        assert response.status_code == 201, response.text
        assert response.headers["X-Request-ID"] == request_id
        registration_id = response.json()["registration_id"]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = http.get(f"/api/v1/registrations/{registration_id}/").json()["status"]
            if status not in ("PENDING", "PROCESSING"):
                break
            time.sleep(0.3)
    assert status == "VERIFIED"
    logs = Path(topology["logs"])
    web = [line for line in json_lines(logs / "web.log") if line.get("request_id") == request_id]
    assert [(line["method"], line["path"], line["status"]) for line in web] == [
        ("POST", "/api/v1/registrations/", 201)]
    assert web[0]["process"] in topology["processes"]["web_processes"]
    worker = [line for log in sorted(logs.glob("worker-*.log")) for line in json_lines(log)
              if line.get("request_id") == request_id]
    assert "task kyc.process_kyc_for_profile ended: SUCCESS" in [line["message"] for line in worker]
    assert len({line["task_id"] for line in worker}) == 1
    # Nothing of the customer's number in any part's log, in full.
    for log in logs.glob("*.log"):
        text = log.read_text()
        assert details.number not in text and "2341 2341 2346" not in text, log.name


def test_flower_sees_both_workers_behind_its_password(topology):
    url = f"{topology['flower']}/api/workers"
    assert httpx.get(url, timeout=30).status_code == 401
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = httpx.get(url, params={"refresh": "1"}, auth=tuple(FLOWER_LOGIN.split(":")), timeout=30).json()
        if len(workers) == 2:
            break
        time.sleep(1)
    assert sorted(name.split("-")[0] for name in workers) == ["kyc1", "kyc2"]
    assert all(worker["stats"]["pool"]["max-concurrency"] == 1 for worker in workers.values())


def test_sigterm_stops_every_part(topology):
    process = topology["command"]
    pids = [topology["processes"][name] for name in ("s3", "web", "clamd", "flower")]
    pids += topology["processes"]["web_processes"] + topology["processes"]["workers"]
    process.send_signal(signal.SIGTERM)
    assert read_line(process, timeout=90) == {"status": "down"}
    assert process.wait(timeout=30) == 0
    assert [pid for pid in pids if alive(pid)] == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{topology['url']}/healthz", timeout=5)
