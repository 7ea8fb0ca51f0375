"""What the setup keeps between runs: never a PIN, the Aadhaar number or a photo; where a later run carries on."""

from __future__ import annotations

import json

from smartbank_desktop.core.paths import data_dir
from smartbank_desktop.ui.setup import state as store
from smartbank_desktop.ui.setup.state import SetupState


def test_only_plain_fields_are_written_and_the_file_is_its_users_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTBANK_HOME", str(tmp_path))
    state = SetupState(step="selfie", language="hi", aadhaar_masked="XXXX XXXX 0123",
                       form={"full_name": "Kamala Devi", "mobile": "9876543210", "aadhaar_number": "234567890124",
                             "pin": "4826"})
    store.save(state)
    path = data_dir() / store.FILE_NAME
    written = path.read_text(encoding="utf-8")
    assert "234567890124" not in written and "4826" not in written
    assert json.loads(written)["form"] == {"full_name": "Kamala Devi", "mobile": "9876543210"}
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = store.load()
    assert loaded.language == "hi" and loaded.aadhaar_masked == "XXXX XXXX 0123"
    store.forget()
    assert store.load() is None


def test_before_the_registration_is_sent_a_later_run_starts_again_at_the_form():
    for step in ("card", "selfie", "pin"):
        assert SetupState(step=step, form={"full_name": "K"}).resume_step() == "details"
    assert SetupState(step="details").resume_step() == "details"
    assert SetupState(step="language").resume_step() == "language"


def test_after_the_registration_is_sent_a_later_run_carries_on_at_its_step():
    for step in ("kyc", "account", "face", "passcodes"):
        assert SetupState(step=step, registration_id="abc").resume_step() == step
    assert SetupState(step="no such step").resume_step() == "language"


def test_a_damaged_file_is_a_setup_not_begun(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTBANK_HOME", str(tmp_path))
    for text in ("{not json", "[1, 2]", '{"step": "kyc", "form": "text"}', '{"unknown": 1, "done": 3}'):
        (data_dir() / store.FILE_NAME).write_text(text)
        assert store.load() is None, text
