"""Where the setup stands, kept in the data folder between runs so a helper can stop and carry on later.

Only what is safe to leave on a shared computer is written: the step reached,
the chosen language, the registration form's plain fields, the Aadhaar number
masked (``XXXX XXXX 1234``), the registration's id and which steps are done.
Never a PIN, a passcode secret, the full Aadhaar number or a photograph: what
needs one of those is done again after a restart (the Aadhaar number typed
again, the photos taken again, the PIN typed to sign in).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from smartbank_desktop.core.paths import data_dir

FILE_NAME = "setup.json"

# The steps in order. "sign_in" is not one of them: it is shown when a later step needs the new customer's
# session and this run has none yet (after a restart), and then goes on to the step it was asked for.
STEPS = ("language", "details", "card", "selfie", "pin", "kyc", "account", "face", "voice", "passcodes",
         "payees", "try_sign_in", "finished")
BEFORE_SUBMISSION = ("language", "details", "card", "selfie", "pin")
NEEDS_SESSION = ("account", "face", "voice", "passcodes", "payees")
FORM_FIELDS = ("full_name", "email", "mobile", "date_of_birth", "address")  # kept; the Aadhaar number is not


@dataclass
class SetupState:
    step: str = "language"
    language: str = "en"
    form: dict[str, str] = field(default_factory=dict)  # the registration form's plain fields
    aadhaar_masked: str = ""
    registration_id: str = ""
    username: str = ""  # the mobile number the bank registered, to sign in with
    done: list[str] = field(default_factory=list)  # steps finished, in the order they were finished

    @property
    def submitted(self) -> bool:
        return bool(self.registration_id)

    def mark_done(self, step: str) -> None:
        if step not in self.done:
            self.done.append(step)

    def safe(self) -> dict:
        """What may be written down: the form without anything but its plain fields."""
        kept = asdict(self)
        kept["form"] = {k: str(v) for k, v in self.form.items() if k in FORM_FIELDS}
        return kept

    def resume_step(self) -> str:
        """Where a later run carries on. Before the registration is sent, the photos and the Aadhaar number
        (never kept) are needed again: the form comes back with its plain fields filled in."""
        if self.step not in STEPS:
            return "language"
        if not self.submitted and self.step in BEFORE_SUBMISSION[2:]:
            return "details"
        return self.step


def _path() -> Path:
    return data_dir() / FILE_NAME


def load() -> SetupState | None:
    """The setup left half-way on this computer, or None."""
    try:
        raw = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    known = {f.name for f in fields(SetupState)}
    try:
        state = SetupState(**{k: v for k, v in raw.items() if k in known})
    except TypeError:
        return None
    if not isinstance(state.form, dict) or not isinstance(state.done, list):
        return None
    state.form = {k: str(v) for k, v in state.form.items() if k in FORM_FIELDS}
    return state


def save(state: SetupState) -> None:
    path = _path()
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state.safe(), indent=1, ensure_ascii=False), encoding="utf-8")
    temporary.chmod(0o600)
    temporary.replace(path)


def forget() -> None:
    _path().unlink(missing_ok=True)
