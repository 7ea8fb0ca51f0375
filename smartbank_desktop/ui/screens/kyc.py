"""KYC status: where the identity check stands, in plain words."""

from __future__ import annotations

from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.ui.widgets.buttons import label, set_label

from .base import Screen


class KycScreen(Screen):
    name = "kyc"

    def __init__(self, app):
        super().__init__(app)
        self.status = label(role="title")
        self.reasons = label(role="large")
        self.body.addWidget(self.status)
        self.body.addWidget(self.reasons)
        self.body.addWidget(self.message)
        self.current: KycStatus | None = None
        self.details: list[str] = []

    def title(self) -> str:
        return self.words("kyc.title")

    def spoken(self) -> str:
        return self._status_words() or self.words("history.loading")

    def _status_words(self) -> str:
        return self.words.catalogue.words("kyc")[self.current.value] if self.current else ""

    def retranslate(self) -> None:
        set_label(self.status, self._status_words())
        # The bank's reasons are written in English; they are shown only to English readers.
        set_label(self.reasons, "\n".join(self.details) if self.words.language == "en" else "")

    def arrive(self, **state) -> None:
        self.show_message("")
        if self.app.profile is None:
            return

        def load():
            profile = self.app.client.profile()
            return profile, self.app.client.registration_status(profile["registration_id"])

        self.app.ops.run(load, self._loaded, lambda exc: self.show_message(self.app.tell_failure(exc)))

    def _loaded(self, loaded) -> None:
        profile, registration = loaded
        first_time = self.current is None
        self.current = KycStatus(profile["kyc_status"])
        self.details = [registration.get("message", ""), *registration.get("reasons", [])]
        self.details = [d for d in dict.fromkeys(self.details) if d]
        self.retranslate()
        if first_time:
            self.app.say(self._status_words())
