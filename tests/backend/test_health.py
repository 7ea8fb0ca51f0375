"""/healthz and /readyz: in this process on the embedded defaults, then a real server whose broker (a real Redis)
and storage (a real S3 server) are stopped and started again under it."""

from __future__ import annotations

import shutil

import httpx
import pytest

from smartbank_desktop.backend.process import BackendProcess
from tests.conftest import require
from tests.support.redis_server import RedisServer
from tests.support.s3_server import MotoServer

from .kyc.conftest import shared_database_url

pytestmark = pytest.mark.django_db(transaction=True)


def test_healthz_answers_whatever_host_is_asked(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")  # an orchestrator asks by the process's address
    assert response.status_code == 200 and response.json() == {"status": "alive"}
    assert client.get("/api/auth/me/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # the rest keeps the check


def test_readyz_on_the_embedded_defaults_checks_database_broker_and_storage(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "broker": "ok", "storage": "ok"}}


def test_readyz_refuses_when_the_documents_folder_cannot_be_made(client, settings, tmp_path):
    from django.core.files.storage import storages

    (tmp_path / "a-file").write_bytes(b"")  # the folder would have to be made inside a file
    settings.STORAGES = {**settings.STORAGES, "documents": {**settings.STORAGES["documents"],
                                                            "OPTIONS": {"location": tmp_path / "a-file" / "docs"}}}
    assert storages["documents"].inner.location == str(tmp_path / "a-file" / "docs")
    body = client.get("/readyz").json()
    assert body["checks"]["storage"].startswith("unavailable") and body["code"] == "not_ready"


def readyz(url: str) -> tuple[int, dict]:
    response = httpx.get(f"{url}/readyz", timeout=30)
    return response.status_code, response.json()


@pytest.mark.slow
def test_readyz_names_the_broker_or_the_storage_when_it_is_down_and_recovers(tmp_path):
    require(bool(shutil.which("redis-server") and shutil.which("redis-cli")), "redis-server is not installed")
    redis = RedisServer(tmp_path).start()
    s3 = MotoServer(tmp_path / "moto.log").start()
    env = {**s3.environment("smartbank-readyz"), "DATABASE_URL": shared_database_url(),
           "SMARTBANK_HOME": str(tmp_path / "home"), "SMARTBANK_BROKER_URL": f"redis://127.0.0.1:{redis.port}/0"}
    try:
        s3.client().create_bucket(Bucket="smartbank-readyz")
        with BackendProcess(env=env, log_path=tmp_path / "backend.log", server="gunicorn", workers=1) as backend:
            assert readyz(backend.url) == (200, {"status": "ready", "checks": {"database": "ok", "broker": "ok",
                                                                               "storage": "ok"}})
            redis.kill()
            status, body = readyz(backend.url)
            assert status == 503 and body["code"] == "not_ready" and body["detail"] == "Not ready: no answer from broker."
            assert body["checks"]["broker"].startswith("unavailable (") and body["checks"]["storage"] == "ok"
            assert body["checks"]["database"] == "ok"

            redis.start()  # the same port again
            assert readyz(backend.url)[0] == 200

            s3.stop()
            status, body = readyz(backend.url)
            assert status == 503 and body["checks"]["storage"].startswith("unavailable (")
            assert body["checks"]["broker"] == "ok" and body["checks"]["database"] == "ok"
            assert httpx.get(f"{backend.url}/healthz", timeout=10).status_code == 200  # alive all the same
        log = (tmp_path / "backend.log").read_text()
        assert "readiness: the broker does not answer" in log and "readiness: the storage does not answer" in log
    finally:
        s3.stop()
        redis.kill()
