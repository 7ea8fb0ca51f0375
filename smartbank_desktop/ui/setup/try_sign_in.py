"""Step 12: a test sign-in by face and by voice, as the customer will sign in, with the result said aloud.

Each try is a sign-in of its own (a fresh client, signed out at once): the
bank's challenge (a movement, or digits to say), the camera burst or the
recording, and the bank's answer. Only the ways enrolled are offered.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QHBoxLayout

from smartbank_desktop.core.refusals import Refusal
from smartbank_desktop.ui.camera import CameraUnavailable
from smartbank_desktop.ui.screens.base import beside
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label
from smartbank_desktop.ui.widgets.camera_view import CameraView

from .base import WizardStep


class TrySignInStep(WizardStep):
    step = "try_sign_in"

    def __init__(self, app):
        super().__init__(app)
        self.view = CameraView("oval")
        self.view.setMinimumSize(400, 300)
        self.prompt = label(role="title")
        self.result = label(role="large")
        self.face_button = BigButton(kind="confirm")
        self.face_button.clicked.connect(lambda: self.try_way("face"))
        self.voice_button = BigButton(kind="confirm")
        self.voice_button.clicked.connect(lambda: self.try_way("voice"))
        row = QHBoxLayout()
        row.addWidget(self.face_button)
        row.addWidget(self.voice_button)
        self.body.removeWidget(self.instructions)
        self.body.addLayout(beside(self.view, self.instructions, self.prompt, self.result, self.message, row,
                                   keypad_width=False))
        self.add_buttons()
        self.busy = False
        self.ready = None  # (client, challenge) of a face try waiting for Start
        self.challenge: dict | None = None
        self.results: dict[str, bool] = {}
        app.camera.frame.connect(self._frame)

    def _frame(self, image) -> None:
        if self.isVisible():
            self.view.show_frame(image)

    def retranslate_step(self) -> None:
        self.face_button.set_text(self.w("face"))
        self.voice_button.set_text(self.w("voice"))
        set_label(self.result, " ".join(self.w(f"{'worked' if ok else 'failed'}.{kind}", name=self.wizard.customer_name())
                                        for kind, ok in self.results.items()))
        self.view.setAccessibleName(self.words("face.camera"))

    def enter(self, **state) -> None:
        done = self.wizard.state.done
        self.results, self.challenge, self.busy, self.ready = {}, None, False, None
        set_label(self.prompt, "")
        self.face_button.setVisible("face" in done)
        self.voice_button.setVisible("voice" in done)
        self.view.setVisible("face" in done)
        if "face" in done:
            self.app.camera.start()
            self.face_button.setFocus()
        elif "voice" in done:
            self.voice_button.setFocus()
        else:
            self.next_button.setFocus()

    def spoken(self) -> str:
        done = self.wizard.state.done
        return self.w("say") if ("face" in done or "voice" in done) else self.w("say_none")

    def leave(self) -> None:
        self.app.camera.stop()

    def try_way(self, kind: str) -> None:
        if kind == "face" and self.ready is not None:
            self._burst(*self.ready)
            return
        if self.busy:
            return
        self.busy = True
        self.face_button.setEnabled(False)
        self.voice_button.setEnabled(False)
        self.show_message("")
        from smartbank_desktop.client.api import BankClient

        client = BankClient(self.app.url)
        username = self.wizard.state.username
        self.app.ops.run(lambda: client.challenge(username, kind), lambda c: self._challenged(kind, client, c),
                         lambda exc: self._finished(kind, client, exc))

    def _challenged(self, kind: str, client, challenge: dict) -> None:
        self.challenge = challenge
        app, username = self.app, self.wizard.state.username
        if kind == "face":  # the movement asked for is shown and said; the customer presses Start when ready
            words = self.words(f"face.action.{challenge['prompt']}")
            set_label(self.prompt, words)
            self.ready = (client, challenge)
            self.face_button.set_text(self.words("face.start"))
            self.face_button.setEnabled(True)
            self.face_button.setFocus()
            self.app.say(words)
            return
        digits = " ".join(challenge["prompt"])
        set_label(self.prompt, digits)
        self.app.say(self.words("voice.say", digits=", ".join(challenge["prompt"])))

        def record() -> bytes:
            deadline = time.monotonic() + 20
            while not app.speech.idle and time.monotonic() < deadline:
                time.sleep(0.05)
            return app.listener.record()

        def send_audio(audio: bytes):
            set_label(self.prompt, self.words("voice.checking"))
            language = self.app.prefs.language  # the digits were said to the customer in it
            self.app.ops.run(lambda: client.sign_in_with_voice(username, challenge["challenge_id"], audio, language),
                             lambda _: self._finished(kind, client, None),
                             lambda exc: self._finished(kind, client, exc))

        self.app.ops.run(record, send_audio, lambda exc: self._finished(kind, client, exc), lane="microphone")

    def _burst(self, client, challenge: dict) -> None:
        self.ready = None
        self.face_button.setEnabled(False)
        username = self.wizard.state.username

        def send(frames):
            self.app.ops.run(lambda: client.sign_in_with_face(username, challenge["challenge_id"], frames),
                             lambda _: self._finished("face", client, None),
                             lambda exc: self._finished("face", client, exc))

        self.app.ops.run(self.app.camera.burst, send, lambda exc: self._finished("face", client, exc),
                         lane="camera")

    def _finished(self, kind: str, client, exc: BaseException | None) -> None:
        def end():
            try:
                client.sign_out()
            finally:
                client.close()

        self.app.ops.run(end, lambda _: None, lambda _: None)
        self.busy = False
        self.face_button.setEnabled(True)
        self.voice_button.setEnabled(True)
        self.challenge = None
        set_label(self.prompt, "")
        self.results[kind] = exc is None
        self.retranslate()
        if exc is None:
            self.app.say(self.w(f"worked.{kind}", name=self.wizard.customer_name()))
        else:
            reason = self.app.tell_failure(exc, speak=False) if isinstance(exc, (Refusal, CameraUnavailable)) else ""
            self.show_message(reason)
            self.app.say(f"{reason} {self.w(f'failed.{kind}')}".strip())
