"""The other screens against the real bank: accounts (opening one by touch, with the assistant's read-back),
KYC status, history a few at a time, and settings that apply at once and are kept."""

from __future__ import annotations

from dataclasses import replace

from smartbank_desktop.ui import preferences
from tests.ui.conftest import _left, said, settle, sign_in_with_pin


def test_opening_a_current_account_by_touch_is_read_back_and_confirmed(qtbot, make_app, customer):
    app = make_app()
    sign_in_with_pin(qtbot, app, customer)
    app.go("accounts")
    settle(qtbot, app)
    accounts = app.screen("accounts")
    assert accounts.list.count() == 1
    qtbot.mouseClick(accounts.open_current, _left())
    qtbot.waitUntil(lambda: app.window.question.isVisible(), timeout=20_000)
    assert said(app)[-1] == "You want to open a new current account. Shall I go ahead? Please say yes or no."
    qtbot.mouseClick(app.window.yes, _left())
    qtbot.waitUntil(lambda: said(app)[-1].startswith("Your new current account is open."), timeout=20_000)
    settle(qtbot, app)
    assert accounts.list.count() == 2 and not app.window.question.isVisible()


def test_kyc_status_in_words(qtbot, make_app, customer):
    app = make_app()
    sign_in_with_pin(qtbot, app, customer)
    qtbot.mouseClick(app.screen("home").buttons["help"], _left())
    qtbot.mouseClick(app.screen("help").kyc, _left())
    kyc = app.screen("kyc")
    qtbot.waitUntil(lambda: kyc.status.text() == "Your KYC is complete and approved.", timeout=20_000)
    assert said(app)[-1] == "Your KYC is complete and approved."


def test_history_is_read_a_few_at_a_time(qtbot, make_app, customer):
    app = make_app()
    sign_in_with_pin(qtbot, app, customer)
    qtbot.mouseClick(app.screen("home").buttons["history"], _left())
    history = app.screen("history")
    qtbot.waitUntil(lambda: len(history.items) >= 2, timeout=20_000)
    first_page = history.page_words()
    assert first_page.startswith("Today, ") and "received from SmartBank" in first_page
    assert said(app)[-1] == first_page
    qtbot.mouseClick(history.read, _left())
    assert said(app)[-1] == first_page
    assert not history.previous.isEnabled()


def test_settings_apply_at_once_and_are_kept(qtbot, make_app, customer):
    app = make_app(keep_preferences=True)
    sign_in_with_pin(qtbot, app, customer)
    app.go("settings")
    settings = app.screen("settings")
    body_before = app.screen("home").greeting.font().pointSize()
    qtbot.mouseClick(settings.bigger, _left())
    qtbot.mouseClick(settings.bigger, _left())
    qtbot.mouseClick(settings.slower, _left())
    qtbot.mouseClick(settings.dark, _left())
    qtbot.mouseClick(settings.hindi, _left())
    assert app.prefs == replace(preferences.Preferences(), text_scale=1.5, speech_rate=130, language="hi", theme="dark")
    assert preferences.load() == app.prefs  # kept in the data folder for the next start
    assert settings.size_label.text() == "अक्षरों का आकार: 150%"
    assert app.window.home.text() == "मुख्य पेज" and said(app)[-1] == "हो गया। अब से ऐसा ही रहेगा।"
    app.go("home", speak=False)
    assert app.screen("home").greeting.font().pointSize() > body_before
    app.apply_preferences(preferences.Preferences(), save=False)
    (preferences.data_dir() / preferences.FILE_NAME).unlink()
