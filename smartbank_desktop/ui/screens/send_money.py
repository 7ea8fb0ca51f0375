"""Send money: choose a saved payee, type the amount (shown in words as it grows), confirm, step up, receipt.

Every step is the assistant's dialogue's state: a tap here and a spoken word
do the same thing, and the bank's rules (limits, the step-up, the scam
warning) come from the bank, never from this screen. "Someone asked me to
send this" stops the payment and says what to do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from smartbank_desktop.core.money import format_inr, rupees
from smartbank_desktop.ui.widgets.amount import AmountDisplay
from smartbank_desktop.ui.widgets.buttons import BigButton, clear_layout, label, set_label
from smartbank_desktop.ui.widgets.keypad import Keypad

from .base import Screen, beside

MAX_RUPEE_DIGITS = 7  # up to ₹99,99,999: the daily limit is far below


class _Page(QWidget):
    def __init__(self):
        super().__init__()
        self.layout = QVBoxLayout(self)
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setSpacing(16)
        self.layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def add(self, *widgets) -> None:
        for widget in widgets:
            if isinstance(widget, QHBoxLayout):
                self.layout.addLayout(widget)
            else:
                self.layout.addWidget(widget)


def _row(*buttons) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(16)
    for button in buttons:
        row.addWidget(button)
    return row


class SendMoneyScreen(Screen):
    name = "send_money"

    def __init__(self, app):
        super().__init__(app)
        self.pages = QStackedWidget()
        self.page = "payees"
        self.payee = None
        self.amount_paise = 0
        self.warning = ""
        self.receipt = None
        self.body.addWidget(self.message)
        self.body.addWidget(self.pages)
        self._build_payees()
        self._build_amount()
        self._build_confirm()
        self._build_step_up()
        self._build_receipt()
        self._build_stopped()
        self._build_refused()

    # ------------------------------------------------------------ pages
    def _build_payees(self) -> None:
        page = self.payees_page = _Page()
        self.payees_prompt = label(role="large")
        self.payee_buttons = QVBoxLayout()
        self.payee_buttons.setSpacing(12)
        self.payees_cancel = BigButton(kind="plain")
        self.payees_cancel.clicked.connect(self._cancel)
        page.add(self.payees_prompt)
        page.layout.addLayout(self.payee_buttons)
        page.add(self.payees_cancel)
        self.pages.addWidget(page)

    def _build_amount(self) -> None:
        page = self.amount_page = _Page()
        self.amount_to = label(role="large")
        self.amount_display = AmountDisplay(self.words)
        self.amount_keys = Keypad(max_digits=MAX_RUPEE_DIGITS, show_display=False)
        self.amount_keys.changed.connect(self._amount_typed)
        self.amount_next = BigButton(kind="confirm")
        self.amount_next.clicked.connect(self._amount_done)
        self.amount_cancel = BigButton(kind="plain")
        self.amount_cancel.clicked.connect(self._cancel)
        page.layout.addLayout(beside(self.amount_keys, self.amount_to, self.amount_display, self.amount_next,
                                     self.amount_cancel))
        self.pages.addWidget(page)

    def _build_confirm(self) -> None:
        page = self.confirm_page = _Page()
        card = QFrame()
        card.setProperty("role", "card")
        inside = QVBoxLayout(card)
        inside.setSpacing(4)
        self.confirm_question = label(role="large")
        self.confirm_amount = label(role="huge")
        self.confirm_words = label(role="large")
        self.confirm_payee = label(role="title")
        for widget in (self.confirm_question, self.confirm_amount, self.confirm_words, self.confirm_payee):
            inside.addWidget(widget)
        self.yes = BigButton(kind="confirm")
        self.yes.clicked.connect(self._yes)
        self.no = BigButton(kind="danger")
        self.no.clicked.connect(self._no)
        page.layout.addLayout(beside(card, self.yes, self.no, keypad_width=False, main_share=6))
        self.pages.addWidget(page)

    def _build_step_up(self) -> None:
        page = self.step_up_page = _Page()
        box = QFrame()
        box.setProperty("role", "warning")
        inside = QVBoxLayout(box)
        self.warning_heading = label(role="title")
        self.warning_text = label(role="large")
        inside.addWidget(self.warning_heading)
        inside.addWidget(self.warning_text)
        self.scam = BigButton(kind="danger")
        self.scam.clicked.connect(self._someone_asked)
        self.step_up_prompt = label(role="large")
        self.passcode = Keypad(max_digits=6, show_display=False)
        self.passcode_send = BigButton(kind="confirm")
        self.passcode_send.clicked.connect(self._passcode_done)
        self.step_up_cancel = BigButton(kind="plain")
        self.step_up_cancel.clicked.connect(self._cancel)
        keys = QWidget()
        keys_layout = QVBoxLayout(keys)
        keys_layout.setContentsMargins(0, 0, 0, 0)
        keys_layout.addWidget(self.passcode)
        keys_layout.addLayout(_row(self.passcode_send, self.step_up_cancel))
        page.layout.addLayout(beside(keys, box, self.scam, self.step_up_prompt, self.passcode.display))
        self.pages.addWidget(page)

    def _build_receipt(self) -> None:
        page = self.receipt_page = _Page()
        card = QFrame()
        card.setProperty("role", "card")
        inside = QVBoxLayout(card)
        self.receipt_heading = label(role="title")
        self.receipt_amount = label(role="huge")
        self.receipt_to = label(role="large")
        self.receipt_reference = label(role="large")
        self.receipt_balance = label(role="muted")
        for widget in (self.receipt_heading, self.receipt_amount, self.receipt_to, self.receipt_reference,
                       self.receipt_balance):
            inside.addWidget(widget)
        self.receipt_done = BigButton(kind="confirm")
        self.receipt_done.clicked.connect(lambda: self.app.go("home"))
        page.add(card, self.receipt_done)
        self.pages.addWidget(page)

    def _build_stopped(self) -> None:
        page = self.stopped_page = _Page()
        self.stopped_heading = label(role="title")
        self.stopped_advice = label(role="large")
        self.stopped_home = BigButton(kind="confirm")
        self.stopped_home.clicked.connect(lambda: self.app.go("home"))
        page.add(self.stopped_heading, self.stopped_advice, self.stopped_home)
        self.pages.addWidget(page)

    def _build_refused(self) -> None:
        page = self.refused_page = _Page()
        self.refused_text = label(role="message")
        self.refused_again = BigButton()
        self.refused_again.clicked.connect(lambda: self.app.go("send_money", page="amount", payee=self.payee))
        self.refused_home = BigButton(kind="plain")
        self.refused_home.clicked.connect(lambda: self.app.go("home"))
        page.add(self.refused_text, _row(self.refused_again, self.refused_home))
        self.pages.addWidget(page)

    # ------------------------------------------------------------ the window's questions
    def title(self) -> str:
        return self.words("send.title")

    def spoken(self) -> str:
        if self.page == "payees":
            return self.words("send.say_payees")
        if self.page == "amount":
            return self.words("send.say_amount", name=self.payee.name if self.payee else "")
        if self.page == "stopped":
            return f"{self.words('send.stopped')} {self.words('send.stopped_advice')}"
        return ""  # the dialogue's own reply is said on the other pages

    def retranslate(self) -> None:
        w = self.words
        set_label(self.payees_prompt, w("send.choose_payee"))
        self.payees_cancel.set_text(w("common.cancel"))
        set_label(self.amount_to, w("send.amount_to", name=self.payee.name if self.payee else ""))
        self.amount_next.set_text(w("common.next"))
        self.amount_cancel.set_text(w("common.cancel"))
        self.amount_keys.set_delete_name(w("keypad.delete"))
        self.amount_display.show_paise(self.amount_paise if self.page == "amount" else 0)
        set_label(self.confirm_question, w("send.confirm_question"))
        if self.payee is not None:
            set_label(self.confirm_amount, format_inr(self.amount_paise))
            set_label(self.confirm_words, w.money(self.amount_paise))
            set_label(self.confirm_payee, w("send.to_payee", name=self.payee.name, account=self.payee.account_masked))
        self.yes.set_text(w("send.yes"))
        self.no.set_text(w("send.no"))
        set_label(self.warning_heading, w("send.warning_heading"))
        set_label(self.warning_text, w("send.warning"))  # the whole warning is said; the screen keeps it short
        self.scam.set_text(w("send.someone_asked"))
        set_label(self.step_up_prompt, w("send.passcode"))
        self.passcode_send.set_text(w("send.confirm_payment"))
        self.step_up_cancel.set_text(w("common.cancel"))
        self.passcode.set_delete_name(w("keypad.delete"))
        set_label(self.receipt_heading, w("send.sent"))
        if self.receipt is not None:
            set_label(self.receipt_amount, format_inr(self.receipt.amount_paise))
            set_label(self.receipt_to, w("send.sent_to", name=self.receipt.payee_name,
                                         account=self.receipt.to_account_masked))
            set_label(self.receipt_reference, w("send.reference", reference=self.receipt.reference))
            if self.receipt.balance_after_paise is not None:
                set_label(self.receipt_balance, w("send.balance_after",
                                                  balance=format_inr(self.receipt.balance_after_paise)))
        self.receipt_done.set_text(w("common.done"))
        set_label(self.stopped_heading, w("send.stopped"))
        set_label(self.stopped_advice, w("send.stopped_advice"))
        self.stopped_home.set_text(w("window.home"))
        self.refused_again.set_text(w("send.change_amount"))
        self.refused_home.set_text(w("window.home"))

    def forget(self) -> None:
        super().forget()
        self.payee, self.amount_paise, self.warning, self.receipt = None, 0, "", None

    def arrive(self, page: str = "payees", **state) -> None:
        self.page = page
        self.show_message("")
        if "payee" in state:
            self.payee = state["payee"]
        if "amount_paise" in state and state["amount_paise"] is not None:
            self.amount_paise = state["amount_paise"]
        self.warning = state.get("warning") or ""
        self.receipt = state.get("receipt")
        if page == "payees":
            self.payee, self.amount_paise = None, 0
            self._load_payees(state.get("options") or ())
        elif page == "amount":
            self.amount_paise = 0
            self.amount_keys.clear()
        elif page == "step_up":
            self.passcode.clear()
        if page == "refused":
            set_label(self.refused_text, state.get("message", ""))
        shown = getattr(self, f"{page}_page")
        for index in range(self.pages.count()):  # the stack as tall as the page shown, not the tallest
            other = self.pages.widget(index)
            policy = QSizePolicy.Policy.Preferred if other is shown else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.pages.setCurrentWidget(shown)
        self.retranslate()
        first = {"payees": None, "amount": self.amount_keys.keys["1"], "confirm": self.yes,
                 "step_up": self.passcode.keys["1"], "receipt": self.receipt_done, "stopped": self.stopped_home,
                 "refused": self.refused_again}[page]
        if first is not None:
            first.setFocus()

    # ------------------------------------------------------------ payees
    def _load_payees(self, options) -> None:
        clear_layout(self.payee_buttons)
        if options:
            self._show_payees(list(options))
        elif self.app.bank is not None:
            self.app.ops.run(self.app.bank.payees, self._show_payees, self._failed)

    def _show_payees(self, payees) -> None:
        if not payees:
            self.show_message(self.words.catalogue.phrase("no_payees"))
        for payee in payees:
            button = BigButton(f"{payee.name}  ·  {payee.account_masked}", kind="plain")
            button.clicked.connect(lambda _=False, p=payee: self._chose(p))
            self.payee_buttons.addWidget(button)
        if payees:
            self.payee_buttons.itemAt(0).widget().setFocus()

    def _chose(self, payee) -> None:
        self.app.interrupt()
        self.payee = payee
        self.app.go("send_money", page="amount", payee=payee)

    # ------------------------------------------------------------ amount
    def _amount_typed(self, digits: str) -> None:
        self.amount_paise = rupees(int(digits)) if digits else 0
        self.amount_display.show_paise(self.amount_paise)

    def _amount_done(self) -> None:
        if self.amount_paise <= 0 or self.payee is None:
            self.show_message(self.words("send.type_amount"))
            self.app.say(self.words("send.type_amount"))
            return
        payee, amount = self.payee, self.amount_paise
        self.app.interrupt()
        self.app.talk(lambda d: d.send(payee, amount))

    # ------------------------------------------------------------ answers
    def _yes(self) -> None:
        self.app.answer_yes()

    def _no(self) -> None:
        self.app.answer_no()

    def _cancel(self) -> None:
        self.app.interrupt()
        if self.app.dialogue is not None and self.app.dialogue.state.task is not None:
            self.app.talk(lambda d: d.cancel())
        else:
            self.app.go("home")

    def _passcode_done(self) -> None:
        digits = self.passcode.value
        if len(digits) != 6:
            self.show_message(self.words("send.six_digits"))
            self.app.say(self.words("send.six_digits"))
            return
        self.app.interrupt()
        self.app.talk(lambda d: d.give_passcode(digits))

    def _someone_asked(self) -> None:
        """Possibly a scam: the payment is stopped, and the customer told what to do."""
        self.app.interrupt()

        def stop(dialogue):
            return dialogue.cancel()

        self.app.ops.run(lambda: stop(self.app.dialogue), lambda _: self.app.go("send_money", page="stopped"))

    def _failed(self, exc) -> None:
        self.show_message(self.app.tell_failure(exc))

    def handle_heard(self, result) -> bool:
        """On the amount page, a spoken amount is the amount for the payee already chosen."""
        if self.page != "amount" or self.payee is None or "payee" in result.slots:
            return False
        amount = result.slots.get("amount")
        if amount is None and result.intent == "digits":
            amount = int(result.slots["digits"])
        if not amount:
            return False
        self.amount_keys.set_value(str(amount))
        payee, paise = self.payee, rupees(amount)
        self.app.talk(lambda d: d.send(payee, paise), by_voice=True)
        return True
