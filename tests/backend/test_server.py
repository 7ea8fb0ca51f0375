"""The real server: `smartbank serve` under waitress, reached over HTTP with httpx."""

from __future__ import annotations

import uuid

import httpx
import pytest

from .factories import image_bytes, pdf_bytes, registration_fields


@pytest.fixture
def http(live_backend):
    with httpx.Client(base_url=live_backend.url, timeout=30) as client:
        yield client


def sign_in(http, demo) -> dict:
    response = http.post("/api/auth/login/", json={"username": demo["mobile"], "pin": demo["pin"]})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


def test_registration_over_real_multipart_http(http):
    fields = registration_fields(n=9001)
    files = {"aadhaar_card": ("card.pdf", pdf_bytes(), "application/pdf"),
             "selfie": ("selfie.jpg", image_bytes(), "image/jpeg")}
    response = http.post("/api/v1/registrations/", data=fields, files=files)
    assert response.status_code == 201, response.text
    registration = response.json()
    status = http.get(f"/api/v1/registrations/{registration['registration_id']}/")
    assert status.json()["status"] == "PENDING"
    again = http.post("/api/v1/registrations/", data=fields, files=files)
    assert again.status_code == 409


def test_sign_in_transfer_and_history_over_http(http, live_backend):
    alice, bob = live_backend.demo_customers[:2]
    headers = sign_in(http, alice)
    key = str(uuid.uuid4())
    body = {"from_account": alice["account"], "to_account": bob["account"], "amount_paise": 1_234_56}
    first = http.post("/api/transactions/", json=body, headers={**headers, "Idempotency-Key": key})
    assert first.status_code == 201, first.text
    replay = http.post("/api/transactions/", json=body, headers={**headers, "Idempotency-Key": key})
    assert replay.json()["reference"] == first.json()["reference"]
    history = http.get("/api/transactions/history/", headers=headers).json()
    assert history["results"][0]["reference"] == first.json()["reference"]
    assert history["results"][0]["counterparty_name"] == bob["name"]


def test_schema_is_served(http):
    schema = http.get("/api/schema/", params={"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/registrations/", "/api/v1/registrations/{registration_id}/", "/api/auth/login/",
                 "/api/transactions/", "/api/transactions/history/", "/api/v1/accounts/", "/api/v1/payees/"):
        assert path in paths


def test_staff_pages_come_with_their_styles(http):
    login = http.get("/admin/login/")
    assert login.status_code == 200
    css = http.get("/static/admin/css/base.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"] and "body" in css.text


def test_the_data_folder_and_all_the_backend_writes_there_are_its_users_alone(tmp_path):
    """The backend makes its data folder, database, broker queue, keys and documents: none readable by others."""
    import os
    import stat

    from smartbank_desktop.backend.process import BackendProcess

    home = tmp_path / "new" / "SmartBank"  # the backend creates it
    env = {"SMARTBANK_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'smartbank.sqlite3'}",
           "SMARTBANK_BROKER_URL": f"sqla+sqlite:///{home / 'broker.sqlite3'}"}
    usual = os.umask(0o022)  # started as a login shell starts it, not with this test process's umask
    try:
        backend = BackendProcess(env=env, log_path=tmp_path / "backend.log").start()
    finally:
        os.umask(usual)
    try:
        with httpx.Client(base_url=backend.url, timeout=30) as http:
            files = {"aadhaar_card": ("card.jpg", image_bytes(), "image/jpeg"),
                     "selfie": ("selfie.jpg", image_bytes(), "image/jpeg")}
            assert http.post("/api/v1/registrations/", data=registration_fields(n=9101), files=files).status_code == 201
    finally:
        backend.stop()
    written = {path.relative_to(home).parts[0] for path in home.rglob("*")}
    assert {"smartbank.sqlite3", "broker.sqlite3", "secret_key", "data_key", "documents"} <= written
    open_to_others = {str(path.relative_to(tmp_path)): oct(stat.S_IMODE(path.stat().st_mode))
                      for path in [home, *home.rglob("*")] if path.stat().st_mode & 0o077}
    assert open_to_others == {}


@pytest.mark.slow
def test_gunicorn_serves_with_many_processes_and_replaces_one_that_is_killed(tmp_path):
    import os
    import signal
    import time

    from smartbank_desktop.backend.process import BackendProcess
    from smartbank_desktop.backend.topology import children_of

    env = {"SMARTBANK_HOME": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'bank.sqlite3'}"}
    database = os.environ.get("DATABASE_URL", "")
    if database.startswith("postgres"):
        from smartbank_desktop.backend.process import fresh_database_url

        env["DATABASE_URL"] = fresh_database_url(database, "gunicorn_test")
    with BackendProcess(env=env, log_path=tmp_path / "backend.log", server="gunicorn", workers=2) as backend:
        deadline = time.monotonic() + 60
        while len(children_of(backend.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        first = children_of(backend.process.pid)
        assert len(first) == 2
        assert httpx.get(f"{backend.url}/healthz", timeout=10).headers["server"] == "gunicorn"
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = children_of(backend.process.pid)
            if len(now) == 2 and first[0] not in now:
                break
            time.sleep(0.2)
        assert first[0] not in now and first[1] in now and len(now) == 2
        assert httpx.get(f"{backend.url}/readyz", timeout=30).status_code == 200
