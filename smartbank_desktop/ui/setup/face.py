"""Step 8: the face enrolled from several camera frames; the bank's reason for a poor picture (closer, more
light, one person) said and shown in the chosen language, then tried again."""

from __future__ import annotations

from smartbank_desktop.core.refusals import Code, Refusal
from smartbank_desktop.ui.camera import BurstTooShort
from smartbank_desktop.ui.screens.base import beside
from smartbank_desktop.ui.widgets.buttons import BigButton
from smartbank_desktop.ui.widgets.camera_view import CameraView

from .base import EnrolmentStep

ENROL_FRAMES = 6  # of a 2-3 s burst, spread over it (the bank needs 3 good ones)
# The bank's sentences for a poor picture (biometrics/face.py), by a word each is known by.
QUALITY_REASONS = (("closer", "closer"), ("dark", "light"), ("blurred", "still"), ("one person", "one_person"),
                   ("cannot see a face", "no_face"))


def reason_key(detail: str) -> str:
    lowered = detail.lower()
    return next((key for words, key in QUALITY_REASONS if words in lowered), "no_face")


class FaceStep(EnrolmentStep):
    step = "face"
    optional = True

    def __init__(self, app):
        super().__init__(app)
        self.view = CameraView("oval")
        self.view.setMinimumSize(480, 360)
        self.start_button = BigButton(kind="confirm")
        self.start_button.clicked.connect(self.start)
        self.body.removeWidget(self.instructions)
        self.body.addLayout(beside(self.view, self.instructions, self.message, self.start_button,
                                   keypad_width=False))
        self.add_buttons()
        self.busy = False
        self.enrolled = False
        app.camera.frame.connect(self._frame)
        app.camera.failed.connect(self._camera_failed)

    def _frame(self, image) -> None:
        if self.isVisible():
            self.view.show_frame(image)

    def _camera_failed(self, reason: str) -> None:
        if self.isVisible():
            self.start_button.setEnabled(False)
            self.tell(self.words("setup.no_camera"))

    def retranslate_step(self) -> None:
        self.start_button.set_text(self.w("again" if self.enrolled else "start"))
        self.view.setAccessibleName(self.w("camera"))

    def enter(self, **state) -> None:
        self.busy = False
        self.enrolled = "face" in self.wizard.state.done
        self.next_button.setEnabled(self.enrolled)
        self.start_button.setEnabled(True)
        self.view.clear()
        self.app.camera.start()
        self.start_button.setFocus()

    def leave(self) -> None:
        self.app.camera.stop()

    def start(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.start_button.setEnabled(False)
        self.app.say(self.w("hold_still"))
        client = self.wizard.client

        def send(frames: list[bytes]) -> None:
            step = max(1, len(frames) // ENROL_FRAMES)
            chosen = frames[::step][:ENROL_FRAMES]
            self.app.ops.run(lambda: client.enrol_face(chosen), self._enrolled, self._failed)

        self.app.ops.run(self.app.camera.burst, send, self._failed, lane="camera")

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.start_button.setEnabled(True)
        if not self.isVisible():
            return
        if isinstance(exc, Refusal) and exc.code == Code.BIOMETRIC_QUALITY:
            reason = exc.detail if self.words.language == "en" else self.w(f"reason.{reason_key(exc.detail)}")
            self.tell(f"{reason} {self.w('try_again')}")
            return
        if isinstance(exc, BurstTooShort):  # the camera is there: what happened, and Start again
            self.tell(f"{self.app.tell_failure(exc, speak=False)} {self.w('try_again')}")
            return
        self.refused(exc)
