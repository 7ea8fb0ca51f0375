"""Accounts: the customer's accounts, and opening a savings or current account or a fixed deposit.

A savings or current account is opened through the assistant's dialogue (the
same read-back and "yes"); a fixed deposit asks for its amount and term here.
Before the identity documents are verified the bank refuses, and says why.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout

from smartbank_desktop.core.money import format_inr, rupees
from smartbank_desktop.ui.widgets.amount import AmountDisplay
from smartbank_desktop.ui.widgets.buttons import BigButton, clear_layout, label, set_label
from smartbank_desktop.ui.widgets.keypad import Keypad

from .base import Screen, beside

FD_TERMS = (12, 24, 36, 60)


class AccountsScreen(Screen):
    name = "accounts"

    def __init__(self, app):
        super().__init__(app)
        self.list = QVBoxLayout()
        self.open_savings = BigButton()
        self.open_savings.clicked.connect(lambda: self._open("savings"))
        self.open_current = BigButton()
        self.open_current.clicked.connect(lambda: self._open("current"))
        self.open_fd = BigButton(kind="plain")
        self.open_fd.clicked.connect(self._show_fd)
        self.fd_box = QFrame()
        self.fd_box.setProperty("role", "card")
        inside = QVBoxLayout(self.fd_box)
        self.fd_prompt = label(role="large")
        self.fd_amount = AmountDisplay(self.words)
        self.fd_keys = Keypad(max_digits=7, show_display=False)
        self.fd_keys.changed.connect(lambda digits: self.fd_amount.show_paise(rupees(int(digits or 0))))
        self.fd_term_label = label(role="large")
        self.term_buttons = {}
        for months in FD_TERMS:
            button = BigButton(kind="plain")
            button.clicked.connect(lambda _=False, m=months: self._open_fd(m))
            self.term_buttons[months] = button
        self.fd_cancel = BigButton(kind="plain")
        self.fd_cancel.clicked.connect(self._hide_fd)
        terms_grid = QGridLayout()
        for index, button in enumerate(self.term_buttons.values()):
            terms_grid.addWidget(button, index // 2, index % 2)
        inside.addLayout(beside(self.fd_keys, self.fd_prompt, self.fd_amount, self.fd_term_label, terms_grid,
                                self.fd_cancel))
        self.fd_box.hide()
        self.body.addWidget(self.message)
        self.body.addLayout(self.list)
        for widget in (self.open_savings, self.open_current, self.open_fd, self.fd_box):
            self.body.addWidget(widget)

    def title(self) -> str:
        return self.words("accounts.title")

    def spoken(self) -> str:
        return self.words("accounts.say")

    def retranslate(self) -> None:
        w = self.words
        self.open_savings.set_text(w("accounts.open_savings"))
        self.open_current.set_text(w("accounts.open_current"))
        self.open_fd.set_text(w("accounts.open_fd"))
        set_label(self.fd_prompt, w("accounts.fd_amount"))
        set_label(self.fd_term_label, w("accounts.fd_term"))
        self.fd_keys.set_delete_name(w("keypad.delete"))
        self.fd_cancel.set_text(w("common.cancel"))
        for months, button in self.term_buttons.items():
            button.set_text(w("accounts.months", months=months))

    def arrive(self, **state) -> None:
        self.show_message("")
        self._hide_fd()
        self._reload()

    def _reload(self) -> None:
        if self.app.bank is not None:
            self.app.ops.run(self.app.bank.accounts, self._show, self._failed)

    def _show(self, accounts) -> None:
        clear_layout(self.list)
        kinds = self.words.catalogue.words("account_kinds")
        for account in accounts:
            card = QFrame()
            card.setProperty("role", "card")
            inside = QVBoxLayout(card)
            status = "" if account.status == "active" else f"  ({self.words('accounts.status.' + account.status)})"
            inside.addWidget(label(f"{kinds.get(account.type, account.type).capitalize()}  ·  {account.masked}{status}",
                                   role="large"))
            inside.addWidget(label(format_inr(account.balance_paise), role="title"))
            self.list.addWidget(card)

    def _failed(self, exc) -> None:
        self.show_message(self.app.tell_failure(exc))

    def _open(self, account_type: str) -> None:
        self.app.interrupt()
        self.app.talk(lambda d: d.ask("request_account", account_type=account_type))

    def _show_fd(self) -> None:
        for widget in (self.open_savings, self.open_current, self.open_fd):
            widget.hide()
        self.fd_box.show()
        self.fd_keys.clear()
        self.fd_keys.keys["1"].setFocus()
        self.app.say(self.words("accounts.fd_amount"))

    def _hide_fd(self) -> None:
        self.fd_box.hide()
        for widget in (self.open_savings, self.open_current, self.open_fd):
            widget.show()

    def _open_fd(self, months: int) -> None:
        amount = rupees(int(self.fd_keys.value or 0))
        self.app.interrupt()
        self.app.ops.run(lambda: self.app.client.open_account("fd", amount_paise=amount, term_months=months),
                         self._fd_opened, self._failed)

    def _fd_opened(self, account: dict) -> None:
        self._hide_fd()
        self.app.say(self.words("accounts.fd_opened", months=account.get("fd_term_months", ""),
                                amount=self.words.money(account["balance_paise"])))
        self._reload()
