"""Captions: what SmartBank said and what it heard, in large type at the foot of every screen.

The box keeps a few lines, so the screen above keeps its room. What is said at more length is shown a
page at a time (every page but the last ends with "…"), and the pages turn as the words are spoken,
so the caption is the part being said; a tap on the captions turns the page too. A screen reader is
given the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QVBoxLayout

from smartbank_desktop.ui.fonts import app_font

from .buttons import label, set_label

MORE = " …"


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
        self._lines, self._metrics = 3, QFontMetrics(app_font(20))
        self._text, self.pages, self.page = "", [""], 0
        self._turns: list[QTimer] = []

    def fit_lines(self, lines: int, point_size: int) -> None:
        """At most ``lines`` lines of captions at this text size (the words are also said)."""
        self._lines, self._metrics = lines, QFontMetrics(app_font(point_size))
        self.said.setMaximumHeight(self._metrics.lineSpacing() * lines + 4)
        self._paginate()

    def show_said(self, prefix: str, text: str) -> None:
        self._text = f"{prefix} {text}" if text else ""
        self._stop_turning()
        self.page = 0  # from the start, even when the same words are said again
        self._paginate()

    def show_heard(self, prefix: str, text: str) -> None:
        set_label(self.heard, f"{prefix} {text}" if text else "")
        self.heard.setVisible(bool(text))

    def follow(self, text: str, seconds: float) -> None:
        """``text`` (the caption shown) is being said over ``seconds``: each page is shown while it is said."""
        self._stop_turning()
        if len(self.pages) < 2 or not self._text.endswith(text):
            return
        total, elapsed = sum(len(page) for page in self.pages), 0.0
        for number, page in enumerate(self.pages[:-1], start=1):
            elapsed += seconds * len(page) / total
            timer = QTimer(self, singleShot=True, interval=int(elapsed * 1000))
            timer.timeout.connect(lambda number=number: self._show(number))
            timer.start()
            self._turns.append(timer)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if len(self.pages) > 1:
            self._stop_turning()
            self._show((self.page + 1) % len(self.pages))
        super().mousePressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._paginate()

    # --
    def _paginate(self) -> None:
        """Pages for the text at the box's width; the page shown stays, or the last if there are fewer."""
        width = self.said.width() if self.said.width() > 100 else self.width() - 32
        pages = paginate(self._text, self._metrics, max(width, 100), self._lines)
        if pages != self.pages:
            self._stop_turning()
            self.pages = pages
            self.page = min(self.page, len(pages) - 1)
        self._show(self.page)

    def _show(self, number: int) -> None:
        self.page = number
        self.said.setText(self.pages[number])
        self.said.setAccessibleName(self._text)

    def _stop_turning(self) -> None:
        for timer in self._turns:
            timer.stop()
            timer.deleteLater()
        self._turns = []


def paginate(text: str, metrics: QFontMetrics, width: int, lines: int) -> list[str]:
    """``text`` in pages of at most ``lines`` lines ``width`` wide, whole words, "…" where a page goes on."""
    words = text.split()
    if not words:
        return [""]
    spacing = metrics.lineSpacing()

    def fits(candidate: str) -> bool:  # lines counted, not pixels: a wrapped line may be a pixel taller
        flags = int(Qt.TextFlag.TextWordWrap)
        height = metrics.boundingRect(QRect(0, 0, width, 20 * spacing * lines), flags, candidate).height()
        return round(height / spacing) <= lines

    pages, current = [], []
    for word in words:
        if current and not fits(" ".join([*current, word]) + MORE):
            pages.append(" ".join(current) + MORE)
            current = []
        current.append(word)
    pages.append(" ".join(current))
    return pages
