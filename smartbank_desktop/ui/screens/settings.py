"""Settings: text size (100-200%), speech pace, English or Hindi, light or dark; applied at once, kept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QHBoxLayout

from smartbank_desktop.ui.preferences import SPEECH_RATES
from smartbank_desktop.ui.theme import MAX_SCALE, MIN_SCALE, clamp_scale
from smartbank_desktop.ui.widgets.buttons import BigButton, label, set_label

from .base import Screen

SCALE_STEP = 0.25


class SettingsScreen(Screen):
    name = "settings"

    def __init__(self, app):
        super().__init__(app)
        self.size_label = label(role="large")
        self.smaller = BigButton(kind="plain")
        self.smaller.clicked.connect(lambda: self._scale(-SCALE_STEP))
        self.bigger = BigButton(kind="plain")
        self.bigger.clicked.connect(lambda: self._scale(SCALE_STEP))
        self.rate_label = label(role="large")
        self.slower = BigButton(kind="plain")
        self.slower.clicked.connect(lambda: self._rate(-1))
        self.faster = BigButton(kind="plain")
        self.faster.clicked.connect(lambda: self._rate(1))
        self.language_label = label(role="large")
        self.english = BigButton("English", kind="plain")
        self.english.clicked.connect(lambda: self._set(language="en"))
        self.hindi = BigButton("हिंदी", kind="plain")
        self.hindi.clicked.connect(lambda: self._set(language="hi"))
        self.theme_label = label(role="large")
        self.light = BigButton(kind="plain")
        self.light.clicked.connect(lambda: self._set(theme="light"))
        self.dark = BigButton(kind="plain")
        self.dark.clicked.connect(lambda: self._set(theme="dark"))
        self.body.addWidget(self.message)
        for heading, buttons in ((self.size_label, (self.smaller, self.bigger)),
                                 (self.rate_label, (self.slower, self.faster)),
                                 (self.language_label, (self.english, self.hindi)),
                                 (self.theme_label, (self.light, self.dark))):
            self.body.addWidget(heading)
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            self.body.addLayout(row)

    def title(self) -> str:
        return self.words("settings.title")

    def spoken(self) -> str:
        return self.words("settings.say")

    def retranslate(self) -> None:
        prefs, w = self.app.prefs, self.words
        set_label(self.size_label, w("settings.size", percent=round(prefs.text_scale * 100)))
        self.smaller.set_text(w("settings.smaller"))
        self.bigger.set_text(w("settings.bigger"))
        self.smaller.setEnabled(prefs.text_scale > MIN_SCALE)
        self.bigger.setEnabled(prefs.text_scale < MAX_SCALE)
        set_label(self.rate_label, w("settings.rate", step=SPEECH_RATES.index(prefs.speech_rate) + 1,
                                     steps=len(SPEECH_RATES)))
        self.slower.set_text(w("settings.slower"))
        self.faster.set_text(w("settings.faster"))
        set_label(self.language_label, w("settings.language"))
        self.english.setAccessibleName("English")
        self.hindi.setAccessibleName("हिंदी")
        set_label(self.theme_label, w("settings.theme"))
        self.light.set_text(w("settings.light"))
        self.dark.set_text(w("settings.dark"))

    def _set(self, **changes) -> None:
        self.app.interrupt()
        self.app.apply_preferences(replace(self.app.prefs, **changes))
        self.app.say(self.spoken_change())

    def spoken_change(self) -> str:
        return self.words("settings.done")

    def _scale(self, step: float) -> None:
        self._set(text_scale=clamp_scale(self.app.prefs.text_scale + step))

    def _rate(self, step: int) -> None:
        index = min(len(SPEECH_RATES) - 1, max(0, SPEECH_RATES.index(self.app.prefs.speech_rate) + step))
        self._set(speech_rate=SPEECH_RATES[index])
