"""The pipeline with RabbitMQ as the broker: the real server and a real worker on this machine's RabbitMQ,
in a virtual host of the test's own (made and removed with rabbitmqctl)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import uuid

import httpx
import pytest

from smartbank_desktop.backend.kyc.models import KycCase
from smartbank_desktop.backend.kyc.worker import WorkerProcess
from smartbank_desktop.backend.process import BackendProcess
from tests.conftest import require

from ..factories import registration_fields
from .conftest import register_and_wait, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def rabbitmq_answers() -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", 5672)) == 0


@pytest.fixture
def rabbitmq_broker():
    require(rabbitmq_answers() and bool(shutil.which("rabbitmqctl")), "RabbitMQ is not running on 127.0.0.1:5672")
    vhost = f"smartbank-test-{uuid.uuid4().hex[:8]}"

    def ctl(*args):
        subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)

    ctl("add_vhost", vhost)
    try:
        ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    finally:
        ctl("delete_vhost", vhost)


def test_registration_is_decided_by_a_worker_on_rabbitmq(people, eicar_database, rabbitmq_broker, tmp_path):
    env = worker_env(eicar_database, SMARTBANK_BROKER_URL=rabbitmq_broker, SMARTBANK_REGISTRATION_RATE="1000/min")
    details = people["details"]
    fields = registration_fields(full_name=details.name, date_of_birth=details.date_of_birth.isoformat(),
                                 aadhaar_number=details.number)
    with BackendProcess(env=env, log_path=tmp_path / "backend.log", threads=4) as backend, \
            WorkerProcess(env=env, log_path=tmp_path / "worker.log"):
        ready = httpx.get(f"{backend.url}/readyz", timeout=30)
        assert ready.status_code == 200 and ready.json()["checks"]["broker"] == "ok"
        registration_id, body = register_and_wait(backend.url, fields, people)
    assert body["status"] == "VERIFIED", body
    assert KycCase.objects.get(customer_id=registration_id).runs == 1
    assert "Connected to amqp://guest:**@127.0.0.1:5672/" in (tmp_path / "worker.log").read_text()
