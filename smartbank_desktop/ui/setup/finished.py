"""The end of the setup: what the customer can do now; nothing of the setup is kept on this computer."""

from __future__ import annotations

from .base import WizardStep


class FinishedStep(WizardStep):
    step = "finished"

    def __init__(self, app):
        super().__init__(app)
        self.finish_layout()
        self.stop_button.hide()

    def retranslate_step(self) -> None:
        from smartbank_desktop.ui.widgets.buttons import set_label

        set_label(self.instructions, self.w("instructions", name=self.wizard.customer_name()))

    def spoken(self) -> str:
        return self.w("say", name=self.wizard.customer_name())

    def next_words(self) -> str:
        return self.w("done")

    def enter(self, **state) -> None:
        self.stop_button.hide()
        self.next_button.setFocus()

    def go_on(self) -> None:
        self.wizard.finish()
