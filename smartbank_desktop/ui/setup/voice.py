"""Step 9: the voice enrolled from three recordings, each of a row of digits shown large and said (the way
the customer will sign in by voice); the recording ends by itself when they stop speaking."""

from __future__ import annotations

import secrets

from smartbank_desktop.core.refusals import Code, Refusal
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import EnrolmentStep

PROMPTS = 3
PROMPT_LENGTHS = (4, 5, 6)


def new_prompts() -> list[str]:
    return ["".join(secrets.choice("0123456789") for _ in range(n)) for n in PROMPT_LENGTHS[:PROMPTS]]


class VoiceStep(EnrolmentStep):
    step = "voice"
    optional = True

    def __init__(self, app):
        super().__init__(app)
        self.counter = label(role="large")
        self.prompt = label(role="huge")
        self.start_button = BigButton(kind="confirm")
        self.start_button.clicked.connect(self.record)
        for widget in (self.counter, self.prompt, self.start_button):
            self.content.addWidget(widget)
        self.finish_layout()
        self.prompts: list[str] = []
        self.recordings: list[bytes] = []
        self.busy = False
        self.enrolled = False

    @property
    def current(self) -> str:
        return self.prompts[len(self.recordings)] if len(self.recordings) < len(self.prompts) else ""

    def spoken(self) -> str:
        if self.enrolled:
            return self.w("done")
        return self.w("say", digits=", ".join(self.current))

    def retranslate_step(self) -> None:
        number = min(len(self.recordings) + 1, PROMPTS)
        set_label(self.counter, self.w("done") if self.enrolled else self.w("counter", number=number, count=PROMPTS))
        set_label(self.prompt, " ".join(self.current) if not self.enrolled else "")
        self.start_button.set_text(self.w("again" if self.enrolled else "start"))

    def enter(self, **state) -> None:
        self.prompts, self.recordings, self.busy = new_prompts(), [], False
        self.enrolled = "voice" in self.wizard.state.done
        self.next_button.setEnabled(self.enrolled)
        self.start_button.setEnabled(True)
        self.start_button.setFocus()

    def record(self) -> None:
        if self.busy:
            return
        if self.enrolled:  # once more, from the start
            self.enrolled = False
            self.prompts, self.recordings = new_prompts(), []
            self.retranslate()
        self.busy = True
        self.start_button.setEnabled(False)
        app = self.app

        def record() -> bytes:
            import time

            deadline = time.monotonic() + 20
            while not app.speech.idle and time.monotonic() < deadline:
                time.sleep(0.05)  # never record the app's own voice
            return app.listener.record()

        self.app.ops.run(record, self._recorded, self._failed, lane="microphone")

    def _recorded(self, audio: bytes) -> None:
        self.recordings.append(audio)
        if len(self.recordings) < PROMPTS:
            self.busy = False
            self.retranslate()
            self.app.say(self.w("next_prompt", digits=", ".join(self.current)))
            self.record()
            return
        recordings, client = list(self.recordings), self.wizard.client
        self.tell(self.w("checking"))
        self.app.ops.run(lambda: client.enrol_voice(recordings), self._enrolled, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.start_button.setEnabled(True)
        self.prompts, self.recordings = new_prompts(), []
        if not self.isVisible():
            return
        self.retranslate()
        if isinstance(exc, Refusal) and exc.code in (Code.BIOMETRIC_QUALITY, Code.UNUSABLE_RECORDING):
            reason = exc.detail if self.words.language == "en" else self.w("reason")
            self.tell(f"{reason} {self.w('try_again')}")
            return
        self.refused(exc)
