"""Every screen, in both themes, both languages, at 100% and 200% text: names for screen readers, type at
least 20 pt (scaled), targets at least 64 px, 7:1 contrast computed from the palette, and Tab reaching every
control."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton

from smartbank_desktop.ui.kiosk import KioskWarning
from smartbank_desktop.ui.theme import PALETTES, TEXT_PAIRS, contrast_ratio
from smartbank_desktop.ui.widgets.buttons import BigButton
from tests.ui.conftest import settle, sign_in_with_pin

MIN_POINTS = 20
MIN_TARGET_PX = 64
ON_COLOUR = {"primary": ("on_primary", "primary"), "confirm": ("on_confirm", "confirm"),
             "danger": ("on_danger", "danger"), "plain": ("text", "surface")}


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_every_text_colour_has_7_to_1_contrast_on_its_backgrounds(theme):
    palette = PALETTES[theme]
    for text, background in TEXT_PAIRS:
        ratio = contrast_ratio(getattr(palette, text), getattr(palette, background))
        assert ratio >= 7.0, f"{theme}: {text} on {background} is {ratio:.2f}:1"


def shown(widget) -> bool:
    return widget.isVisibleTo(widget.window()) and widget.isVisible()


def controls(window) -> list[QPushButton]:
    return [b for b in window.findChildren(QPushButton) if shown(b)]


def tab_reaches(window, buttons) -> set:
    """The buttons the Tab key reaches from the first one, once round."""
    first = buttons[0]
    first.setFocus()
    seen, widget = [], first
    for _ in range(500):
        seen.append(widget)
        widget = widget.nextInFocusChain()
        while widget is not first and not (widget.focusPolicy() & widget.focusPolicy().TabFocus
                                           and widget.isEnabled() and shown(widget)):
            widget = widget.nextInFocusChain()
        if widget is first:
            break
    return set(seen)


def check_screen(app, theme: str, scale: float) -> list[str]:
    problems = []
    window = app.window
    palette = PALETTES[theme]
    screen = window.current.name
    buttons = controls(window)
    assert buttons, screen
    for button in buttons:
        where = f"{screen}: button {button.text()!r}"
        if not button.accessibleName():
            problems.append(f"{where} has no accessible name")
        if button.height() < MIN_TARGET_PX or button.width() < MIN_TARGET_PX:
            problems.append(f"{where} is {button.width()}x{button.height()} px")
        if isinstance(button, BigButton) and button.isEnabled():
            text, background = ON_COLOUR[button.property("kind")]
            colour = button.words.palette().color(QPalette.ColorRole.WindowText).name().upper()
            if colour != getattr(palette, text).upper():
                problems.append(f"{where} draws its words in {colour}, not the theme's {text}")
            if button.words.font().pointSize() < MIN_POINTS * scale - 1:
                problems.append(f"{where} words are {button.words.font().pointSize()} pt")
    for label_widget in window.findChildren(QLabel):
        if shown(label_widget) and label_widget.text().strip() and not isinstance(label_widget.parent(), BigButton):
            if label_widget.font().pointSize() < MIN_POINTS * scale - 1:
                problems.append(f"{screen}: {label_widget.text()[:30]!r} is {label_widget.font().pointSize()} pt")
            if not label_widget.accessibleName():
                problems.append(f"{screen}: {label_widget.text()[:30]!r} has no accessible name")
    enabled = [b for b in buttons if b.isEnabled()]
    missed = [b.text() for b in enabled if b not in tab_reaches(window, enabled)]
    if missed:
        problems.append(f"{screen}: Tab never reaches {missed}")
    return problems


SCREENS = ("home", "history", "accounts", "kyc", "assistant", "help", "settings", "remember_me")
SEND_PAGES = ("payees", "amount", "step_up", "stopped")


def test_every_screen_is_accessible_in_both_themes_languages_and_sizes(qtbot, make_app, customer):
    app = make_app()
    welcome_problems = check_screen(app, "light", 1.0)
    sign_in_with_pin(qtbot, app, customer)
    payee = app.bank.payees()[0]
    warning = KioskWarning(app)
    problems = list(welcome_problems)
    for theme in sorted(PALETTES):
        for language in ("en", "hi"):
            for scale in (1.0, 2.0):
                app.apply_preferences(replace(app.prefs, theme=theme, language=language, text_scale=scale),
                                      save=False)
                visits = [(name, {}) for name in SCREENS]
                visits += [("send_money", {"page": page, "payee": payee, "amount_paise": 250000}) for page in SEND_PAGES]
                visits += [(name, {}) for name in ("sign_in_method", "pin_sign_in")]
                for name, state in visits:
                    app.go(name, speak=False, **state)
                    settle(qtbot, app)
                    problems += [f"{theme}/{language}/{scale:.0%}: {p}" for p in check_screen(app, theme, scale)]
                warning.open_warning(30)  # the kiosk's idle warning, over the last screen
                problems += [f"{theme}/{language}/{scale:.0%} kiosk warning: {p}"
                             for p in check_screen(app, theme, scale)]
                warning.close_warning()
    assert problems == []
