"""Talk to me: the conversation in large type, live captions of what is heard, and a level meter."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QProgressBar, QVBoxLayout

from smartbank_desktop.ui.widgets.buttons import BigButton, clear_layout, label, set_label

from .base import Screen

SHOWN_TURNS = 6


class AssistantScreen(Screen):
    name = "assistant"

    def __init__(self, app):
        super().__init__(app)
        self.intro = label(role="large")
        self.transcript = QVBoxLayout()
        self.transcript.setSpacing(10)
        self.live = label(role="large")
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.talk = BigButton(kind="confirm")
        self.talk.clicked.connect(self.app.microphone_pressed)
        for widget in (self.intro, self.talk, self.meter, self.live, self.message):
            self.body.addWidget(widget)
        self.body.addLayout(self.transcript)
        app.listener.partial.connect(self._partial)
        app.listener.level.connect(lambda level: self.meter.setValue(round(level * 100)))
        app.transcript_changed.connect(self._refresh)

    def title(self) -> str:
        return self.words("assistant.title")

    def spoken(self) -> str:
        return self.words("assistant.say")

    def retranslate(self) -> None:
        set_label(self.intro, self.words("assistant.intro"))
        self.talk.set_text(self.words("assistant.talk"))
        self.meter.setAccessibleName(self.words("microphone.level"))
        self._refresh()

    def arrive(self, **state) -> None:
        set_label(self.live, "")
        self.show_message("")
        self.talk.setFocus()

    def _partial(self, text: str) -> None:
        set_label(self.live, f"… {text}")

    def _refresh(self) -> None:
        clear_layout(self.transcript)
        for who, text in reversed(self.app.transcript[-SHOWN_TURNS:]):  # the latest first, always in view
            card = QFrame()
            card.setProperty("role", "card" if who == "bank" else "")
            inside = QVBoxLayout(card)
            prefix = self.words("captions.said" if who == "bank" else "captions.heard")
            inside.addWidget(label(f"{prefix} {text}", role="large" if who == "bank" else ""))
            self.transcript.addWidget(card)
