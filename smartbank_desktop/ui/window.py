"""The one window: a title bar with "Say it again" and "Home", the screens, and at the foot of every
screen the captions, a "Yes / No" bar when the assistant asks, and the microphone button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QMainWindow,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label
from smartbank_desktop.ui.widgets.captions import Captions
from smartbank_desktop.ui.widgets.microphone import MicrophoneButton

MICROPHONE_WIDTH = 420  # at most, beside the captions; under a title of its own, as wide as its words
UNLIMITED = 16_777_215  # Qt's QWIDGETSIZE_MAX


class MainWindow(QMainWindow):
    def __init__(self, app):
        super().__init__()
        self.app = app
        self.words = app.words
        self.setMinimumSize(1024, 720)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)

        self.header = header = QGridLayout()
        header.setHorizontalSpacing(10)
        self.heading = label("", role="title", wrap=True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # moving: something is on its way
        self.busy.setMaximumWidth(220)
        self.busy.hide()
        self.repeat = BigButton(kind="plain")
        self.repeat.clicked.connect(app.repeat)
        self.home = BigButton(kind="plain")
        for button in (self.repeat, self.home):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Minimum)
        self.home.clicked.connect(app.go_home)
        layout.addLayout(header)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        self.question = QWidget()
        question = QHBoxLayout(self.question)
        question.setContentsMargins(0, 0, 0, 0)
        self.yes = BigButton(kind="confirm")
        self.yes.clicked.connect(app.answer_yes)
        self.no = BigButton(kind="danger")
        self.no.clicked.connect(app.answer_no)
        question.addWidget(self.yes)
        question.addWidget(self.no)
        self.question.hide()
        layout.addWidget(self.question)

        self.footer = footer = QHBoxLayout()
        self.captions = Captions()
        self.microphone = MicrophoneButton()
        self.microphone.button.clicked.connect(app.microphone_pressed)
        footer.addWidget(self.captions, 1)
        footer.addWidget(self.microphone, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(footer)
        self.setCentralWidget(central)
        self.screens: dict[str, QWidget] = {}
        self.arrange(1.0, 2.0)

    def arrange(self, scale: float, large_from: float) -> None:
        """The title with "Say it again" and "Home" beside it. With very large text the title has a row of its
        own (beside the buttons it was cut off word by word) and the microphone moves up beside the buttons,
        leaving the screen more room."""
        large = scale >= large_from
        for widget in (self.heading, self.busy, self.repeat, self.home, self.microphone):
            self.header.removeWidget(widget)
        self.footer.removeWidget(self.microphone)
        buttons = (self.busy, self.microphone, self.repeat, self.home) if large else (self.busy, self.repeat,
                                                                                      self.home)
        self.header.addWidget(self.heading, 0, 0, 1, 1 + len(buttons) if large else 1)
        # Under the title there is room for the microphone's words on one line (two were cut off in Hindi).
        self.microphone.setMaximumWidth(UNLIMITED if large else MICROPHONE_WIDTH)
        for column, widget in enumerate(buttons, start=1):
            self.header.addWidget(widget, 1 if large else 0, column)
        if not large:
            self.footer.addWidget(self.microphone, 0, Qt.AlignmentFlag.AlignBottom)
        self.header.setColumnStretch(0, 1)

    def add_screen(self, screen) -> None:
        self.screens[screen.name] = screen
        self.stack.addWidget(screen)

    @property
    def current(self):
        return self.stack.currentWidget()

    def show_screen(self, screen) -> None:
        if self.current is not screen and self.current is not None:
            self.current.leave()
        self.stack.setCurrentWidget(screen)
        self.refresh_heading()

    def refresh_heading(self) -> None:
        screen = self.current
        title = screen.title() if screen is not None else ""
        set_label(self.heading, title)
        self.setWindowTitle(f"SmartBank — {title}" if title else "SmartBank")

    def retranslate(self) -> None:
        self.repeat.set_text(self.words("window.repeat"))
        self.home.set_text(self.words("window.home"))
        self.yes.set_text(self.words("common.yes"))
        self.no.set_text(self.words("common.no"))
        self.busy.setAccessibleName(self.words("window.please_wait"))
        self.microphone.set_meter_name(self.words("microphone.level"))
        for screen in self.screens.values():
            screen.retranslate()
        self.refresh_heading()
