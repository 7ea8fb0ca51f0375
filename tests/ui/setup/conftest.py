"""The setup wizard under test: the real server and a real KYC worker (with a private clamd on a
one-signature database) on their own data folder, database and embedded broker, with two demo customers;
app windows on it whose data folder is the test's own (so what the wizard keeps between runs is seen)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.biometrics.media import FACES

EICAR_HEX = (  # the EICAR anti-virus test string, as hex (tests/backend/kyc/conftest.py keeps the same)
    "58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e"
    "444152442d414e544956495255532d544553542d46494c452124482b482a"
)


@pytest.fixture(scope="session")
def setup_bank(tmp_path_factory):
    from smartbank_desktop.backend.kyc.virus_scan import write_body_signature_database
    from smartbank_desktop.backend.kyc.worker import WorkerProcess
    from smartbank_desktop.backend.process import BackendProcess, fresh_database_url

    home = tmp_path_factory.mktemp("setup-bank")
    signatures = home / "clamav"
    signatures.mkdir()
    write_body_signature_database(signatures, {"Eicar-Test-Signature": bytes.fromhex(EICAR_HEX)})
    database = os.environ.get("DATABASE_URL", "")
    database = (fresh_database_url(database, "setup_wizard_test") if database.startswith("postgres")
                else f"sqlite:///{home / 'smartbank.sqlite3'}")
    env = {"SMARTBANK_HOME": str(home), "DATABASE_URL": database,
           "SMARTBANK_BROKER_URL": f"sqla+sqlite:///{home / 'broker.sqlite3'}",
           "SMARTBANK_REGISTRATION_RATE": "1000/min", "SMARTBANK_SIGN_IN_RATE": "1000/min",
           "SMARTBANK_CLAMAV_DATABASE": str(signatures), "SMARTBANK_CLAMD_SOCKET": "", "OMP_THREAD_LIMIT": "1",
           "SMARTBANK_KYC_RETRY_BASE_SECONDS": "0.5", "SMARTBANK_KYC_SWEEP_INTERVAL_SECONDS": "1"}
    backend = BackendProcess(env=env, log_path=home / "backend.log").start()
    backend.demo_customers = json.loads(backend.manage("seed_demo", "--customers", "2", "--json"))
    worker = WorkerProcess(env=env, log_path=home / "worker.log").start()
    yield backend
    worker.stop()
    backend.stop()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """This test's own data folder: what the wizard keeps between runs goes there."""
    folder = tmp_path / "home"
    monkeypatch.setenv("SMARTBANK_HOME", str(folder))
    return folder


@pytest.fixture
def open_app(qapp, qtbot, setup_bank, tmp_path):
    """``open_app(**options)``: an app window on the setup bank that keeps its data folder (as at home)."""
    from smartbank_desktop.ui.app import SmartBankApp

    opened = []

    def make(**options):
        options.setdefault("speech_play", False)
        options.setdefault("speech_record", tmp_path / f"speech{len(opened)}")
        options.setdefault("remember_customers", False)
        app = SmartBankApp(setup_bank.url, **options)
        qtbot.addWidget(app.window)
        app.window.resize(1366, 768)
        app.start()
        opened.append(app)
        return app

    yield make
    for app in opened:
        if not app.closed:
            app.close()


@pytest.fixture
def camera(tmp_path) -> Path:
    """The camera: a folder of pictures the test fills (``show(camera, *frames)``)."""
    folder = tmp_path / "camera"
    folder.mkdir()
    return folder


def show(folder: Path, *frames: np.ndarray) -> None:
    """What the camera sees from now on (BGR pictures, played in order)."""
    for old in folder.glob("*.png"):
        old.unlink()
    for i, frame in enumerate(frames):
        cv2.imwrite(str(folder / f"frame{i:02d}.png"), frame)


def bgr(image) -> np.ndarray:
    return cv2.cvtColor(np.array(image.convert("RGB")), cv2.COLOR_RGB2BGR)


def card_holder(number: str):
    """A card holder whose drawn card the KYC pipeline verifies against a selfie of the same man
    (tests/backend/kyc: Ramesh, with the photo obama.jpg on the card and obama2.jpg as the selfie)."""
    from tests.support.sample_cards import CardDetails

    return CardDetails("Ramesh Kumar Sharma", date(1952, 8, 15), "M", number, "रमेश कुमार शर्मा")


CARD_FACE = FACES / "obama" / "obama.jpg"
SELFIE = FACES / "obama" / "obama2.jpg"
