"""Step 10: passcodes. The QR code shown large for an authenticator app on the helper's or customer's phone
(and its key written out, for typing instead), then the first six-digit code to confirm. The key is shown,
never kept: a setup carried on later starts this step again with a new one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from smartbank_desktop.core.refusals import Code, Refusal
from smartbank_desktop.ui.screens.base import Beside
from smartbank_desktop.ui.widgets.buttons import label, set_label
from smartbank_desktop.ui.widgets.keypad import Keypad
from smartbank_desktop.ui.widgets.qr_code import QrCode

from .base import WizardStep


def grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


class PasscodesStep(WizardStep):
    step = "passcodes"
    optional = True

    def __init__(self, app):
        super().__init__(app)
        self.qr = QrCode(300)
        self.key_label = label(role="muted")
        self.key = label(role="large")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt = label(role="large")
        self.keypad = Keypad(max_digits=6, show_display=False)
        # The code, what to type with it, and the keypad side by side (one above the other with very large text).
        row = Beside()
        row.setSpacing(24)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(10)
        for widget in (self.key_label, self.key, self.prompt, self.keypad.display, self.message):
            column.addWidget(widget)
        column.addStretch(1)
        row.addLayout(column, 3)
        self.keypad.setMaximumWidth(420)
        row.addWidget(self.keypad, 2, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(row)
        self.add_buttons()
        self.secret = ""
        self.uri = ""
        self.confirmed = False

    def retranslate_step(self) -> None:
        set_label(self.key_label, self.w("key"))
        set_label(self.key, grouped(self.secret))
        set_label(self.prompt, self.w("done") if self.confirmed else self.w("prompt"))
        self.qr.setAccessibleName(self.w("qr"))
        self.keypad.set_delete_name(self.words("keypad.delete"))

    def next_words(self) -> str:
        return self.words("common.next") if self.confirmed else self.w("confirm")

    def spoken(self) -> str:
        return self.w("done") if self.confirmed else self.w("say")

    def enter(self, **state) -> None:
        self.secret, self.uri = "", ""
        self.confirmed = "passcodes" in self.wizard.state.done
        self.keypad.clear()
        self.qr.set_text("")
        self.keypad.setVisible(not self.confirmed)
        self.keypad.display.setVisible(not self.confirmed)
        if not self.confirmed:
            self.app.ops.run(self.wizard.client.start_passcodes, self._started, self._start_failed)

    def _started(self, setup: dict) -> None:
        self.secret, self.uri = setup["secret"], setup["provisioning_uri"]
        self.qr.set_text(self.uri)
        self.retranslate()  # the focus stays put: with large text, moving it would scroll the code away

    def _start_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Refusal) and exc.code == Code.OTP_ALREADY_SET_UP:
            self._confirmed(None)  # confirmed in an earlier run
            return
        self.refused(exc)

    def go_on(self) -> None:
        if self.confirmed:
            self.wizard.next(self.step)
            return
        code = self.keypad.value
        if len(code) != 6:
            self.tell(self.w("six_digits"))
            return
        self.app.ops.run(lambda: self.wizard.client.confirm_passcodes(code), self._confirmed, self._refused)

    def _confirmed(self, _) -> None:
        self.confirmed = True
        self.secret = ""  # shown no longer, kept nowhere
        self.qr.set_text("")
        self.keypad.hide()
        self.keypad.display.hide()
        self.wizard.state.mark_done("passcodes")
        self.wizard.save()
        self.retranslate()
        self.tell(self.w("done"))
        self.next_button.setFocus()

    def _refused(self, exc: BaseException) -> None:
        self.keypad.clear()
        self.refused(exc)

    def handle_heard(self, result) -> bool:
        digits = result.slots.get("digits")
        if digits and not self.confirmed:
            self.keypad.set_value(digits)
            return True
        return False
