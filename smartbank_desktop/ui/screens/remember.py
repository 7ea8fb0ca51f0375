"""The question asked once a customer has signed in at home: "Shall I remember you?"

One question on a screen of its own, with two big answers (and "yes" or "no"
by voice), rather than a small box to tick before signing in: older users
overlook a checkbox among the sign-in controls, and the consent is clearest
once they know the sign-in worked. It is never asked at a kiosk, nor when this
computer has no safe keyring, nor of the customer it already remembers.
"""

from __future__ import annotations

from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import Screen


class RememberScreen(Screen):
    name = "remember_me"
    asks_by_voice = True

    def __init__(self, app):
        super().__init__(app)
        self.only_yours = label()
        self.explain = label()
        self.yes = BigButton(kind="confirm")
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no = BigButton(kind="plain")
        self.no.clicked.connect(lambda: self._answer(False))
        # The answers come right after the one condition, before the details: with large text on a small
        # screen they stay in view (everything is also said).
        for widget in (self.only_yours, self.message, self.yes, self.no, self.explain):
            self.body.addWidget(widget)
        self.answered = False

    def title(self) -> str:
        return self.words("remember.title")

    def spoken(self) -> str:
        w = self.words
        return f"{w('remember.title')} {w('remember.explain')} {w('remember.only_yours')} {w('remember.ask')}"

    def retranslate(self) -> None:
        set_label(self.only_yours, self.words("remember.only_yours"))
        set_label(self.explain, self.words("remember.explain"))
        self.yes.set_text(self.words("remember.yes"))
        self.no.set_text(self.words("remember.no"))

    def arrive(self, **state) -> None:
        self.answered = False
        self.show_message("")
        self.yes.setFocus()

    def _answer(self, yes: bool) -> None:
        if self.answered:  # a second press while the first is kept
            return
        self.answered = True
        self.app.interrupt()
        self.app.answer_remember(yes)

    def handle_heard(self, result) -> bool:
        if result.intent in ("yes", "no"):
            self._answer(result.intent == "yes")
            return True
        return False
