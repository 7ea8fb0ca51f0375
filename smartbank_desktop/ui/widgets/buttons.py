"""A big button: its text is also its accessible name, its kind sets its colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget


class BigButton(QPushButton):
    """``kind``: "primary" (the default), "confirm", "danger" or "plain"."""

    def __init__(self, text: str = "", kind: str = "primary", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setProperty("kind", kind)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(True)
        self.set_text(text)

    def set_text(self, text: str, description: str = "") -> None:
        self.setText(text)
        self.setAccessibleName(text)
        if description:
            self.setAccessibleDescription(description)


def label(text: str = "", role: str = "", parent: QWidget | None = None, wrap: bool = True) -> QLabel:
    """A label in one of the theme's roles ("title", "large", "huge", "muted", "message")."""
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setAccessibleName(text)
    return widget


def set_label(widget: QLabel, text: str) -> None:
    widget.setText(text)
    widget.setAccessibleName(text)
