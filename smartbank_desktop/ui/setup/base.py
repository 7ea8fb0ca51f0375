"""What every step of the setup shares: where it stands ("Step 3 of 12"), its words said on arrival, and
Back, Next and "Stop for now" at its foot."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from smartbank_desktop.ui.screens.base import Beside, Screen
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .state import STEPS

COUNTED_STEPS = STEPS[:-1]  # "finished" is not a step of its own


class WizardStep(Screen):
    """One step: ``step`` names it (its words are ``setup.<step>.*``); subclasses fill ``self.content``."""

    step = ""
    optional = False  # a step the helper may skip (face, voice, passcodes, payees)

    def __init__(self, app):
        super().__init__(app)
        self.name = f"setup_{self.step}"
        self.wizard = app.setup
        self.where = label(role="muted")
        self.instructions = label(role="large")
        self.body.addWidget(self.where)
        self.body.addWidget(self.instructions)
        self.content = self.body  # where a step adds its own widgets
        self.back_button = BigButton(kind="plain")
        self.back_button.clicked.connect(lambda: self.wizard.back(self.step))
        self.stop_button = BigButton(kind="plain")
        self.stop_button.clicked.connect(self.wizard.stop)
        self.skip_button = BigButton(kind="plain")
        self.skip_button.clicked.connect(lambda: self.wizard.skip(self.step))
        self.next_button = BigButton(kind="confirm")
        self.next_button.clicked.connect(self.go_on)
        self.nav = QWidget()
        self.buttons = Beside()  # with very large text one above the other: four in a row wrapped and were cut
        self.nav.setLayout(self.buttons)
        self.buttons.setSpacing(16)
        for button in (self.back_button, self.stop_button, self.skip_button, self.next_button):
            self.buttons.addWidget(button)
        self.skip_button.setVisible(self.optional)

    def finish_layout(self) -> None:
        """The message and the buttons, after the step's own widgets."""
        self.body.addWidget(self.message)
        self.add_buttons()

    def add_buttons(self) -> None:
        """Back, Stop for now and Next: below the scrolling part, always in view; with very large text at the
        end of the step instead, which leaves the step itself room to be read."""
        self.buttons.setContentsMargins(16, 8, 16, 0)
        self.place_buttons()

    def place_buttons(self) -> None:
        inside = self.app.prefs.text_scale >= Beside.STACK_FROM_SCALE
        self.layout().removeWidget(self.nav)
        self.body.removeWidget(self.nav)
        (self.body if inside else self.layout()).addWidget(self.nav)

    # -- texts
    def w(self, key: str, **fill) -> str:
        return self.words(f"setup.{self.step}.{key}", **fill)

    def title(self) -> str:
        return self.w("title")

    def spoken(self) -> str:
        return self.w("say")

    def retranslate(self) -> None:
        if self.step in COUNTED_STEPS:
            set_label(self.where, self.words("setup.step_of", number=COUNTED_STEPS.index(self.step) + 1,
                                             count=len(COUNTED_STEPS)))
        set_label(self.instructions, self.w("instructions"))
        self.back_button.set_text(self.words("common.back"))
        self.stop_button.set_text(self.words("setup.stop"))
        self.skip_button.set_text(self.words("setup.skip"))
        self.next_button.set_text(self.next_words())
        self.retranslate_step()

    def retranslate_step(self) -> None:
        """The step's own texts."""

    def next_words(self) -> str:
        return self.words("common.next")

    # -- moving on
    def arrive(self, **state) -> None:
        self.place_buttons()
        self.show_message("")
        self.back_button.setVisible(self.wizard.can_go_back(self.step))
        self.enter(**state)
        self.retranslate()

    def enter(self, **state) -> None:
        """The step is shown (``state``: what it was opened with)."""

    def go_on(self) -> None:
        """Next: the step's own check, then the following step."""
        self.wizard.next(self.step)

    def tell(self, text: str) -> None:
        """Shown at the foot of the step and said."""
        self.show_message(text)
        self.app.say(text)

    def refused(self, exc: BaseException) -> None:
        """A refusal or a failure, said and shown here (the step it concerns)."""
        if self.isVisible():
            self.show_message(self.app.tell_failure(exc))


class EnrolmentStep(WizardStep):
    """A step that enrols a biometric (face, voice): the bank's yes marks the step done and offers Next."""

    def _enrolled(self, _answer) -> None:
        self.busy = False
        self.enrolled = True
        self.wizard.state.mark_done(self.step)
        self.wizard.save()
        self.start_button.setEnabled(True)
        self.next_button.setEnabled(True)
        self.retranslate()
        self.tell(self.w("done"))
        self.next_button.setFocus()
