"""History: the latest movements a few at a time, read aloud on request; "next" and "back" by voice or touch."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from smartbank_desktop.core.money import format_inr
from smartbank_desktop.ui.widgets.buttons import BigButton, clear_layout, label, set_label

from .base import Screen

PER_PAGE = 3
LOADED = 20


class HistoryScreen(Screen):
    name = "history"

    def __init__(self, app):
        super().__init__(app)
        self.items = []
        self.first = 0
        self.rows = QVBoxLayout()
        self.rows.setSpacing(12)
        self.read = BigButton()
        self.read.clicked.connect(lambda: self.app.say(self.page_words()))
        self.previous = BigButton(kind="plain")
        self.previous.clicked.connect(lambda: self.turn(-1))
        self.next = BigButton(kind="plain")
        self.next.clicked.connect(lambda: self.turn(1))
        self.empty = label(role="large")
        row = QHBoxLayout()
        for button in (self.previous, self.read, self.next):
            row.addWidget(button)
        self.body.addLayout(row)
        self.body.addWidget(self.message)
        self.body.addWidget(self.empty)
        self.body.addLayout(self.rows)

    def title(self) -> str:
        return self.words("history.title")

    def spoken(self) -> str:
        return self.page_words() if self.items else self.words("history.loading")

    def retranslate(self) -> None:
        self.read.set_text(self.words("history.read"))
        self.previous.set_text(self.words("history.previous"))
        self.next.set_text(self.words("history.next"))
        set_label(self.empty, self.words.catalogue.phrase("history_empty") if not self.items else "")
        self.empty.setVisible(not self.items)
        self._show()

    def forget(self) -> None:
        super().forget()
        self.items, self.first = [], 0
        self.retranslate()

    def arrive(self, **state) -> None:
        self.first = 0
        self.show_message("")
        if state.get("items"):
            self.items = list(state["items"])
        if self.app.bank is not None:
            self.app.ops.run(lambda: self.app.bank.history(LOADED), self._loaded, self._failed)

    def _loaded(self, items) -> None:
        arrived_empty = not self.items
        self.items = list(items)
        self.retranslate()
        if arrived_empty:
            self.app.say(self.page_words())

    def _failed(self, exc) -> None:
        self.show_message(self.app.tell_failure(exc))

    def page(self):
        return self.items[self.first:self.first + PER_PAGE]

    def page_words(self) -> str:
        catalogue = self.words.catalogue
        if not self.items:
            return catalogue.phrase("history_empty")
        lines = []
        for item in self.page():
            key = "history_item_in" if item.amount_paise > 0 else "history_item_out"
            lines.append(catalogue.phrase(key, date=catalogue.day(item.date), name=item.counterparty,
                                          amount=catalogue.money(abs(item.amount_paise))))
        return " ".join(lines)

    def turn(self, direction: int) -> None:
        self.app.interrupt()
        first = self.first + direction * PER_PAGE
        if first < 0 or first >= len(self.items):
            self.app.say(self.words("history.no_more"))
            return
        self.first = first
        self._show()
        self.app.say(self.page_words())

    def _show(self) -> None:
        clear_layout(self.rows)
        for item in self.page():
            card = QFrame()
            card.setProperty("role", "card")
            inside = QVBoxLayout(card)
            key = "history.in" if item.amount_paise > 0 else "history.out"
            text = self.words(key, amount=format_inr(abs(item.amount_paise)), name=item.counterparty,
                              date=self.words.catalogue.day(item.date))
            inside.addWidget(label(text[:1].upper() + text[1:], role="large"))
            self.rows.addWidget(card)
        self.previous.setEnabled(self.first > 0)
        self.next.setEnabled(self.first + PER_PAGE < len(self.items))

    def handle_heard(self, result) -> bool:
        if result.intent in ("next", "previous"):
            self.turn(1 if result.intent == "next" else -1)
            return True
        if result.intent == "transaction_history":
            self.app.say(self.page_words())
            return True
        return False
