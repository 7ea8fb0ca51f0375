"""Face sign-in: the live camera with an oval guide, the server's challenge shown and said, a 2-3 s burst sent."""

from __future__ import annotations

from smartbank_desktop.ui.widgets.buttons import set_label
from smartbank_desktop.ui.widgets.camera_view import CameraView

from .base import beside
from .sign_in import BiometricSignIn


class FaceSignInScreen(BiometricSignIn):
    name = "face_sign_in"
    kind = "face"

    def __init__(self, app):
        super().__init__(app)
        self.no_camera = False
        self.view = CameraView("oval")
        self.view.setMinimumSize(480, 360)
        self.prompt.setProperty("role", "title")
        app.camera.frame.connect(self._frame)
        app.camera.failed.connect(self._no_camera)
        self.body.addLayout(beside(self.view, self.instructions, self.prompt, self.message, self.start_button,
                                   self.other_way, keypad_width=False))

    def _frame(self, image) -> None:
        if self.isVisible():
            self.view.show_frame(image)

    def _no_camera(self, reason: str) -> None:
        self.no_camera = True
        if self.isVisible():
            text = self.words("face.no_camera")
            self.show_message(text)
            self.start_button.setEnabled(False)
            self.app.say(f"{text} {self.words('biometric.use_other')}")

    def action_words(self) -> str:
        prompt = (self.challenge or {}).get("prompt", "")
        return self.words(f"face.action.{prompt}") if prompt else ""

    def title(self) -> str:
        return self.words("face.title")

    def spoken(self) -> str:
        action = self.action_words()  # none until the bank's challenge has come
        return f"{self.words('face.say')} {self.words('face.then', action=action)}" if action else self.words("face.say")

    def handle_heard(self, result) -> bool:
        """A spoken "yes" does what Start does (the screen asks: "press Start, or say yes")."""
        if result.intent == "yes" and self.start_button.isEnabled():
            self.start()
            return True
        return False

    def listens_for(self) -> str | None:
        return "yes_no" if self.start_button.isEnabled() else None

    def retranslate(self) -> None:
        set_label(self.instructions, self.words("face.instructions"))
        set_label(self.prompt, self.action_words())
        self.start_button.set_text(self.words("face.start"))
        self.other_way.set_text(self.words("biometric.other_way"))
        self.view.setAccessibleName(self.words("face.camera"))

    def arrive(self, **state) -> None:
        self.view.clear()
        self.no_camera = False
        self.app.camera.start()
        super().arrive(**state)

    def got_challenge(self, challenge: dict) -> None:
        if self.no_camera:  # said already: no camera, another way in
            self.challenge = challenge
            return
        super().got_challenge(challenge)
        if self.app.by_voice:  # asked what to do and to say yes: the microphone opens once it is said
            self.app.listen_after_speaking()

    def leave(self) -> None:
        self.app.camera.stop()

    def start(self) -> None:
        if not self.ready_to_start():
            return
        self.busy = True
        self.start_button.setEnabled(False)
        self.app.say(self.action_words())
        challenge, username = self.challenge, self.app.signing_in_as

        def send(frames: list[bytes]) -> None:
            self.app.ops.run(lambda: self.app.client.sign_in_with_face(username, challenge["challenge_id"], frames),
                             self.succeeded, self.failed)

        self.app.ops.run(self.app.camera.burst, send, self.failed, lane="camera")
