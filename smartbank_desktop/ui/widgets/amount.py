"""An amount as the customer types it: in figures with Indian grouping, and in words, live."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from smartbank_desktop.core.money import format_inr

from .buttons import label, set_label


class AmountDisplay(QWidget):
    def __init__(self, words, parent: QWidget | None = None):
        super().__init__(parent)
        self.words = words
        self.figures = label("", role="huge")
        self.figures.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.in_words = label("", role="large")
        self.in_words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.figures)
        layout.addWidget(self.in_words)
        self.show_paise(0)

    def show_paise(self, paise: int) -> None:
        set_label(self.figures, format_inr(paise, symbol=True).removesuffix(".00"))
        set_label(self.in_words, self.words.money(paise) if paise else "")
