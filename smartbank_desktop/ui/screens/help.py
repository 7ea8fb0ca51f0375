"""Help, and the rest of the bank: what can be said, and the way to accounts, KYC status and settings."""

from __future__ import annotations

from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import Screen


class HelpScreen(Screen):
    name = "help"

    def __init__(self, app):
        super().__init__(app)
        self.things = label(role="large")
        self.accounts = BigButton()
        self.accounts.clicked.connect(lambda: self.app.go("accounts"))
        self.kyc = BigButton()
        self.kyc.clicked.connect(lambda: self.app.go("kyc"))
        self.settings = BigButton(kind="plain")
        self.settings.clicked.connect(lambda: self.app.go("settings"))
        for widget in (self.things, self.accounts, self.kyc, self.settings):
            self.body.addWidget(widget)

    def title(self) -> str:
        return self.words("help.title")

    def spoken(self) -> str:
        return self.words.catalogue.phrase("options")

    def retranslate(self) -> None:
        set_label(self.things, self.words("help.things"))
        self.accounts.set_text(self.words("help.accounts"))
        self.kyc.set_text(self.words("help.kyc"))
        self.settings.set_text(self.words("help.settings"))
