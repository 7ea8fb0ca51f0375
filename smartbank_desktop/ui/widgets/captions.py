"""Captions: what SmartBank said and what it heard, in large type at the foot of every screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QVBoxLayout

from smartbank_desktop.ui.fonts import app_font

from .buttons import label, set_label


class Captions(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setProperty("role", "captions")
        self.said = label("")
        self.said.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.heard = label("", role="muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.said)
        layout.addWidget(self.heard)
        self.heard.hide()

    def fit_lines(self, lines: int, point_size: int) -> None:
        """At most ``lines`` lines of captions, so the screen above keeps its room (the words are also said)."""
        metrics = QFontMetrics(app_font(point_size))
        self.said.setMaximumHeight(metrics.lineSpacing() * lines + 4)

    def show_said(self, prefix: str, text: str) -> None:
        set_label(self.said, f"{prefix} {text}" if text else "")

    def show_heard(self, prefix: str, text: str) -> None:
        set_label(self.heard, f"{prefix} {text}" if text else "")
        self.heard.setVisible(bool(text))
