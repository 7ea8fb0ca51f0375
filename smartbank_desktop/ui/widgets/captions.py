"""Captions: what SmartBank said and what it heard, in large type at the foot of every screen."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from .buttons import label, set_label


class Captions(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty("role", "captions")
        self.said = label("")
        self.heard = label("", role="muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.said)
        layout.addWidget(self.heard)
        self.heard.hide()

    def show_said(self, prefix: str, text: str) -> None:
        set_label(self.said, f"{prefix} {text}" if text else "")

    def show_heard(self, prefix: str, text: str) -> None:
        set_label(self.heard, f"{prefix} {text}" if text else "")
        self.heard.setVisible(bool(text))
