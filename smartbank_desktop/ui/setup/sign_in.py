"""Signing in as the new customer with the PIN they chose, when a step needs their session and this run has
none (the setup was stopped and carried on later; the PIN is never kept). Then the step it was asked for."""

from __future__ import annotations

from smartbank_desktop.core.refusals import Code, Refusal
from smartbank_desktop.ui.screens.base import beside
from smartbank_desktop.ui.widgets.buttons import label, set_label
from smartbank_desktop.ui.widgets.keypad import Keypad

from .base import WizardStep


class SignInStep(WizardStep):
    step = "sign_in"

    def __init__(self, app):
        super().__init__(app)
        self.prompt = label(role="title")
        self.keypad = Keypad(max_digits=6, hidden=True, show_display=False)
        self.body.removeWidget(self.instructions)
        self.body.addLayout(beside(self.keypad, self.instructions, self.prompt, self.keypad.display, self.message))
        self.add_buttons()
        self.pin = ""  # the right PIN, while the passcode is asked for

    def spoken(self) -> str:
        return self.w("say_passcode" if self.pin else "say", name=self.wizard.customer_name())

    def retranslate_step(self) -> None:
        set_label(self.instructions, self.w("instructions", name=self.wizard.customer_name()))
        set_label(self.prompt, self.w("passcode" if self.pin else "prompt"))
        self.keypad.set_delete_name(self.words("keypad.delete"))

    def next_words(self) -> str:
        return self.w("sign_in")

    def enter(self, **state) -> None:
        self.pin = ""
        self.keypad.hidden = True
        self.keypad.clear()
        self.keypad.keys["1"].setFocus()

    def go_on(self) -> None:
        client, username = self.wizard.client, self.wizard.state.username
        value = self.keypad.value
        if self.pin:
            pin = self.pin
            call = lambda: client.sign_in_with_passcode(username, pin, value)  # noqa: E731
        else:
            pin = value
            call = lambda: client.sign_in(username, value)  # noqa: E731
        self.app.ops.run(call, lambda _: self._signed_in(pin), lambda exc: self._refused(exc, pin))

    def _signed_in(self, pin: str) -> None:
        self.wizard.pin = pin
        self.wizard.go(self.wizard.after_sign_in or "account")

    def _refused(self, exc: BaseException, pin: str) -> None:
        if isinstance(exc, Refusal) and exc.code == Code.OTP_REQUIRED and not self.pin:
            self.pin = pin  # passcodes were set up before the stop: the six digits from the phone as well
            self.keypad.hidden = False
            self.keypad.clear()
            self.show_message("")
            self.retranslate()
            self.app.say(self.spoken())
            return
        self.keypad.clear()
        self.refused(exc)
