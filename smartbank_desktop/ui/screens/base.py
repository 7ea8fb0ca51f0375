"""What every screen has: a title, the words said on arrival (and again on "repeat"), and a scrolling body.

A screen holds no banking rule: it shows the dialogue's state or the bank's
answers, and hands what the customer taps to the app (which runs it off the
Qt thread). Texts are set in :meth:`Screen.retranslate`, called again when the
language changes.
"""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from smartbank_desktop.ui.widgets.buttons import label


class Screen(QWidget):
    name = ""
    # A screen that asks a question answered by voice (who is signing in, how, "Shall I remember you?", what
    # next at home): reached by a spoken answer, it opens the microphone again once it has asked.
    asks_by_voice = False

    def __init__(self, app):
        """``app``: the running SmartBankApp (words, the bank, moving between screens)."""
        super().__init__()
        self.app = app
        self.words = app.words
        self.scroll = scroll = QScrollArea()
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

    def forget(self) -> None:
        """The customer has signed out (or left a kiosk): drop what they typed or were shown, so the next
        one never sees it; each screen drops its own state too."""
        from smartbank_desktop.ui.widgets.camera_view import CameraView
        from smartbank_desktop.ui.widgets.keypad import Keypad

        for keypad in self.findChildren(Keypad):
            keypad.clear()
        for view in self.findChildren(CameraView):
            view.clear()
        self.show_message("")

    def handle_heard(self, result) -> bool:
        """Words the screen takes itself ("next" on the history, digits on a keypad); True when taken."""
        return False

    def listens_for(self) -> str | None:
        """The answer the screen's question takes (voice.answers.ANSWERS), or None for any command."""
        return None

    # -- helpers
    def show_top(self) -> None:
        """Scrolled back to the top: every screen opens at its beginning."""
        self.scroll.verticalScrollBar().setValue(0)

    def keep_in_view(self, widget: QWidget) -> None:
        """Scroll so the widget with the keyboard focus can be seen (large text on a small screen)."""
        if self.isAncestorOf(widget):
            self.scroll.ensureWidgetVisible(widget, 24, 24)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setVisible(bool(text))


class Beside(QBoxLayout):
    """A keypad (or a card) with what it fills and confirms beside it: all in view on a small screen, rather
    than the buttons below the fold. With very large text the two go one above the other instead."""

    STACK_FROM_SCALE = 1.5
    _all: weakref.WeakSet = weakref.WeakSet()

    def __init__(self):
        super().__init__(QBoxLayout.Direction.LeftToRight)
        Beside._all.add(self)

    @classmethod
    def arrange_all(cls, scale: float) -> None:
        direction = (QBoxLayout.Direction.TopToBottom if scale >= cls.STACK_FROM_SCALE
                     else QBoxLayout.Direction.LeftToRight)
        for layout in list(cls._all):
            if shiboken6.isValid(layout):  # a finished setup's steps are deleted by Qt, their layouts too
                layout.setDirection(direction)


def beside(main: QWidget, *others, keypad_width: bool = True, main_share: int = 3) -> Beside:
    row = Beside()
    row.setSpacing(24)
    if keypad_width:
        main.setMaximumWidth(560)
    main.setSizePolicy(main.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)
    row.addWidget(main, main_share, Qt.AlignmentFlag.AlignTop)
    column = QVBoxLayout()
    column.setSpacing(14)
    for widget in others:
        if isinstance(widget, QLayout):
            column.addLayout(widget)
        else:
            column.addWidget(widget)
    column.addStretch(1)
    row.addLayout(column, 4)
    return row
