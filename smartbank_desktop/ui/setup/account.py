"""Step 7: the first account opened, once the bank has verified the documents (savings, or current)."""

from __future__ import annotations

from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import WizardStep


class AccountStep(WizardStep):
    step = "account"

    def __init__(self, app):
        super().__init__(app)
        self.savings = BigButton(kind="confirm")
        self.savings.clicked.connect(lambda: self.open("savings"))
        self.current = BigButton(kind="plain")
        self.current.clicked.connect(lambda: self.open("current"))
        self.opened = label(role="title")
        for widget in (self.savings, self.current, self.opened):
            self.content.addWidget(widget)
        self.finish_layout()
        self.accounts: list[dict] = []

    def spoken(self) -> str:
        if self.accounts:
            return self._opened_words()
        return self.w("say", name=self.wizard.customer_name())

    def _opened_words(self, *, shown: bool = False) -> str:
        """The account opened; its number in groups of four to read, digit by digit to hear."""
        first = self.accounts[0]
        number = first["number"]
        kind = self.w(f"kind.{first['type']}")
        number = " ".join(number[i:i + 4] for i in range(0, len(number), 4)) if shown else " ".join(number)
        return self.w("opened", kind=kind, number=number, balance=self.words.money(int(first.get("balance_paise") or 0)))

    def retranslate_step(self) -> None:
        self.savings.set_text(self.w("open_savings"))
        self.current.set_text(self.w("open_current"))
        set_label(self.opened, self._opened_words(shown=True) if self.accounts else "")
        set_label(self.instructions, self.w("instructions", name=self.wizard.customer_name()))

    def enter(self, **state) -> None:
        self.accounts = []
        self.show_state()
        self.app.ops.run(self.wizard.client.accounts, self._loaded, self.refused)

    def _loaded(self, accounts: list[dict]) -> None:
        self.accounts = [a for a in accounts if a.get("type") in ("savings", "current")]
        self.show_state()
        self.retranslate()
        if self.accounts and self.isVisible():
            self.app.say(self._opened_words())

    def show_state(self) -> None:
        has = bool(self.accounts)
        self.savings.setVisible(not has)
        self.current.setVisible(not has)
        self.opened.setVisible(has)
        self.next_button.setEnabled(has)
        (self.next_button if has else self.savings).setFocus()

    def open(self, kind: str) -> None:
        self.savings.setEnabled(False)
        self.current.setEnabled(False)
        client = self.wizard.client

        def done(_):
            self.savings.setEnabled(True)
            self.current.setEnabled(True)
            self.app.ops.run(client.accounts, self._loaded, self.refused)

        def failed(exc):
            self.savings.setEnabled(True)
            self.current.setEnabled(True)
            self.refused(exc)

        self.app.ops.run(lambda: client.open_account(kind), done, failed)
