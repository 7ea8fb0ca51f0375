"""Signing in: who is signing in, then how (face, voice, or PIN and passcode).

The remembered customer is offered first; anyone else types (or says) their
mobile number on a big keypad. After two failed face or voice tries the app
offers the PIN and passcode by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout

from smartbank_desktop.core.phone import InvalidPhone, normalise_mobile
from smartbank_desktop.core.refusals import Code, Refusal
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label
from smartbank_desktop.ui.widgets.keypad import Keypad

from .base import Screen, beside

MAX_BIOMETRIC_TRIES = 2


class WelcomeScreen(Screen):
    name = "welcome"

    def __init__(self, app):
        super().__init__(app)
        self.remembered_button = BigButton(kind="confirm")
        self.remembered_button.clicked.connect(self._remembered)
        self.someone_else = BigButton(kind="plain")
        self.someone_else.clicked.connect(self._show_keypad)
        self.ask_mobile = label(role="large")
        self.keypad = Keypad(max_digits=10, show_display=False)
        self.next_button = BigButton(kind="confirm")
        self.next_button.clicked.connect(self._next)
        for widget in (self.remembered_button, self.someone_else):
            self.body.addWidget(widget)
        self.body.addLayout(beside(self.keypad, self.ask_mobile, self.keypad.display, self.message, self.next_button))
        self.remembered = None

    def title(self) -> str:
        return self.words("welcome.title")

    def spoken(self) -> str:
        if self.remembered and not self.keypad.isVisible():
            return self.words("welcome.say_remembered", name=self.remembered[1] or self.remembered[0])
        return self.words("welcome.say")

    def retranslate(self) -> None:
        if self.remembered:
            self.remembered_button.set_text(self.words("welcome.i_am", name=self.remembered[1] or self.remembered[0]))
        self.someone_else.set_text(self.words("welcome.someone_else"))
        set_label(self.ask_mobile, self.words("welcome.mobile"))
        self.next_button.set_text(self.words("welcome.next"))
        self.keypad.set_delete_name(self.words("keypad.delete"))

    def arrive(self, **state) -> None:
        self.remembered = self.app.remembered_customer()
        self.keypad.clear()
        self.show_message("")
        has_remembered = self.remembered is not None
        self.remembered_button.setVisible(has_remembered)
        self.someone_else.setVisible(has_remembered)
        for widget in (self.ask_mobile, self.keypad, self.keypad.display, self.next_button):
            widget.setVisible(not has_remembered)
        self.retranslate()
        (self.remembered_button if has_remembered else self.keypad.keys["1"]).setFocus()

    def _show_keypad(self) -> None:
        for widget in (self.ask_mobile, self.keypad, self.keypad.display, self.next_button):
            widget.setVisible(True)
        self.remembered_button.hide()
        self.someone_else.hide()
        self.app.say(self.words("welcome.say"))
        self.keypad.keys["1"].setFocus()

    def _remembered(self) -> None:
        self.app.start_sign_in(self.remembered[0], self.remembered[1])

    def _next(self) -> None:
        try:
            mobile = normalise_mobile(self.keypad.value)
        except InvalidPhone:
            self.show_message(self.words("welcome.bad_mobile"))
            self.app.say(self.words("welcome.bad_mobile"))
            return
        self.app.start_sign_in(mobile, "")

    def handle_heard(self, result) -> bool:
        digits = result.slots.get("digits")
        if digits and self.keypad.isVisible():
            self.keypad.set_value(digits)
            return True
        if result.intent == "yes" and self.remembered_button.isVisible():
            self._remembered()
            return True
        return False

    def listens_for(self) -> str | None:
        return "yes_no" if not self.remembered_button.isHidden() else None  # "Are you Kamala?"


class MethodScreen(Screen):
    name = "sign_in_method"
    asks_by_voice = True

    def __init__(self, app):
        super().__init__(app)
        self.face = BigButton()
        self.face.clicked.connect(lambda: self.app.go("face_sign_in"))
        self.voice = BigButton()
        self.voice.clicked.connect(lambda: self.app.go("voice_sign_in"))
        self.pin = BigButton()
        self.pin.clicked.connect(lambda: self.app.go("pin_sign_in"))
        self.back = BigButton(kind="plain")
        self.back.clicked.connect(lambda: self.app.go("welcome"))
        for widget in (self.message, self.face, self.voice, self.pin, self.back):
            self.body.addWidget(widget)

    def title(self) -> str:
        return self.words("method.title")

    def spoken(self) -> str:
        return self.words("method.say")

    def retranslate(self) -> None:
        self.face.set_text(self.words("method.face"))
        self.voice.set_text(self.words("method.voice"))
        self.pin.set_text(self.words("method.pin"))
        self.back.set_text(self.words("common.back"))

    def arrive(self, **state) -> None:
        self.show_message(state.get("message", ""))
        self.face.setFocus()

    def handle_heard(self, result) -> bool:
        text = result.text.lower()
        for key, screen in (("face", "face_sign_in"), ("voice", "voice_sign_in"), ("pin", "pin_sign_in")):
            if any(word in text for word in self.words.list(f"method.{key}_words")):
                self.app.go(screen)
                return True
        return False

    def listens_for(self) -> str | None:
        return "sign_in_method"


class PinScreen(Screen):
    """The PIN on a big keypad, then (once the customer has passcodes) the six digits from their phone."""

    name = "pin_sign_in"

    def __init__(self, app):
        super().__init__(app)
        self.prompt = label(role="large")
        self.keypad = Keypad(max_digits=6, hidden=True, show_display=False)
        self.sign_in_button = BigButton(kind="confirm")
        self.sign_in_button.clicked.connect(self._submit)
        self.back = BigButton(kind="plain")
        self.back.clicked.connect(lambda: self.app.go("sign_in_method"))
        self.body.addLayout(beside(self.keypad, self.prompt, self.keypad.display, self.message,
                                   self.sign_in_button, self.back))
        self.pin = ""

    def title(self) -> str:
        return self.words("pin.title")

    def spoken(self) -> str:
        return self.words("pin.say_passcode" if self.pin else "pin.say")

    def retranslate(self) -> None:
        set_label(self.prompt, self.words("pin.passcode" if self.pin else "pin.prompt"))
        self.sign_in_button.set_text(self.words("pin.sign_in"))
        self.back.set_text(self.words("common.back"))
        self.keypad.set_delete_name(self.words("keypad.delete"))

    def arrive(self, **state) -> None:
        self.pin = ""
        self.keypad.hidden = True
        self.keypad.clear()
        self.show_message(state.get("message", ""))
        self.retranslate()
        self.keypad.keys["1"].setFocus()

    def forget(self) -> None:
        super().forget()
        self.pin = ""

    def _submit(self) -> None:
        username = self.app.signing_in_as
        if not self.pin:
            pin = self.keypad.value
            self.app.ops.run(lambda: self.app.client.sign_in(username, pin), lambda _: self.app.signed_in(),
                             lambda exc: self._refused(exc, pin))
        else:
            code, pin = self.keypad.value, self.pin
            self.app.ops.run(lambda: self.app.client.sign_in_with_passcode(username, pin, code),
                             lambda _: self.app.signed_in(), lambda exc: self._refused(exc, pin))

    def _refused(self, exc: BaseException, pin: str) -> None:
        if isinstance(exc, Refusal) and exc.code == Code.OTP_REQUIRED and not self.pin:
            self.pin = pin  # the PIN was right: now the passcode
            self.keypad.hidden = False
            self.keypad.clear()
            self.show_message("")
            self.retranslate()
            self.app.say(self.words("pin.say_passcode"))
            return
        self.keypad.clear()
        self.show_message(self.app.tell_failure(exc))

    def handle_heard(self, result) -> bool:
        digits = result.slots.get("digits")
        if digits and self.pin:  # a passcode may be spoken; a PIN is typed, never said aloud
            self.keypad.set_value(digits)
            self._submit()
            return True
        return False


class BiometricSignIn(Screen):
    """What face and voice sign-in share: the server's challenge, the tries counted, the fall-back to PIN."""

    kind = ""

    def __init__(self, app):
        super().__init__(app)
        self.instructions = label(role="large")
        self.prompt = label(role="huge")
        self.start_button = BigButton(kind="confirm")
        self.start_button.clicked.connect(self.start)
        self.other_way = BigButton(kind="plain")
        self.other_way.clicked.connect(lambda: self.app.go("sign_in_method"))
        self.challenge: dict | None = None
        self.failures = 0
        self.busy = False

    def layout_buttons(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.other_way)
        self.body.addWidget(self.message)
        self.body.addLayout(row)

    def arrive(self, **state) -> None:
        self.failures = 0 if state.get("fresh", True) else self.failures
        self.show_message("")
        self.new_challenge()

    def new_challenge(self, announce: bool = True) -> None:
        """Ask the bank for a fresh challenge; ``announce`` says it when it comes (after a failure the
        failure's sentence is said instead, and the customer presses Start again)."""
        self.challenge = None  # the last visit's challenge is never shown again: it would be refused
        self.start_button.setEnabled(False)
        self.retranslate()
        username = self.app.signing_in_as
        self.app.ops.run(lambda: self.app.client.challenge(username, self.kind),
                         self.got_challenge if announce else self._show_challenge, self.failed)

    def _show_challenge(self, challenge: dict) -> None:
        self.challenge = challenge
        self.start_button.setEnabled(True)
        self.retranslate()

    def got_challenge(self, challenge: dict) -> None:
        self._show_challenge(challenge)
        self.app.say(self.spoken())

    def start(self) -> None:
        """Capture and send (the subclass's ``attempt``)."""

    def ready_to_start(self) -> bool:
        """May Start capture now? Without a challenge (the bank did not answer for one), Start asks the
        bank again instead."""
        if self.busy:
            return False
        if self.challenge is None:
            if self.start_button.isEnabled():
                self.new_challenge()
            return False
        return True

    def succeeded(self, _=None) -> None:
        self.busy = False
        self.app.signed_in()

    def failed(self, exc: BaseException) -> None:
        self.busy = False
        if not self.isVisible():
            return  # the customer has moved on: a late answer changes nothing
        text = self.app.tell_failure(exc, speak=False)
        if isinstance(exc, Refusal) and exc.code in (Code.BANK_UNREACHABLE, Code.SERVER_ERROR):
            # Said once, then the customer's Start asks the bank again: asking at once would repeat the
            # sentence for as long as the bank is away.
            self.challenge = None
            self.start_button.setEnabled(True)
            text = f"{text} {self.words('biometric.press_start')}"
            self.show_message(text)
            QTimer.singleShot(0, lambda: self.keep_in_view(self.start_button))  # once the message is laid out
            self.app.say(text)
            return
        counted = isinstance(exc, Refusal) and exc.code in (Code.NOT_RECOGNISED, Code.LIVENESS_FAILED,
                                                           Code.CHALLENGE_EXPIRED, Code.UNUSABLE_PICTURE,
                                                           Code.UNUSABLE_RECORDING)
        if isinstance(exc, Refusal) and exc.code in (Code.NOT_ENROLLED, Code.LOCKED_OUT):
            self.app.go("pin_sign_in", message=text)
            self.app.say(f"{text} {self.words('biometric.use_pin')}")
            return
        self.failures += counted
        if self.failures >= MAX_BIOMETRIC_TRIES:
            self.app.go("pin_sign_in", message=f"{text} {self.words('biometric.use_pin')}")
            self.app.say(f"{text} {self.words('biometric.use_pin')}")
            return
        self.show_message(text)
        self.app.say(f"{text} {self.words('biometric.try_again')}")
        self.new_challenge(announce=False)
