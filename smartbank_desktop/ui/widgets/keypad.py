"""A big number keypad: 1-9, 0 and "delete", with the number so far shown (or hidden, for a PIN)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from .buttons import BigButton, label, set_label


class Keypad(QWidget):
    changed = Signal(str)  # the digits so far

    def __init__(self, max_digits: int = 10, hidden: bool = False, show_display: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.max_digits = max_digits
        self.hidden = hidden
        self.value = ""
        self.display = label("", role="huge")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, BigButton] = {}
        for index, key in enumerate("123456789"):
            self.keys[key] = self._key(key)
            grid.addWidget(self.keys[key], index // 3, index % 3)
        self.keys["0"] = self._key("0")
        grid.addWidget(self.keys["0"], 3, 1)
        self.delete = BigButton("⌫", kind="plain")
        self.delete.setSizePolicy(self.delete.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Fixed)
        self.delete.clicked.connect(self.backspace)
        grid.addWidget(self.delete, 3, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if show_display:  # else the screen places ``display`` where it fits
            layout.addWidget(self.display)
        layout.addLayout(grid)
        self.set_delete_name("Delete")
        self._show()

    def _key(self, digit: str) -> BigButton:
        button = BigButton(digit, kind="plain")
        button.setSizePolicy(button.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda: self.press(digit))
        return button

    def set_delete_name(self, name: str) -> None:
        self.delete.setAccessibleName(name)

    def press(self, digit: str) -> None:
        if len(self.value) < self.max_digits:
            self.value += digit
            self._show()

    def backspace(self) -> None:
        self.value = self.value[:-1]
        self._show()

    def clear(self) -> None:
        self.value = ""
        self._show()

    def set_value(self, digits: str) -> None:
        self.value = "".join(ch for ch in digits if ch.isdigit())[: self.max_digits]
        self._show()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        if text.isdigit() and text.isascii():
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        else:
            super().keyPressEvent(event)

    def _shown(self) -> str:
        return "●" * len(self.value) if self.hidden else self.value

    def _show(self) -> None:
        set_label(self.display, self._shown() or " ")
        self.changed.emit(self.value)
