"""What every screen has: a title, the words said on arrival (and again on "repeat"), and a scrolling body.

A screen holds no banking rule: it shows the dialogue's state or the bank's
answers, and hands what the customer taps to the app (which runs it off the
Qt thread). Texts are set in :meth:`Screen.retranslate`, called again when the
language changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from smartbank_desktop.ui.widgets.buttons import label


class Screen(QWidget):
    name = ""

    def __init__(self, app):
        """``app``: the running SmartBankApp (words, the bank, moving between screens)."""
        super().__init__()
        self.app = app
        self.words = app.words
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(16, 8, 16, 8)
        self.body.setSpacing(14)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.message = label("", role="message")
        self.message.hide()

    # -- what the window asks of a screen
    def title(self) -> str:
        return ""

    def spoken(self) -> str:
        """What is said when the screen opens (and on "repeat")."""
        return self.title()

    def retranslate(self) -> None:
        """Set every text in the current language."""

    def arrive(self, **state) -> None:
        """The screen is shown (``state``: what it was opened with)."""

    def leave(self) -> None:
        """Another screen is shown (stop the camera, for one)."""

    def handle_heard(self, result) -> bool:
        """Words the screen takes itself ("next" on the history, digits on a keypad); True when taken."""
        return False

    # -- helpers
    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setVisible(bool(text))


def beside(main: QWidget, *others, keypad_width: bool = True) -> QHBoxLayout:
    """A keypad (or a card) on the left and what it fills and confirms on the right: all in view on a small
    screen, rather than the buttons below the fold."""
    row = QHBoxLayout()
    row.setSpacing(24)
    if keypad_width:
        main.setMaximumWidth(560)
    main.setSizePolicy(main.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)
    row.addWidget(main, 3, Qt.AlignmentFlag.AlignTop)
    column = QVBoxLayout()
    column.setSpacing(14)
    for widget in others:
        if isinstance(widget, QHBoxLayout):
            column.addLayout(widget)
        else:
            column.addWidget(widget)
    column.addStretch(1)
    row.addLayout(column, 4)
    return row
