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

    from smartbank_desktop.backend.kyc.sample_cards import CardDetails

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
    from smartbank_desktop.backend.kyc.sample_cards import card_upload

    cache = {}

    def read(person: str, variant: str = "clean"):
        if (person, variant) not in cache:
            details, face = sample_people[person]
            data, _ = card_upload(details, face, variant)
            cache[person, variant] = (data, read_aadhaar(data))
        return cache[person, variant]

    return read
