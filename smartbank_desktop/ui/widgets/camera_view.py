"""The live camera picture with an oval guide for the face (or a card-shaped one)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class CameraView(QWidget):
    def __init__(self, guide: str = "oval", parent: QWidget | None = None):
        super().__init__(parent)
        self.guide = guide
        self.image: QImage | None = None
        self.guide_colour = QColor("#FFD500")
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Camera")

    def show_frame(self, image: QImage) -> None:
        self.image = image
        self.update()

    def clear(self) -> None:
        self.image = None
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        area = QRectF(self.rect())
        if self.image is not None and not self.image.isNull():
            scaled = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            area = QRectF((self.width() - scaled.width()) / 2, (self.height() - scaled.height()) / 2,
                          scaled.width(), scaled.height())
            painter.drawImage(area, self.image)
        pen = QPen(self.guide_colour, 6)
        painter.setPen(pen)
        if self.guide == "oval":
            w, h = area.width() * 0.42, area.height() * 0.78
            painter.drawEllipse(QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h))
        else:  # a card: 85.6 x 54 mm
            w = area.width() * 0.8
            h = w * 54 / 85.6
            painter.drawRoundedRect(QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h), 16, 16)
        painter.end()
