"""The microphone button, on every screen: "getting ready", "tap and speak", "listening", with a level meter."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from .buttons import BigButton


class MicrophoneButton(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.button = BigButton("", kind="primary")
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.button)
        layout.addWidget(self.meter)
        self.state = "getting_ready"

    def show_state(self, state: str, text: str) -> None:
        self.state = state
        self.button.set_text(text)
        self.button.setAccessibleName(text)
        self.button.setEnabled(state in ("ready", "listening"))
        self.button.setProperty("kind", "confirm" if state == "listening" else "primary")
        self.button.style().unpolish(self.button)
        self.button.style().polish(self.button)

    def show_level(self, level: float) -> None:
        self.meter.setValue(round(max(0.0, min(1.0, level)) * 100))

    def set_meter_name(self, name: str) -> None:
        self.meter.setAccessibleName(name)
