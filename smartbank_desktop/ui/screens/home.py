"""Home: "Good morning, Kamala", the balance in big type, and six big buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout

from smartbank_desktop.core.bank import main_account
from smartbank_desktop.core.money import format_inr
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import Beside, Screen


class HomeScreen(Screen):
    name = "home"
    asks_by_voice = True

    def __init__(self, app):
        super().__init__(app)
        self.greeting = label(role="title")
        card = QFrame()
        card.setProperty("role", "card")
        inside = QVBoxLayout(card)
        self.balance_label = label(role="large")
        self.balance = label(" ", role="huge")
        self.balance_words = label(role="muted")
        for widget in (self.balance_label, self.balance, self.balance_words):
            inside.addWidget(widget)
        self.buttons = {key: BigButton(kind=kind) for key, kind in (
            ("balance", "primary"), ("send", "primary"), ("history", "primary"), ("talk", "primary"),
            ("help", "plain"), ("sign_out", "danger"))}
        self.buttons["balance"].clicked.connect(lambda: self._tap(lambda d: d.ask("check_balance")))
        self.buttons["send"].clicked.connect(lambda: self.app.go("send_money", page="payees"))
        self.buttons["history"].clicked.connect(lambda: self.app.go("history"))
        self.buttons["talk"].clicked.connect(lambda: self.app.go("assistant"))
        self.buttons["help"].clicked.connect(lambda: self.app.go("help"))
        self.buttons["sign_out"].clicked.connect(self.app.sign_out)
        grid = QGridLayout()
        grid.setSpacing(16)
        for index, button in enumerate(self.buttons.values()):
            grid.addWidget(button, index // 2, index % 2)
        left = QVBoxLayout()
        left.setSpacing(14)
        for widget in (self.greeting, card, self.message):
            left.addWidget(widget)
        left.addStretch(1)
        row = Beside()
        row.setSpacing(24)
        row.addLayout(left, 4)
        row.addLayout(grid, 5)
        self.body.addLayout(row)
        self.balance_paise: int | None = None

    def forget(self) -> None:
        super().forget()
        self.balance_paise = None
        self._show_balance()
        set_label(self.greeting, "")

    def _tap(self, turn) -> None:
        self.app.interrupt()
        self.app.talk(turn)

    def title(self) -> str:
        return self.words("home.title")

    def spoken(self) -> str:
        return f"{self.app.greeting()}. {self.words('home.say')}"

    def retranslate(self) -> None:
        # With very large text the greeting takes the balance's type size, not the title's: at 200% on a
        # 1366x768 screen a two-line greeting pushed the balance's figures below the fold.
        role = "large" if self.app.prefs.text_scale >= Beside.STACK_FROM_SCALE else "title"
        if self.greeting.property("role") != role:
            self.greeting.setProperty("role", role)
            self.greeting.style().unpolish(self.greeting)
            self.greeting.style().polish(self.greeting)
        set_label(self.greeting, self.app.greeting() if self.app.profile else "")
        set_label(self.balance_label, self.words("home.your_balance"))
        for key, button in self.buttons.items():
            button.set_text(self.words(f"home.{key}"))
        self._show_balance()

    def arrive(self, **state) -> None:
        self.show_message("")
        if self.app.bank is not None:
            self.app.ops.run(self.app.bank.accounts, self._accounts, self._failed)

    def _failed(self, exc) -> None:
        self.balance_paise = None  # not known now: better no figure than an old one
        self._show_balance()
        self.show_message(self.app.tell_failure(exc))

    def _accounts(self, accounts) -> None:
        try:
            self.balance_paise = main_account(accounts).balance_paise
        except Exception:  # noqa: BLE001 - no account yet: the screen says nothing about a balance
            self.balance_paise = None
        self._show_balance()

    def _show_balance(self) -> None:
        if self.balance_paise is None:
            set_label(self.balance, "—")
            set_label(self.balance_words, "")
            return
        set_label(self.balance, format_inr(self.balance_paise))
        set_label(self.balance_words, self.words.money(self.balance_paise))
