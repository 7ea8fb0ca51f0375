"""Step 2: the registration form, with the bank's reason for each refused field shown beside it.

The bank checks the form when the registration is sent (after the photos and
the PIN, which it needs at the same time); a refusal brings the helper back
here with every field as it was typed and the bank's reason beside each field
it refused, then "Send again" sends it with the photos already taken. The
Aadhaar number is shown masked once typed (``XXXX XXXX 1234``) and is never
written to the data folder.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QWidget

from smartbank_desktop.core.aadhaar import mask
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import WizardStep

FIELDS = ("full_name", "email", "mobile", "date_of_birth", "aadhaar_number", "address")
DATE_SEPARATORS = "/-. "


def parse_date(text: str) -> str | None:
    """DD/MM/YYYY (as on the Aadhaar card) to the ISO date the bank takes; None when it is not a date."""
    cleaned = text.strip()
    for separator in DATE_SEPARATORS:
        cleaned = cleaned.replace(separator, "/")
    parts = [p for p in cleaned.split("/") if p]
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    day, month, year = (int(p) for p in parts)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def shown_date(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


class AadhaarField(QWidget):
    """The Aadhaar number: typed, then shown masked with a "Type it again" button."""

    def __init__(self, wizard):
        super().__init__()
        self.wizard = wizard
        self.edit = QLineEdit()
        self.edit.setMaxLength(14)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.edit.editingFinished.connect(self.take)
        self.change = BigButton(kind="plain")
        self.change.clicked.connect(self.retype)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 3)
        row.addWidget(self.change, 2)

    def take(self) -> None:
        if self.edit.isReadOnly():
            return
        digits = "".join(ch for ch in self.edit.text() if ch.isdigit())
        if not digits:
            return
        self.wizard.set_aadhaar(digits)
        self.show_masked()

    def show_masked(self) -> None:
        self.edit.setText(mask(self.wizard.aadhaar) if len(self.wizard.aadhaar) >= 4 else "")
        self.edit.setReadOnly(True)
        self.change.setVisible(True)

    def retype(self) -> None:
        self.wizard.aadhaar = ""
        self.edit.setReadOnly(False)
        self.edit.clear()
        self.change.setVisible(False)
        self.edit.setFocus()

    def refresh(self) -> None:
        if self.wizard.aadhaar:
            self.show_masked()
        else:
            self.edit.setReadOnly(False)
            self.edit.clear()
            self.change.setVisible(False)

    @property
    def value(self) -> str:
        return self.wizard.aadhaar


class DetailsStep(WizardStep):
    step = "details"

    def __init__(self, app):
        super().__init__(app)
        self.labels, self.edits, self.reasons = {}, {}, {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        self.aadhaar = AadhaarField(self.wizard)
        for row, field in enumerate(FIELDS):
            self.labels[field] = label(role="large")
            if field == "aadhaar_number":
                self.edits[field] = self.aadhaar.edit
                widget = self.aadhaar
            else:
                self.edits[field] = widget = QLineEdit()
                widget.setMaxLength(500 if field == "address" else 254)
            self.labels[field].setBuddy(self.edits[field])
            self.reasons[field] = label(role="message")
            self.reasons[field].hide()
            grid.addWidget(self.labels[field], row * 2, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(widget, row * 2, 1)
            grid.addWidget(self.reasons[field], row * 2 + 1, 1)
        grid.setColumnStretch(1, 1)
        self.content.addLayout(grid)
        self.edits["mobile"].setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.edits["email"].setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.finish_layout()
        QWidget.setTabOrder(self.edits["address"], self.next_button)

    def retranslate_step(self) -> None:
        for field in FIELDS:
            set_label(self.labels[field], self.w(f"field.{field}"))
            self.edits[field].setAccessibleName(self.w(f"field.{field}"))
        self.edits["date_of_birth"].setPlaceholderText(self.w("date_hint"))
        self.aadhaar.change.set_text(self.w("aadhaar_again"))
        self._show_reasons()

    def next_words(self) -> str:
        return self.w("send_again") if self.wizard.ready_to_send() else self.words("common.next")

    def spoken(self) -> str:
        if self.wizard.field_errors:
            return f"{self.w('fix')} {' '.join(self._reason_texts().values())}"
        if self.wizard.state.form and not self.wizard.aadhaar:
            return self.w("say_again")
        return self.w("say")

    def enter(self, **state) -> None:
        form = self.wizard.state.form
        for field in FIELDS:
            if field != "aadhaar_number":
                value = form.get(field, "")
                self.edits[field].setText(shown_date(value) if field == "date_of_birth" else value)
        self.aadhaar.refresh()
        refused = [f for f in FIELDS if f in self.wizard.field_errors]
        first = self.edits[refused[0] if refused else "full_name"]
        first.setFocus()
        if refused:  # after the screen has opened at its top: the first refused field and its reason in view
            reason = self.reasons[refused[0]]
            QTimer.singleShot(0, lambda: (self.keep_in_view(reason), self.keep_in_view(first))
                              if self.isVisible() else None)

    def _reason_texts(self) -> dict[str, str]:
        """Each refused field's reason in the chosen language: the bank's own sentence in English, ours in
        Hindi (the bank writes its reasons in English)."""
        texts = {}
        for field, reasons in self.wizard.field_errors.items():
            if field not in FIELDS:
                continue
            if self.words.language == "en" or field in self.wizard.local_errors:
                texts[field] = " ".join(reasons)
            else:
                kind = "taken" if field in self.wizard.taken else "refused"
                texts[field] = self.words(f"setup.details.{kind}.{field}")
        return texts

    def _show_reasons(self) -> None:
        texts = self._reason_texts()
        for field in FIELDS:
            text = texts.get(field, "")
            set_label(self.reasons[field], text)
            self.reasons[field].setVisible(bool(text))
            self.edits[field].setAccessibleDescription(text)

    def read_form(self) -> dict[str, str]:
        self.aadhaar.take()
        values = {field: self.edits[field].text().strip() for field in FIELDS if field != "aadhaar_number"}
        born = parse_date(values["date_of_birth"])
        values["date_of_birth"] = born or values["date_of_birth"]
        return values

    def leave(self) -> None:
        """Whatever way the helper leaves the form (Home, Stop for now, Back), what was typed is kept."""
        if self.wizard.state is not None:
            self.wizard.state.form = self.read_form()
            self.wizard.save()

    def go_on(self) -> None:
        values = self.read_form()
        self.wizard.state.form = values
        self.wizard.save()
        local = {f: [self.w("required")] for f in FIELDS
                 if not (self.aadhaar.value if f == "aadhaar_number" else values[f])}
        if values["date_of_birth"] and "date_of_birth" not in local and parse_date(
                shown_date(values["date_of_birth"])) is None:
            local["date_of_birth"] = [self.w("date_hint")]
        self.wizard.set_errors(local, local=True)
        self._show_reasons()
        if local:  # nothing to send yet: said here, in the chosen language
            self.edits[next(f for f in FIELDS if f in local)].setFocus()
            self.app.say(self.w("fix"))
            return
        if self.wizard.ready_to_send():  # back after a refusal: the photos and the PIN are still here
            self.wizard.submit()
            return
        self.wizard.next(self.step)
