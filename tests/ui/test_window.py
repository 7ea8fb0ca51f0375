"""The window's frame on the commonest small screen (1366x768): with very large text the microphone, "Say it
again" and "Home" stand in a column beside the screens, whole, and leave the screens most of the height."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPoint, QRect

from tests.ui.conftest import settle, sign_in_with_pin


def where(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_with_very_large_text_the_buttons_stand_beside_the_screens(qtbot, make_app):
    app = make_app()
    window = app.window
    settle(qtbot, app)
    for scale in (2.0, 1.0, 1.5):
        app.apply_preferences(replace(app.prefs, text_scale=scale), save=False)
        qtbot.wait(100)
        screens, heading = where(window.stack, window), where(window.heading, window)
        buttons = {name: where(getattr(window, name), window) for name in ("microphone", "repeat", "home")}
        for name, box in buttons.items():
            assert window.rect().contains(box), (scale, name, box)
        for button in (window.repeat, window.home, window.microphone.button):
            assert button.height() >= button.heightForWidth(button.width()), (scale, button.text())  # words whole
        if scale >= 1.5:
            assert all(box.left() >= screens.right() for box in buttons.values()), (scale, buttons, screens)
            assert heading.bottom() < screens.top()
            assert screens.height() >= 0.55 * window.height(), (scale, screens)
        else:
            assert buttons["repeat"].bottom() < screens.top() and buttons["home"].bottom() < screens.top()
            assert buttons["microphone"].top() > screens.bottom()  # beside the captions


def test_at_200_percent_home_shows_the_balance_without_scrolling(qtbot, make_app, customer):
    app = make_app()
    sign_in_with_pin(qtbot, app, customer)
    app.apply_preferences(replace(app.prefs, text_scale=2.0), save=False)
    app.go("home", speak=False)
    settle(qtbot, app)
    qtbot.wait(100)
    figures, screens = where(app.screen("home").balance, app.window), where(app.window.stack, app.window)
    assert app.screen("home").balance.text().startswith("₹")
    assert screens.contains(figures), (figures, screens)
