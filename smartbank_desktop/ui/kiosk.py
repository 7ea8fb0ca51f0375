"""Kiosk mode (``smartbank app --kiosk``): one window for many customers, remembering none of them.

Full screen, with no title bar and so no window controls. Nothing is kept on
the machine: no keyring, no preferences or name of a customer in the data
folder, no computer name sent to the bank (a shared computer counts its wrong
tries with everyone's), tokens in memory only, camera pictures and recordings
in memory, and speech rendered to memory.

The idle watch: after ``warn_after_s`` (60 s) with no touch, click, key or
speech, a warning covers the screen, is said aloud, and counts down, with a
big "I need more time" button (any touch, key or spoken word also counts);
at ``sign_out_after_s`` (90 s) the customer is signed out at the bank and
everything of theirs is forgotten: the client and its tokens, the dialogue,
the conversation, what the screens showed, the language and text size they
chose. The kiosk is back at the welcome screen in its own language, and the
watch sleeps until the next customer touches it. Waiting for the bank (a
call still running) is not idleness: the clock stops meanwhile.

A customer cannot close it: a close request (Alt+F4, a window manager's
close) is ignored. The operator closes it by asking the process to quit
(SIGTERM, SIGHUP, or SIGINT from a terminal) or with the staff keys
Ctrl+Alt+Shift+Q; a customer still signed in is signed out at the bank as it closes.
"""

from __future__ import annotations

import logging
import os
import signal
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget

from smartbank_desktop.ui.preferences import Preferences
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

log = logging.getLogger(__name__)

WARN_AFTER_S = 60.0
SIGN_OUT_AFTER_S = 90.0
ENV_WARN = "SMARTBANK_KIOSK_IDLE_WARNING"
ENV_SIGN_OUT = "SMARTBANK_KIOSK_IDLE_SIGN_OUT"
ENV_LANGUAGE = "SMARTBANK_KIOSK_LANGUAGE"
# What counts as the customer being there: a touch, a click, a key, the wheel (speech comes from the listener).
ACTIVITY = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
                      QEvent.Type.Wheel, QEvent.Type.TabletPress})
RETRY_FORGET_MS = 500
STAFF_QUIT_KEYS = "Ctrl+Alt+Shift+Q"  # the operator's way to close the kiosk at the machine
QUIT_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")  # the operator's way from outside (those this platform has)
SIGNAL_CHECK_MS = 250  # Python runs signal handlers only between its own bytecodes: wake it in Qt's loop


@dataclass(frozen=True)
class KioskOptions:
    warn_after_s: float = WARN_AFTER_S
    sign_out_after_s: float = SIGN_OUT_AFTER_S
    language: str = "en"  # each new customer starts in this language

    def __post_init__(self):
        if not 0 < self.warn_after_s < self.sign_out_after_s:
            raise ValueError("the idle warning must come after 0 seconds and before the sign-out")
        if self.language not in ("en", "hi"):
            raise ValueError("the kiosk's language must be en or hi")

    @classmethod
    def configured(cls, warn_after_s: float | None = None, sign_out_after_s: float | None = None,
                   language: str | None = None) -> KioskOptions:
        """From the command line's options, else the environment's settings, else the defaults."""
        def number(value, name, default):
            if value is not None:
                return float(value)
            return float(os.environ[name]) if os.environ.get(name) else default

        return cls(number(warn_after_s, ENV_WARN, WARN_AFTER_S), number(sign_out_after_s, ENV_SIGN_OUT, SIGN_OUT_AFTER_S),
                   language or os.environ.get(ENV_LANGUAGE) or "en")


def _is_staff_quit(event: QKeyEvent) -> bool:
    pressed = QKeySequence(event.keyCombination()).toString(QKeySequence.SequenceFormat.PortableText)
    return pressed == QKeySequence(STAFF_QUIT_KEYS).toString(QKeySequence.SequenceFormat.PortableText)


class KioskWarning(QFrame):
    """The warning over the whole window: "Are you still there?", the seconds left, "I need more time"."""

    def __init__(self, app, on_more_time=None):
        super().__init__(app.window.centralWidget())
        self.app, self.words = app, app.words
        self.setAutoFillBackground(True)  # the screen behind is covered: one thing to read
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        outer.addStretch(1)
        self.card = QFrame()
        self.card.setProperty("role", "warning")
        inside = QVBoxLayout(self.card)
        inside.setSpacing(18)
        inside.setContentsMargins(32, 28, 32, 28)
        self.heading = label(role="title")
        self.countdown = label(role="large")
        self.more_time = BigButton(kind="confirm")
        self.more_time.setMinimumHeight(120)
        self.more_time.clicked.connect(on_more_time or self.close_warning)
        for widget in (self.heading, self.countdown):
            inside.addWidget(widget)
        outer.addWidget(self.card)
        outer.addSpacing(24)
        outer.addWidget(self.more_time)  # beside the card, not in it: the card's colours are for its words
        outer.addStretch(1)
        self.seconds_left = 0
        self.hide()
        self.parentWidget().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def open_warning(self, seconds_left: int) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show_seconds(seconds_left)
        self.show()
        self.raise_()
        self.more_time.setFocus()

    def show_seconds(self, seconds_left: int) -> None:
        self.seconds_left = max(0, seconds_left)
        set_label(self.heading, self.words("kiosk.title"))
        set_label(self.countdown, self.words("kiosk.warning", seconds=self.seconds_left))
        self.more_time.set_text(self.words("kiosk.more_time"))
        self.setAccessibleName(f"{self.heading.text()} {self.countdown.text()}")

    def spoken(self) -> str:
        return self.words("kiosk.say", seconds=self.seconds_left)

    def close_warning(self) -> None:
        self.hide()


class Kiosk(QObject):
    """The idle watch and forgetting everything, for one app window."""

    def __init__(self, app, options: KioskOptions):
        super().__init__()
        self.app, self.options = app, options
        self.armed = False  # a customer is there: someone touched, typed or spoke since the last reset
        self.warning = KioskWarning(app, on_more_time=self.more_time)
        self._warn_timer = self._timer(options.warn_after_s, self.warn)
        self._sign_out_timer = self._timer(options.sign_out_after_s, self.time_out)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self._waiting_for_bank = False
        self._heard_for_warning = False  # the microphone opened for the warning: what it hears is no command
        app.window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)  # no title bar: no window controls
        self._hearing = False  # the customer has started to speak and is being understood
        app.listener.speech_started.connect(self._speech_started)
        app.listener.heard.connect(self._heard)
        app.listener.state_changed.connect(self._listener_state)
        app.ops.busy.connect(self._busy)
        self.quitting = False  # the operator asked: the window may close
        self._signal_check: QTimer | None = None
        QApplication.instance().installEventFilter(self)

    def _timer(self, seconds: float, then) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(round(seconds * 1000))
        timer.timeout.connect(then)
        return timer

    def close(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self._stop()
        if self._signal_check is not None:
            self._signal_check.stop()
        self._sign_out_at_the_bank()

    def _sign_out_at_the_bank(self) -> None:
        """Closed with a customer signed in: their tokens end at the bank too, not only with this process."""
        client = self.app._client
        if client is None:
            return
        try:
            client.sign_out()
        except Exception as exc:  # the bank is not answering: the tokens end with this process
            log.info("kiosk: sign-out at the bank on closing: %s", exc)

    # -- only the operator closes the kiosk
    def operator_quit(self) -> None:
        """The operator's keys or signal: the window closes (and with it the app)."""
        log.info("kiosk: closed by the operator")
        self.quitting = True
        self.app.window.close()

    def quit_on_signals(self) -> dict:
        """SIGTERM, SIGINT and SIGHUP close the kiosk as the staff keys do; the handlers they had, returned."""
        def asked(signum, frame) -> None:
            QTimer.singleShot(0, self.operator_quit)  # on the Qt thread, from its event loop

        previous = {}
        for name in QUIT_SIGNALS:
            if hasattr(signal, name):
                number = getattr(signal, name)
                previous[number] = signal.signal(number, asked)
        self._signal_check = QTimer(self)
        self._signal_check.timeout.connect(lambda: None)
        self._signal_check.start(SIGNAL_CHECK_MS)
        return previous

    # -- the customer is there
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Close and watched is self.app.window and not self.quitting:
            event.ignore()  # Alt+F4 or the window manager: a customer must not close the kiosk
            log.info("kiosk: a request to close the window was ignored")
            return True
        if event.type() == QEvent.Type.KeyPress and _is_staff_quit(event) and isinstance(watched, QWidget) \
                and watched.window() is self.app.window:
            self.operator_quit()
            return True
        if event.type() in ACTIVITY and isinstance(watched, QWidget) and watched.window() is self.app.window:
            button = self.warning.more_time
            if not (self.warning.isVisible() and (watched is button or button.isAncestorOf(watched))):
                self.activity()  # (a press of "I need more time" is left to its click)
        return False

    def activity(self, by_speech: bool = False) -> None:
        """A touch, key or word: the clock starts again, and a warning shown goes away."""
        self.armed = True
        if self.warning.isVisible():
            self.warning.close_warning()
            self._tick.stop()
            if not by_speech:  # a tap or a key answered: the microphone opened for the warning closes
                self._heard_for_warning = False
                self.app.interrupt()
                self.app.say(self.app.words("kiosk.take_your_time"))
        self._restart()

    def _restart(self) -> None:
        """The clock from zero, unless it stands still (the bank is answering, or the customer speaking)."""
        if not (self._waiting_for_bank or self._hearing):
            self._warn_timer.start()
            self._sign_out_timer.start()

    def _speech_started(self) -> None:
        self.activity(by_speech=True)
        self._hearing = True  # no clock while the customer speaks and their words are understood
        self._stop()

    def _heard(self, result) -> None:
        if result is not None or self._hearing:
            self._hearing = False
            self.activity(by_speech=True)

    def _listener_state(self, state: str) -> None:
        if state != "listening" and self._hearing:  # the turn ended (or was cancelled) without words
            self._hearing = False
            self.activity(by_speech=True)

    def more_time(self) -> None:
        """"I need more time": the warning goes, the clock starts again."""
        self.activity()

    def takes_heard(self, result) -> bool:
        """Words heard in answer to the warning only say "I am here": they are not a command."""
        if self._heard_for_warning:
            self._heard_for_warning = False
            if result is not None:
                self.app.by_voice = False
                self.app.say(self.app.words("kiosk.take_your_time"))
            return True
        return False

    def _busy(self, busy: bool) -> None:
        """Waiting for the bank is not idleness: the clock stands still, and starts again from zero after.
        (A warning already shown keeps counting: nobody asked for anything.)"""
        self._waiting_for_bank = busy
        if self.warning.isVisible():
            return
        if busy:
            self._stop()
        elif self.armed:
            self._restart()

    def _stop(self) -> None:
        self._warn_timer.stop()
        self._sign_out_timer.stop()
        self._tick.stop()

    # -- the warning, then forgetting
    def warn(self) -> None:
        self.warning.open_warning(self._seconds_left())
        self._tick.start()
        app = self.app
        app.interrupt()
        app.say(self.warning.spoken())
        self._heard_for_warning = True
        app.by_voice = True  # once the warning is said, the microphone opens: a word is enough to stay
        app.listen_after_speaking()

    def _seconds_left(self) -> int:
        remaining = self._sign_out_timer.remainingTime()
        return max(0, round(remaining / 1000)) if remaining >= 0 else 0

    def _count_down(self) -> None:
        if self.warning.isVisible():
            self.warning.show_seconds(self._seconds_left())

    def time_out(self) -> None:
        log.info("kiosk: no one there for %.0f s; forgetting everything", self.options.sign_out_after_s)
        self.forget_everything()

    def forget_everything(self, goodbye: str = "") -> None:
        """Sign out at the bank and forget the customer here; back to the welcome screen, ready for the next
        (``goodbye``: said as they go, when they signed out themselves)."""
        app = self.app
        if app.ops.pending:  # an answer still on its way would land in the next customer's session
            QTimer.singleShot(RETRY_FORGET_MS, lambda: self.forget_everything(goodbye))
            return
        self._stop()
        self.armed = False
        self._heard_for_warning = False
        self.warning.close_warning()
        app.interrupt()
        app.camera.stop()
        client, app._client = app._client, None  # the next customer gets a new client: no tokens, no names

        def sign_out() -> None:
            try:
                client.sign_out()
            finally:
                client.close()

        if client is not None:
            app.ops.run(sign_out, lambda _: None, lambda exc: log.info("kiosk sign-out at the bank: %s", exc),
                        quiet=True)
        app.signing_in_as, app.signing_in_name = None, ""
        app.bank = app.dialogue = app.profile = None  # before the language changes back (it would reload them)
        app.last_said = ""
        app.window.captions.show_said("", "")
        app.window.captions.show_heard("", "")
        app.apply_preferences(Preferences(language=self.options.language), save=False)
        app.end_session(goodbye, speak=False)
