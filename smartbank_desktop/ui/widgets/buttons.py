"""A big button: its text is also its accessible name, its kind sets its colours."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class BigButton(QPushButton):
    """``kind``: "primary" (the default), "confirm", "danger" or "plain".

    Its words wrap onto a second line rather than being cut off, so a button
    stays readable at 200% text and in Hindi; the button grows to fit them.
    """

    def __init__(self, text: str = "", kind: str = "primary", parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("kind", kind)
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 6)
        layout.addWidget(self.words)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(True)
        self.set_text(text)

    def set_text(self, text: str, description: str = "") -> None:
        self.words.setText(text)
        self.setAccessibleName(text)
        if description:
            self.setAccessibleDescription(description)
        self.updateGeometry()

    def text(self) -> str:  # noqa: D102 - QPushButton's, for the words shown
        return self.words.text()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max(self.minimumHeight(), self.layout().totalHeightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self.layout().totalSizeHint()
        return QSize(max(hint.width(), self.minimumWidth()), max(hint.height(), self.minimumHeight()))


def label(text: str = "", role: str = "", parent: QWidget | None = None, wrap: bool = True) -> QLabel:
    """A label in one of the theme's roles ("title", "large", "huge", "muted", "message")."""
    widget = QLabel(text, parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setAccessibleName(text)
    return widget


def set_label(widget: QLabel, text: str) -> None:
    widget.setText(text)
    widget.setAccessibleName(text)


def clear_layout(layout) -> None:
    """Remove and delete every widget of a layout (hidden at once, so none is drawn while it waits)."""
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
