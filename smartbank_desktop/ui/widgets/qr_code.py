"""A QR code drawn square by square, as large as its place allows (sharp at any size, for a phone's camera)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def modules(text: str) -> list[list[bool]]:
    """The code's dark and light squares (the ``qrcode`` package makes them; error correction M)."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


class QrCode(QWidget):
    def __init__(self, side: int = 360, parent: QWidget | None = None):
        super().__init__(parent)
        self.matrix: list[list[bool]] = []
        self.side = side
        self.setMinimumSize(side, side)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_text(self, text: str) -> None:
        self.matrix = modules(text) if text else []
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.side, self.side)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))  # dark on white in every theme: what phones read
        if self.matrix:
            count = len(self.matrix)
            size = min(self.width(), self.height()) // count
            left = (self.width() - size * count) // 2
            top = (self.height() - size * count) // 2
            black = QColor("#000000")
            for y, row in enumerate(self.matrix):
                for x, dark in enumerate(row):
                    if dark:
                        painter.fillRect(QRectF(left + x * size, top + y * size, size, size), black)
        painter.end()
