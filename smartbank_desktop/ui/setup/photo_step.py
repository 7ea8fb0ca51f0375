"""What the two photo steps share: the live camera with its guide, "Take the photo", the photo held still
for a look, "Take it again"; the photo is kept in memory only."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from smartbank_desktop.ui.camera import jpeg, to_qimage
from smartbank_desktop.ui.screens.base import beside
from smartbank_desktop.ui.widgets.buttons import BigButton
from smartbank_desktop.ui.widgets.camera_view import CameraView

from .base import WizardStep
from .wizard import Photo


class PhotoStep(WizardStep):
    guide = "card"

    def __init__(self, app):
        super().__init__(app)
        self.view = CameraView(self.guide)
        self.view.setMinimumSize(480, 320)
        self.take_button = BigButton(kind="confirm")
        self.take_button.clicked.connect(self.take)
        self.retake_button = BigButton(kind="plain")
        self.retake_button.clicked.connect(self.retake)
        self.side = QVBoxLayout()
        self.side.setSpacing(14)
        for widget in (self.take_button, self.retake_button):
            self.side.addWidget(widget)
        self.no_camera = False
        self.busy = False
        app.camera.frame.connect(self._frame)
        app.camera.failed.connect(self._camera_failed)

    def layout_photo(self, *others) -> None:
        self.body.removeWidget(self.instructions)
        self.body.addLayout(beside(self.view, self.instructions, self.message, self.side, *others,
                                   keypad_width=False))
        self.add_buttons()

    # -- the photo kept for this run
    def photo(self) -> Photo | None:
        raise NotImplementedError

    def keep(self, photo: Photo | None) -> None:
        raise NotImplementedError

    # -- the camera
    def _frame(self, image) -> None:
        if self.isVisible() and self.photo() is None and not self.busy:
            self.view.show_frame(image)

    def _camera_failed(self, reason: str) -> None:
        self.no_camera = True
        if self.isVisible():
            self.take_button.setEnabled(False)
            self.tell(self.words("setup.no_camera"))

    def enter(self, **state) -> None:
        self.busy = False
        self.no_camera = False
        self.view.clear()
        self.show_state()
        if self.photo() is None:
            self.app.camera.start()
        else:
            self.view.show_frame(self.preview_of(self.photo()))

    def leave(self) -> None:
        self.app.camera.stop()

    def preview_of(self, photo: Photo):
        from PySide6.QtGui import QImage

        image = QImage()
        image.loadFromData(photo.content)
        return image

    def show_state(self) -> None:
        taken = self.photo() is not None
        self.take_button.setVisible(not taken)
        self.take_button.setEnabled(not self.no_camera and not self.busy)
        self.retake_button.setVisible(taken)
        self.next_button.setEnabled(taken)

    def retranslate_step(self) -> None:
        self.take_button.set_text(self.w("take"))
        self.retake_button.set_text(self.w("retake"))
        self.view.setAccessibleName(self.w("camera"))

    def take(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.take_button.setEnabled(False)
        camera = self.app.camera

        def shoot():
            frame = camera.still()
            return frame, self.judge(frame), jpeg(frame, quality=92)

        self.app.ops.run(shoot, self._taken, self._failed, lane="camera")

    def judge(self, frame) -> str:
        """"" when the photo may be kept, else the name of its problem (off the Qt thread)."""
        return ""

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.show_state()
        self.refused(exc)

    def _taken(self, taken) -> None:
        self.busy = False
        frame, problem, content = taken
        if not self.isVisible():
            return
        if problem:
            self.view.show_frame(to_qimage(frame))
            self.show_state()
            self.take_button.set_text(self.w("retake"))
            self.tell(self.w(f"problem.{problem}"))
            return
        self.keep(Photo(content, ".jpg"))
        self.app.camera.stop()
        self.view.show_frame(to_qimage(frame))
        self.show_state()
        self.tell(self.w("kept"))
        self.next_button.setFocus()

    def retake(self) -> None:
        self.keep(None)
        self.show_message("")
        self.view.clear()
        self.show_state()
        self.retranslate()
        self.app.camera.start()
        self.app.say(self.spoken())
