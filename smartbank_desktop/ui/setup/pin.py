"""Step 5: the PIN, with the bank's rules explained first, typed twice on a hidden keypad.

The bank takes the PIN with the registration, so it is chosen before the
registration is sent; it stays in memory only (after a restart the helper
types it once more to sign in, never to store it).
"""

from __future__ import annotations

from smartbank_desktop.ui.screens.base import beside
from smartbank_desktop.ui.widgets.buttons import label, set_label
from smartbank_desktop.ui.widgets.keypad import Keypad

from .base import WizardStep

PIN_LENGTHS = (4, 6)


class PinStep(WizardStep):
    step = "pin"

    def __init__(self, app):
        super().__init__(app)
        self.rules = label(role="large")
        self.prompt = label(role="title")
        self.keypad = Keypad(max_digits=6, hidden=True, show_display=False)
        # The rules come first, above the keypad, also when very large text stacks the keypad on top.
        self.body.addWidget(self.rules)
        self.body.addLayout(beside(self.keypad, self.prompt, self.keypad.display, self.message))
        self.add_buttons()
        self.first = ""

    def next_words(self) -> str:
        return self.w("send") if self.first else self.words("common.next")

    def retranslate_step(self) -> None:
        set_label(self.rules, self.w("rules"))
        set_label(self.prompt, self.w("again" if self.first else "choose"))
        self.keypad.set_delete_name(self.words("keypad.delete"))

    def spoken(self) -> str:
        refused = self.wizard.field_errors.get("pin")
        if refused:
            reason = " ".join(refused) if self.words.language == "en" else self.w("refused")
            return f"{reason} {self.w('say_choose')}"
        return self.w("say")

    def enter(self, **state) -> None:
        self.first = ""
        self.keypad.clear()
        refused = self.wizard.field_errors.get("pin")
        if refused:
            self.show_message(" ".join(refused) if self.words.language == "en" else self.w("refused"))
        self.keypad.keys["1"].setFocus()

    def go_on(self) -> None:
        value = self.keypad.value
        if len(value) not in PIN_LENGTHS:
            self.tell(self.w("length"))
            return
        if not self.first:
            self.first = value
            self.keypad.clear()
            self.show_message("")
            self.retranslate()
            self.app.say(self.w("say_again"))
            self.keypad.keys["1"].setFocus()
            return
        if value != self.first:
            self.first = ""
            self.keypad.clear()
            self.retranslate()
            self.tell(self.w("different"))
            return
        self.wizard.pin = value
        self.wizard.field_errors.pop("pin", None)
        self.first = ""
        self.wizard.submit()
