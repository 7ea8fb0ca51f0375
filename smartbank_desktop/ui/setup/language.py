"""Step 1: the customer's language. Every step after it is said and shown in it."""

from __future__ import annotations

from smartbank_desktop.ui.widgets.buttons import BigButton

from .base import WizardStep

LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी (Hindi)"}  # each in its own script, whatever the app speaks


class LanguageStep(WizardStep):
    step = "language"

    def __init__(self, app):
        super().__init__(app)
        self.choices: dict[str, BigButton] = {}
        for language, name in LANGUAGE_NAMES.items():
            button = BigButton(name, kind="plain")
            button.clicked.connect(lambda _=False, lang=language: self.choose(lang))
            self.choices[language] = button
            self.content.addWidget(button)
        self.next_button.hide()
        self.finish_layout()

    def enter(self, **state) -> None:
        self.next_button.hide()
        self.choices[self.app.prefs.language].setFocus()

    def choose(self, language: str) -> None:
        self.wizard.use_language(language)
        self.wizard.next(self.step)
