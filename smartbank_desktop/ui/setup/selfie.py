"""Step 4: the customer's photo from the camera, inside the oval guide (the bank compares it with the card)."""

from __future__ import annotations

from .photo_step import PhotoStep
from .wizard import Photo


class SelfieStep(PhotoStep):
    step = "selfie"
    guide = "oval"

    def __init__(self, app):
        super().__init__(app)
        self.layout_photo()

    def photo(self) -> Photo | None:
        return self.wizard.selfie

    def keep(self, photo: Photo | None) -> None:
        self.wizard.selfie = photo
