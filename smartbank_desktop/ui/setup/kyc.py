"""Step 6: the registration sent, then its KYC check followed live until the bank decides.

VERIFIED goes on to the first account; MANUAL_REVIEW says that a member of
staff will check the documents and what to expect (the helper may stop here
and carry on another day: the wizard looks again when it comes back);
REJECTED says what to fix and takes new photos, sent as a new attempt. A
refusal of the registration itself goes back to the step it concerns (the
form, the PIN or a photo), with everything typed kept.
"""

from __future__ import annotations

from itertools import zip_longest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar

from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import Refusal
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import WizardStep

POLL_MS = 1500
REVIEW_POLL_MS = 10_000  # a person decides: no need to ask often
STAGES = {KycStatus.PENDING: 1, KycStatus.PROCESSING: 2, KycStatus.VERIFIED: 3, KycStatus.MANUAL_REVIEW: 3,
          KycStatus.REJECTED: 3}


class KycStep(WizardStep):
    step = "kyc"

    def __init__(self, app):
        super().__init__(app)
        self.progress = QProgressBar()
        self.progress.setRange(0, 3)
        self.progress.setTextVisible(False)
        self.status = label(role="title")
        self.explain = label(role="large")
        self.reasons = label(role="large")
        self.retake_button = BigButton(kind="confirm")
        self.retake_button.clicked.connect(self.retake)
        self.retry_button = BigButton(kind="confirm")
        self.retry_button.clicked.connect(self.send)
        # The bank's reasons straight under its decision, before the general advice: read in the order said.
        for widget in (self.progress, self.status, self.reasons, self.explain, self.retake_button,
                       self.retry_button):
            self.content.addWidget(widget)
        self.finish_layout()
        self.current: KycStatus | None = None
        self.details: list[tuple[str, str]] = []  # the bank's reasons: (code, its sentence)
        self.attempt = 0
        self.said: tuple | None = None
        self.sending = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.poll)

    # -- texts
    def spoken(self) -> str:
        if self.sending:
            return self.w("sending")
        if self.current is None:
            return self.w("say")
        said = [text for text, in_language in self.reasons_in_language() if in_language]  # others only shown
        return " ".join([self._status_words(), *said, self._explain_words()]).strip()

    def _status_words(self) -> str:
        return self.w(f"status.{self.current.value}") if self.current else self.w("sending")

    def reasons_in_language(self) -> list[tuple[str, bool]]:
        """The bank's reasons for a decision still to act on, each with whether it is in the chosen language:
        ours for each code the bank gives, else the bank's own sentence (English, or a reviewer's own words)."""
        if self.current not in (KycStatus.MANUAL_REVIEW, KycStatus.REJECTED):
            return []  # verified: the status says it all
        found = []
        for code, sentence in self.details:
            key = f"setup.kyc.reason.{code}"
            found.append((self.w(f"reason.{code}"), True) if code and self.words.known(key)
                         else (sentence, self.words.language == "en"))
        return found

    def _explain_words(self) -> str:
        return self.w(f"explain.{self.current.value}") if self.current else ""

    def retranslate_step(self) -> None:
        set_label(self.status, self._status_words() if not self.sending else self.w("sending"))
        set_label(self.explain, self._explain_words())
        shown = [text for text, _ in self.reasons_in_language()]
        set_label(self.reasons, "\n".join(f"•  {d}" for d in shown))
        self.reasons.setVisible(bool(shown))
        self.retake_button.set_text(self.w("retake"))
        self.retry_button.set_text(self.w("retry"))
        if self.current is not None and self.attempt > 1:
            set_label(self.instructions, self.w("attempt", attempt=self.attempt))

    # -- arriving: send, or follow what was sent
    def enter(self, send: bool = False, **state) -> None:
        self.retake_button.hide()
        self.retry_button.hide()
        self.next_button.setEnabled(False)
        self.current, self.details, self.said = None, [], None
        self.progress.setValue(0)
        if send:
            self.send()
        elif self.wizard.state.submitted:
            self.poll()

    def leave(self) -> None:
        self.timer.stop()

    def send(self) -> None:
        self.retry_button.hide()
        self.sending = True
        self.show_message("")
        self.retranslate()
        self.app.ops.run(self.wizard.send, self._sent, self._send_failed)

    def _sent(self, answer: dict) -> None:
        self.sending = False
        if "username" in answer:
            self.wizard.registered(answer["registration_id"], answer["username"])
        else:  # new documents of a rejected registration: a new attempt
            self.wizard.card = self.wizard.selfie = None
        self.show_status(answer)

    def _send_failed(self, exc: BaseException) -> None:
        self.sending = False
        where = self.wizard.refused_registration(exc) if isinstance(exc, Refusal) else ""
        if where:
            self.wizard.go(where, speak=False)
            self.app.say(f"{self.words('setup.refused_here')} {self.app.window.current.spoken()}")
            return
        self.retranslate()
        self.retry_button.show()
        self.refused(exc)

    # -- following the check
    def poll(self) -> None:
        registration_id = self.wizard.state.registration_id
        if not registration_id or not self.isVisible():
            return
        self.app.ops.run(lambda: self.wizard.client.registration_status(registration_id), self.show_status,
                         self._poll_failed, quiet=True)

    def _poll_failed(self, exc: BaseException) -> None:
        if self.isVisible():
            self.show_message(self.app.tell_failure(exc, speak=self.said != ("failed",)))
            self.said = ("failed",)
            self.timer.start(REVIEW_POLL_MS)

    def show_status(self, body: dict) -> None:
        if not self.isVisible():
            return
        self.show_message("")
        self.current = KycStatus(body["status"])
        self.attempt = int(body.get("attempt") or 1)
        given = zip_longest(body.get("reasons") or [], body.get("reason_codes") or [], fillvalue="")  # codes may lack
        self.details = [(code, sentence) for sentence, code in dict.fromkeys(given) if sentence]
        self.progress.setValue(STAGES[self.current])
        decided = self.current in (KycStatus.VERIFIED, KycStatus.MANUAL_REVIEW, KycStatus.REJECTED)
        self.next_button.setEnabled(self.current == KycStatus.VERIFIED)
        self.retake_button.setVisible(self.current == KycStatus.REJECTED and bool(body.get("can_upload_documents")))
        self.retranslate()
        if self.said != (self.current, self.attempt):
            self.said = (self.current, self.attempt)
            self.app.say(self.spoken())
        if self.current == KycStatus.VERIFIED:
            self.wizard.state.mark_done("kyc")
            self.wizard.save()
            self.next_button.setFocus()
        elif self.current == KycStatus.REJECTED:
            self.retake_button.setFocus()
        if not decided or self.current == KycStatus.MANUAL_REVIEW:
            self.timer.start(REVIEW_POLL_MS if decided else POLL_MS)

    def retake(self) -> None:
        """New photos of the card and the face, sent as a new attempt (which needs the customer's session)."""
        self.wizard.card = self.wizard.selfie = None
        if not self.wizard.signed_in and not self.wizard.pin:
            self.wizard.after_sign_in = "card"
            self.app.go("setup_sign_in")
            return
        self.wizard.go("card")
