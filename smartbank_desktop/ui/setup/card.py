"""Step 3: the Aadhaar card, photographed inside a card-shaped guide (refused when blurred or shiny, and
taken again) or chosen from a file (JPG, PNG or PDF)."""

from __future__ import annotations

from pathlib import Path

from smartbank_desktop.ui.widgets.buttons import BigButton

from . import photo_checks
from .photo_step import PhotoStep
from .wizard import Photo

MAX_FILE_BYTES = 10 * 1024 * 1024  # the bank's limit


class CardStep(PhotoStep):
    step = "card"
    guide = "card"

    def __init__(self, app):
        super().__init__(app)
        self.file_button = BigButton(kind="plain")
        self.file_button.clicked.connect(self.choose_file)
        self.side.addWidget(self.file_button)
        self.layout_photo()
        self.last_check: photo_checks.PhotoCheck | None = None

    def photo(self) -> Photo | None:
        return self.wizard.card

    def keep(self, photo: Photo | None) -> None:
        self.wizard.card = photo

    def retranslate_step(self) -> None:
        super().retranslate_step()
        self.file_button.set_text(self.w("from_file"))

    def show_state(self) -> None:
        super().show_state()
        self.file_button.setVisible(self.photo() is None)

    def judge(self, frame) -> str:
        self.last_check = photo_checks.check_card(frame)
        return self.last_check.problem

    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, self.w("from_file"), str(Path.home()),
                                              "Aadhaar card (*.jpg *.jpeg *.png *.pdf)")
        if path:
            self.use_file(path)

    def use_file(self, path: str | Path) -> None:
        """A scan or photo of the card from a file: JPG, PNG or PDF, by its content; pictures are checked
        for sharpness and glare as a camera photo is."""
        try:
            content = Path(path).read_bytes()
        except OSError:
            self.tell(self.w("problem.unreadable"))
            return
        kind = photo_checks.kind_of(content)
        if not kind:
            self.tell(self.w("problem.not_a_card_file"))
            return
        if len(content) > MAX_FILE_BYTES:
            self.tell(self.w("problem.too_large"))
            return
        if kind != ".pdf":
            frame = photo_checks.decode(content)
            if frame is None:
                self.tell(self.w("problem.unreadable"))
                return
            self.last_check = photo_checks.check_card(frame)
            if self.last_check.problem:
                self.tell(self.w(f"problem.{self.last_check.problem}"))
                return
        self.keep(Photo(content, kind))
        self.app.camera.stop()
        if kind == ".pdf":
            self.view.clear()
        else:
            self.view.show_frame(self.preview_of(self.photo()))
        self.show_state()
        self.tell(self.w("kept_file"))
        self.next_button.setFocus()
