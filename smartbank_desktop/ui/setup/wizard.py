"""The setup wizard's conductor: which step comes next, what is kept between runs, the new customer's session.

A family helper sets SmartBank up for someone new, in their presence. What is
typed and photographed lives here in memory while the app runs; what is safe
to keep is written to the data folder at every step (:mod:`.state`), so a
later run carries on where this one stopped. The new customer's sign-in is a
client of its own, with its tokens in memory only: the app's own session (a
customer signed in on this window) is never touched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from smartbank_desktop.core.aadhaar import mask

from . import state as store
from .state import NEEDS_SESSION, STEPS, SetupState

if TYPE_CHECKING:
    from smartbank_desktop.client.api import BankClient

log = logging.getLogger(__name__)


class Photo:
    """A photograph taken or chosen in this run (never written to disk): its bytes and their kind."""

    def __init__(self, content: bytes, suffix: str):
        self.content, self.suffix = content, suffix

    @property
    def mime(self) -> str:
        return {".png": "image/png", ".pdf": "application/pdf"}.get(self.suffix, "image/jpeg")


class SetupWizard(QObject):
    changed = Signal()  # the setup began, moved on or ended (the welcome screen's entry button follows it)

    def __init__(self, app):
        super().__init__()
        self.app = app
        self.state: SetupState | None = store.load() if app.keep_preferences else None
        self._client: BankClient | None = None
        # In memory for this run only.
        self.aadhaar = ""
        self.card: Photo | None = None
        self.selfie: Photo | None = None
        self.pin = ""
        self.field_errors: dict[str, list[str]] = {}
        self.taken: set[str] = set()  # fields the bank said are registered already
        self.local_errors: set[str] = set()  # fields the form itself refused (empty, not a date)
        self.after_sign_in = ""  # the step the sign-in step goes on to

    # ------------------------------------------------------------ the new customer's bank session
    @property
    def client(self) -> BankClient:
        if self._client is None:
            from smartbank_desktop.client.api import BankClient

            self._client = BankClient(self.app.url)  # no token store: tokens in memory only
        return self._client

    @property
    def signed_in(self) -> bool:
        return self._client is not None and self._client.signed_in

    def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            try:
                client.close()
            except Exception:  # noqa: BLE001 - closing never fails the window
                log.exception("closing the setup's client failed")

    # ------------------------------------------------------------ moving between steps
    def begin(self) -> None:
        """"Set up SmartBank for someone new", or carry on with the setup left half-way."""
        if self.state is None:
            self.state = SetupState(language=self.app.prefs.language)
            self.go("language")
            return
        self.use_language(self.state.language)
        self.go(self.state.resume_step())

    def go(self, step: str, *, speak: bool = True, **shown) -> None:
        if step in NEEDS_SESSION and not self.signed_in:
            self.after_sign_in = step
            self._keep(step)
            if self.pin and self.state.username:  # chosen in this run: signed in with it, not asked again
                client, username, pin = self.client, self.state.username, self.pin
                self.app.ops.run(lambda: client.sign_in(username, pin), lambda _: self.go(step),
                                 lambda exc: self._ask_pin(exc))
                return
            self.app.go("setup_sign_in")
            return
        self._keep(step)
        self.app.go(f"setup_{step}", speak=speak, **shown)

    def _ask_pin(self, exc: BaseException) -> None:
        self.pin = ""
        self.app.go("setup_sign_in")
        self.app.screen("setup_sign_in").show_message(self.app.tell_failure(exc, speak=False))

    def _keep(self, step: str) -> None:
        if self.state is None:
            self.state = SetupState(language=self.app.prefs.language)
        self.state.step = step
        self.save()

    def save(self) -> None:
        if self.state is not None and self.app.keep_preferences:
            store.save(self.state)
        self.changed.emit()

    def next(self, step: str) -> None:
        self.state.mark_done(step)
        if step == "selfie" and self.state.submitted:  # new photos after a rejection: sent as a new attempt
            self.submit()
            return
        if step == "selfie" and self.ready_to_send():  # retaken after a refusal: the PIN is still here
            self.submit()
            return
        self.go(self.following(step))

    def skip(self, step: str) -> None:
        self.go(self.following(step))

    @staticmethod
    def following(step: str) -> str:
        return STEPS[min(STEPS.index(step) + 1, len(STEPS) - 1)]

    def can_go_back(self, step: str) -> bool:
        """Back within the form and photos; once the registration is sent, only forward."""
        if step not in STEPS or STEPS.index(step) == 0 or step == "kyc":  # what is sent is not taken back
            return False
        if self.state is not None and self.state.submitted:
            return STEPS.index(step) > STEPS.index("account")
        return True

    def back(self, step: str) -> None:
        if self.can_go_back(step):
            self.go(STEPS[STEPS.index(step) - 1])

    def stop(self) -> None:
        """"Stop for now": everything safe to keep is kept; the next run carries on from this step."""
        self.app.interrupt()
        self.save()
        self.app.go("welcome")
        self.app.say(self.app.words("setup.stopped"))

    def finish(self) -> None:
        """The setup is over: nothing of it is kept."""
        store.forget()
        self.state = None
        self.aadhaar, self.card, self.selfie, self.pin = "", None, None, ""
        self.close()
        self.changed.emit()
        self.app.go("welcome")

    # ------------------------------------------------------------ what the steps set
    def use_language(self, language: str) -> None:
        from dataclasses import replace

        if self.state is not None:
            self.state.language = language
        if self.app.prefs.language != language:
            self.app.apply_preferences(replace(self.app.prefs, language=language), save=self.app.keep_preferences)

    def set_aadhaar(self, number: str) -> None:
        digits = "".join(ch for ch in number if ch.isdigit())
        self.aadhaar = digits
        self.state.aadhaar_masked = mask(digits) if len(digits) >= 4 else ""

    def registration_fields(self) -> dict:
        return {**self.state.form, "aadhaar_number": self.aadhaar, "pin": self.pin}

    def customer_name(self) -> str:
        return (self.state.form.get("full_name", "") if self.state else "").strip()

    def registered(self, registration_id: str, username: str) -> None:
        """The bank has the registration: its id is kept; the documents and the number are let go."""
        self.state.registration_id, self.state.username = registration_id, username
        self.aadhaar, self.card, self.selfie = "", None, None
        self.field_errors = {}
        self.state.mark_done("pin")
        self.save()

    # ------------------------------------------------------------ sending the registration
    def set_errors(self, errors: dict[str, list[str]], *, taken=(), local: bool = False) -> None:
        """The reasons per field to show on the form: the bank's (or the form's own, ``local``)."""
        self.field_errors = {str(k): [str(v) for v in (vs if isinstance(vs, list) else [vs])]
                             for k, vs in errors.items()}
        self.taken = set(taken)
        self.local_errors = set(self.field_errors) if local else set()

    def ready_to_send(self) -> bool:
        return bool(self.card and self.selfie and self.pin and self.aadhaar)

    def submit(self) -> None:
        """Send the registration (or, after a rejection, the new documents): the KYC step does it."""
        self.go("kyc", send=True)

    def send(self) -> dict:
        """The registration, or the new documents of a rejected one (call off the Qt thread)."""
        from smartbank_desktop.core.phone import normalise_mobile

        if self.state.submitted:
            if not self.signed_in:
                self.client.sign_in(self.state.username, self.pin)
            return self.client.upload_documents(self.state.registration_id, aadhaar_card=self.card.content,
                                                selfie=self.selfie.content)
        answer = self.client.register(self.registration_fields(), aadhaar_card=self.card.content,
                                      selfie=self.selfie.content)
        answer["username"] = normalise_mobile(self.state.form["mobile"])
        return answer

    def refused_registration(self, refusal) -> str:
        """Where a refusal of the registration belongs: the form's fields, the PIN, or this step ("")."""
        from smartbank_desktop.core.refusals import Code

        if refusal.code == Code.INVALID_INPUT:
            errors = dict(refusal.facts.get("errors") or {})
            self.set_errors(errors)
            if set(errors) & {"full_name", "email", "mobile", "date_of_birth", "aadhaar_number", "address"}:
                return "details"
            if "pin" in errors:
                self.pin = ""
                return "pin"
            if "aadhaar_card" in errors:
                self.card = None
                return "card"
            if "selfie" in errors:
                self.selfie = None
                return "selfie"
        if refusal.code == Code.ALREADY_REGISTERED:
            fields = [f for f in refusal.facts.get("fields") or [] if isinstance(f, str)] or ["mobile"]
            self.set_errors({f: [refusal.detail] for f in fields}, taken=fields)
            return "details"
        return ""
