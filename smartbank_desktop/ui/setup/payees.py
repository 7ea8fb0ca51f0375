"""Step 11: the people the customer sends money to, saved by name and SmartBank account number (each refused
field's reason shown beside it, what was typed kept)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit

from smartbank_desktop.core.refusals import Code, Refusal
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import WizardStep

FIELDS = ("name", "account_number")


class PayeesStep(WizardStep):
    step = "payees"
    optional = True

    def __init__(self, app):
        super().__init__(app)
        self.labels, self.edits, self.reasons = {}, {}, {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for row, field in enumerate(FIELDS):
            self.labels[field] = label(role="large")
            self.edits[field] = QLineEdit()
            self.labels[field].setBuddy(self.edits[field])
            self.reasons[field] = label(role="message")
            self.reasons[field].hide()
            grid.addWidget(self.labels[field], row * 2, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.edits[field], row * 2, 1)
            grid.addWidget(self.reasons[field], row * 2 + 1, 1)
        grid.setColumnStretch(1, 1)
        self.edits["name"].setMaxLength(100)
        self.edits["account_number"].setMaxLength(20)
        self.edits["account_number"].setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.content.addLayout(grid)
        self.save_button = BigButton(kind="confirm")
        self.save_button.clicked.connect(self.save_payee)
        self.saved_heading = label(role="large")
        self.saved = label(role="large")
        for widget in (self.save_button, self.saved_heading, self.saved):
            self.content.addWidget(widget)
        self.finish_layout()
        self.next_button.setProperty("kind", "plain")
        self.payees: list[dict] = []
        self.errors: dict[str, str] = {}

    def retranslate_step(self) -> None:
        for field in FIELDS:
            set_label(self.labels[field], self.w(f"field.{field}"))
            self.edits[field].setAccessibleName(self.w(f"field.{field}"))
            text = self.errors.get(field, "")
            set_label(self.reasons[field], text)
            self.reasons[field].setVisible(bool(text))
        self.save_button.set_text(self.w("save"))
        set_label(self.saved_heading, self.w("saved") if self.payees else "")
        set_label(self.saved, "\n".join(f"•  {p['name']}  ·  {p.get('masked_account', '')}" for p in self.payees))

    def next_words(self) -> str:
        return self.words("setup.finish_step")

    def enter(self, **state) -> None:
        self.errors = {}
        self.app.ops.run(self.wizard.client.payees, self._loaded, self.refused)
        self.edits["name"].setFocus()

    def _loaded(self, payees: list[dict]) -> None:
        self.payees = payees
        self.retranslate()

    def save_payee(self) -> None:
        name = self.edits["name"].text().strip()
        number = "".join(ch for ch in self.edits["account_number"].text() if not ch.isspace())
        client = self.wizard.client

        def saved(payee: dict) -> None:
            self.errors = {}
            for edit in self.edits.values():
                edit.clear()
            self.payees.append(payee)
            self.retranslate()
            self.tell(self.w("added", name=payee["name"]))
            self.edits["name"].setFocus()

        self.app.ops.run(lambda: client.add_payee(name, number), saved, self._refused)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, Refusal) and exc.code == Code.INVALID_INPUT and exc.facts.get("errors"):
            errors = exc.facts["errors"]
            english = self.words.language == "en"
            self.errors = {f: " ".join(errors[f]) if english else self.w(f"refused.{f}") for f in FIELDS if f in errors}
            if self.errors:
                self.retranslate()
                self.edits[next(f for f in FIELDS if f in self.errors)].setFocus()
                self.app.say(" ".join(self.errors.values()))
                return
        self.refused(exc)
