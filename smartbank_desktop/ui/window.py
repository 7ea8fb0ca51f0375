"""The one window: a title bar with "Say it again" and "Home", the screens, and at the foot of every
screen the captions, a "Yes / No" bar when the assistant asks, and the microphone button. With very
large text the buttons stand in a column at the right of the screens instead."""

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

MICROPHONE_WIDTH = 420  # at most, beside the captions
RAIL_WIDTH = 330  # the column of buttons beside the screens, with very large text (their words wrap)
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
        self.busy.hide()
        self.repeat = BigButton(kind="plain")
        self.repeat.clicked.connect(app.repeat)
        self.home = BigButton(kind="plain")
        for button in (self.repeat, self.home):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Minimum)
        self.home.clicked.connect(app.go_home)

        self.stack = QStackedWidget()
        screens = QVBoxLayout()
        screens.setSpacing(10)
        screens.addLayout(header)
        screens.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addLayout(screens, 1)
        self.rail = QVBoxLayout()  # from the top of the window down to the captions
        self.rail.setSpacing(10)
        body.addLayout(self.rail)
        layout.addLayout(body, 1)

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
        """The title with "Say it again" and "Home" beside it, the microphone beside the captions. With very
        large text the title has a row of its own (beside the buttons it was cut off word by word), and the
        microphone, "Say it again" and "Home" stand in a column at the right of the screens: as a row under
        the title they left a 1366x768 screen under 300 pixels, and the balance out of sight."""
        large = scale >= large_from
        buttons = (self.busy, self.microphone, self.repeat, self.home)
        for widget in buttons:
            for layout in (self.header, self.rail, self.footer):
                layout.removeWidget(widget)
        self.header.removeWidget(self.heading)
        while self.rail.count():  # the stretch under the column
            self.rail.takeAt(0)
        self.header.addWidget(self.heading, 0, 0)
        self.header.setColumnStretch(0, 1)
        if large:
            for widget in buttons:
                self.rail.addWidget(widget)
                widget.setMaximumWidth(RAIL_WIDTH)
            self.rail.addStretch(1)
            return
        self.busy.setMaximumWidth(220)
        self.microphone.setMaximumWidth(MICROPHONE_WIDTH)
        for widget in (self.repeat, self.home):
            widget.setMaximumWidth(UNLIMITED)
        for column, widget in enumerate((self.busy, self.repeat, self.home), start=1):
            self.header.addWidget(widget, 0, column)
        self.footer.addWidget(self.microphone, 0, Qt.AlignmentFlag.AlignBottom)

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
