"""Every setup step, in both themes, both languages, at 100% and 200% text: names for screen readers, type
at least 20 pt, targets at least 64 px, button colours from the theme, and Tab reaching every control."""

from __future__ import annotations

from dataclasses import replace

from smartbank_desktop.ui.setup.state import STEPS
from smartbank_desktop.ui.theme import PALETTES
from tests.ui.conftest import settle
from tests.ui.test_accessibility import check_screen


def test_every_step_is_accessible_in_both_themes_languages_and_sizes(qtbot, open_app, home, camera):
    app = open_app(camera=str(camera))
    app.setup.begin()
    problems = []
    for theme in sorted(PALETTES):
        for language in ("en", "hi"):
            for scale in (1.0, 2.0):
                app.apply_preferences(replace(app.prefs, theme=theme, language=language, text_scale=scale),
                                      save=False)
                for step in (*STEPS, "sign_in"):
                    app.go(f"setup_{step}", speak=False)
                    settle(qtbot, app)
                    problems += [f"{theme}/{language}/{scale:.0%}: {p}" for p in check_screen(app, theme, scale)]
    assert problems == []
