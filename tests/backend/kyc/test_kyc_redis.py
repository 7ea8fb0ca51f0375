"""The same pipeline at scale: the real server and a real worker on Redis (a database index other than 0)."""

from __future__ import annotations

import pytest

from smartbank_desktop.backend.kyc.models import KycCase
from smartbank_desktop.backend.kyc.worker import WorkerProcess
from smartbank_desktop.backend.process import BackendProcess
from tests.support.redis_server import redis_client

from ..factories import registration_fields
from .conftest import register_and_wait, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def redis_broker():
    client = redis_client(REDIS_URL)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


def test_registration_through_the_server_is_decided_by_a_worker_on_redis(people, eicar_database, redis_broker,
                                                                         tmp_path):
    env = worker_env(eicar_database, SMARTBANK_BROKER_URL=redis_broker, SMARTBANK_REGISTRATION_RATE="1000/min")
    details = people["details"]
    fields = registration_fields(full_name=details.name, date_of_birth=details.date_of_birth.isoformat(),
                                 aadhaar_number=details.number)
    with BackendProcess(env=env, log_path=tmp_path / "backend.log", threads=4) as backend, \
            WorkerProcess(env=env, log_path=tmp_path / "worker.log"):
        registration_id, body = register_and_wait(backend.url, fields, people)
    assert body["status"] == "VERIFIED", body
    case = KycCase.objects.get(customer_id=registration_id)
    assert case.runs == 1 and case.face_match is True
    assert "Connected to redis://" in (tmp_path / "worker.log").read_text()
