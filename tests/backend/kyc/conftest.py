"""Fixtures for the KYC engine tests: ClamAV with a one-signature EICAR database, sample card holders."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartbank_desktop.backend.kyc.virus_scan import ClamdProcess, write_body_signature_database

FACES_DIR = Path(__file__).resolve().parents[2] / "data" / "faces"

# The EICAR anti-virus test file, kept as hex so no scanner flags this source file.
EICAR_HEX = (
    "58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e"
    "444152442d414e544956495255532d544553542d46494c452124482b482a"
)
EICAR_SIGNATURE_NAME = "Eicar-Test-Signature"


@pytest.fixture(scope="session")
def eicar_bytes() -> bytes:
    return bytes.fromhex(EICAR_HEX)


@pytest.fixture(scope="session")
def eicar_database(tmp_path_factory, eicar_bytes) -> Path:
    """A folder holding one ``.ndb`` body signature for the EICAR test string."""
    folder = tmp_path_factory.mktemp("clamav-db")
    write_body_signature_database(folder, {EICAR_SIGNATURE_NAME: eicar_bytes})
    return folder


@pytest.fixture(scope="session")
def clamd_process(eicar_database):
    """A real clamd started by hand on the EICAR database, for the whole session."""
    with ClamdProcess(eicar_database) as process:
        yield process


@pytest.fixture(scope="session")
def face_photo() -> Path:
    return FACES_DIR / "obama" / "obama.jpg"


@pytest.fixture(scope="session")
def sample_people():
    """Card holders for the OCR tests: details and the face photo on their card."""
    from datetime import date

    from tests.support.sample_cards import CardDetails

    return {
        "ramesh": (CardDetails("Ramesh Kumar Sharma", date(1952, 8, 15), "M", "491417776311",
                               "रमेश कुमार शर्मा"), FACES_DIR / "obama" / "obama.jpg"),
        "sita": (CardDetails("Sita Devi Iyer", date(1948, 1, 3), "F", "234123412346", "सीता देवी अय्यर"),
                 FACES_DIR / "eileen_collins" / "astronaut.png"),
        "mohan": (CardDetails("Mohan Lal Gupta", date(1960, 12, 31), "M", "987654321096", "मोहन लाल गुप्ता"),
                  FACES_DIR / "biden" / "biden.jpg"),
    }


@pytest.fixture(scope="session")
def read_card(sample_people):
    """``read_card(person, variant)``: OCR of a generated upload, each read once per session."""
    from smartbank_desktop.backend.kyc.ocr import read_aadhaar
    from tests.support.sample_cards import card_upload

    cache = {}

    def read(person: str, variant: str = "clean"):
        if (person, variant) not in cache:
            details, face = sample_people[person]
            data, _ = card_upload(details, face, variant)
            cache[person, variant] = (data, read_aadhaar(data))
        return cache[person, variant]

    return read


# ---------------------------------------------------------------- the pipeline end to end

def shared_database_url() -> str:
    """The URL of the database pytest-django created, for processes that must share it."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}/{settings['NAME']}"


def worker_env(eicar_database, **extra) -> dict:
    """A worker on this run's data folder (same keys, documents and embedded broker) and test database."""
    import base64

    from django.conf import settings

    from smartbank_desktop.backend.celery_app import app as celery_app
    from smartbank_desktop.core import paths

    env = {
        # The data folder and broker this process's settings use (not necessarily $SMARTBANK_HOME:
        # pytest-django may read the settings before tests/conftest.py sets it).
        "SMARTBANK_HOME": str(settings.DATA_DIR),
        "SMARTBANK_BROKER_URL": celery_app.conf.broker_url,
        "SMARTBANK_DATA_KEY": base64.urlsafe_b64encode(paths.data_encryption_key()).decode(),
        "DATABASE_URL": shared_database_url(),
        "SMARTBANK_CLAMAV_DATABASE": str(eicar_database),  # the worker starts its own clamd on it
        "OMP_THREAD_LIMIT": "1",
        "SMARTBANK_KYC_RETRY_BASE_SECONDS": "0.5",
        "SMARTBANK_KYC_SWEEP_INTERVAL_SECONDS": "1",
    }
    env.pop("SMARTBANK_CLAMD_SOCKET", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


@pytest.fixture(scope="session", autouse=True)
def private_broker(tmp_path_factory):
    """This test run's own embedded broker, so runs side by side never take each other's tasks."""
    from smartbank_desktop.backend.celery_app import app

    url = f"sqla+sqlite:///{tmp_path_factory.mktemp('broker') / 'broker.sqlite3'}"
    previous = app.conf.broker_url
    app.conf.broker_url = url
    app._after_fork()  # drop pooled connections to the old broker
    yield url
    app.conf.broker_url = previous
    app._after_fork()


@pytest.fixture(scope="module")
def kyc_worker(django_db_setup, django_db_blocker, eicar_database, tmp_path_factory):
    """A real ``smartbank worker`` process (prefork, one child, private clamd) on the embedded broker."""
    import os

    from smartbank_desktop.backend.kyc.worker import WorkerProcess

    os.environ.pop("SMARTBANK_CLAMD_SOCKET", None)
    log_path = tmp_path_factory.mktemp("kyc-worker") / "worker.log"
    with django_db_blocker.unblock():
        env = worker_env(eicar_database)
    worker = WorkerProcess(env=env, log_path=log_path)
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture(scope="session")
def people(sample_people):
    """Card uploads and selfies for the end-to-end cases (each card drawn once)."""
    from tests.support.sample_cards import card_upload

    ramesh, ramesh_face = sample_people["ramesh"]
    return {
        "details": ramesh,
        "card": card_upload(ramesh, ramesh_face, "clean")[0],
        "blurred_card": card_upload(ramesh, ramesh_face, "blurred")[0],
        "selfie": (FACES_DIR / "obama" / "obama2.jpg").read_bytes(),
        "other_selfie": (FACES_DIR / "biden" / "biden.jpg").read_bytes(),
    }


@pytest.fixture(scope="session")
def eicar_pdf(eicar_bytes) -> bytes:
    """A real, parseable PDF carrying the EICAR test string inside it, as a comment in its page's content
    (a file that goes on after its end is refused on receipt; PDFs are stored as sent, so the virus scan is
    what stops this)."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=850, height=540)
    content = DecodedStreamObject()
    content.set_data(b"%" + eicar_bytes + b"\n")
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert eicar_bytes in buffer.getvalue()
    return buffer.getvalue()


def register_and_wait(url: str, fields: dict, people: dict, seconds: float = 90) -> tuple[str, dict]:
    """Register through the real API with the sample card and selfie, then follow the case until it is decided
    (or ``seconds`` pass): the registration id and the last answer."""
    import time

    import httpx

    response = httpx.post(f"{url}/api/v1/registrations/", data=fields, timeout=30,
                          files={"aadhaar_card": ("card.png", people["card"], "image/png"),
                                 "selfie": ("me.jpg", people["selfie"], "image/jpeg")})
    assert response.status_code == 201, response.text
    registration_id = response.json()["registration_id"]
    deadline = time.monotonic() + seconds
    while True:
        body = httpx.get(f"{url}/api/v1/registrations/{registration_id}/", timeout=10).json()
        if body["status"] not in ("PENDING", "PROCESSING") or time.monotonic() > deadline:
            return registration_id, body
        time.sleep(0.2)
