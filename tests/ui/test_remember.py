"""Remember me on this computer, against the real bank and a real Secret Service (gnome-keyring on D-Bus):
asked once signed in, kept only on a yes, signed in again at the next start (through the bank's refresh),
forgotten at sign-out (in the app, and by ``smartbank signout``); nothing kept on a no, and not asked where no
safe keyring exists."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import keyring
import pytest
from keyring.backends import fail

from smartbank_desktop.client import session
from smartbank_desktop.client.session import CONSENT
from tests.ui.conftest import _left, said, settle


@pytest.fixture
def home_computer():
    """The app as at home (it remembers the last customer's name); this computer's memory cleaned after."""
    yield
    session.forget_username()


def keyring_items(backend) -> set:
    """Every item of every collection in the Secret Service: (collection, label, attributes)."""
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        return {(collection.get_label(), item.get_label(), tuple(sorted(item.get_attributes().items())))
                for collection in secretstorage.get_all_collections(connection)
                for item in collection.get_all_items()}
    finally:
        connection.close()


def sign_in_by_pin(qtbot, app, customer, then: str) -> None:
    welcome = app.screen("welcome")
    if welcome.remembered_button.isVisible():
        qtbot.mouseClick(welcome.someone_else, _left())
    for digit in customer["mobile"][-10:]:
        qtbot.mouseClick(welcome.keypad.keys[digit], _left())
    qtbot.mouseClick(welcome.next_button, _left())
    qtbot.mouseClick(app.screen("sign_in_method").pin, _left())
    pin = app.screen("pin_sign_in")
    for digit in customer["pin"]:
        qtbot.mouseClick(pin.keypad.keys[digit], _left())
    qtbot.mouseClick(pin.sign_in_button, _left())
    qtbot.waitUntil(lambda: app.window.current.name == then, timeout=30_000)
    settle(qtbot, app)


def answer_remember_me(qtbot, app, customer, answer: str) -> None:
    """Signed in by PIN, the customer answers "Shall I remember you?" (``"yes"`` or ``"no"``) and is home."""
    sign_in_by_pin(qtbot, app, customer, then="remember_me")
    qtbot.mouseClick(getattr(app.screen("remember_me"), answer), _left())
    qtbot.waitUntil(lambda: app.window.current.name == "home", timeout=20_000)
    settle(qtbot, app)


def refresh_works(live_backend, refresh: str) -> bool:
    return httpx.post(f"{live_backend.url}/api/auth/refresh/", json={"refresh": refresh}).status_code == 200


def test_remember_me_keeps_the_sign_in_restores_it_at_the_next_start_and_sign_out_forgets_it(
        qtbot, make_app, live_backend, customer, os_keyring, home_computer, secret_service):
    mobile = customer["mobile"]
    before = keyring_items(secret_service)
    app = make_app(remember_customers=True)
    sign_in_by_pin(qtbot, app, customer, then="remember_me")
    question = app.screen("remember_me")
    assert app.window.heading.text() == "Shall I remember you?"
    assert said(app)[-1].startswith("Shall I remember you? If you say yes")
    assert question.yes.text() == "Yes, remember me" and question.no.text() == "No, thank you"
    assert keyring_items(secret_service) == before  # asked, not yet kept

    qtbot.mouseClick(question.yes, _left())
    qtbot.waitUntil(lambda: app.window.current.name == "home", timeout=20_000)
    settle(qtbot, app)
    assert "This computer will remember you. When you sign out, it forgets you." in said(app)[-1]
    kept = os_keyring.tokens(mobile)
    assert kept is not None and kept["refresh"] == app.client._tokens["refresh"]
    assert os_keyring.secret(CONSENT) is not None
    app.close()  # the window closed without signing out

    # The next start: the access token has run out meanwhile (15 minutes), so the bank's refresh signs in.
    os_keyring.save_tokens(mobile, {"access": "run-out", "refresh": kept["refresh"]})
    again = make_app(remember_customers=True)
    qtbot.waitUntil(lambda: again.window.current.name == "home", timeout=30_000)
    settle(qtbot, again)
    assert again.profile["mobile"] == mobile
    assert any(text.startswith("Welcome back, ") for text in said(again))
    renewed = os_keyring.tokens(mobile)
    assert renewed["refresh"] != kept["refresh"]  # the refresh token rotated, and the keyring has the new one
    assert (renewed["access"], renewed["refresh"]) == (again.client._tokens["access"], again.client._tokens["refresh"])
    assert not refresh_works(live_backend, kept["refresh"])  # the old one is spent

    qtbot.mouseClick(again.screen("home").buttons["sign_out"], _left())
    qtbot.waitUntil(lambda: again.window.current.name == "welcome", timeout=20_000)
    settle(qtbot, again)
    assert os_keyring.tokens(mobile) is None and os_keyring.secret(CONSENT) is None
    assert keyring_items(secret_service) == before
    assert not refresh_works(live_backend, renewed["refresh"])  # signed out at the bank too

    third = make_app(remember_customers=True)  # and the start after: greeted by name, not signed in
    settle(qtbot, third)
    qtbot.wait(300)
    assert third.window.current.name == "welcome" and third.bank is None
    assert third.screen("welcome").remembered_button.isVisible()


def test_smartbank_signout_forgets_the_remembered_customer_in_the_keyring_and_at_the_bank(
        qtbot, make_app, live_backend, customer, os_keyring, home_computer, secret_service):
    before = keyring_items(secret_service)
    app = make_app(remember_customers=True)
    answer_remember_me(qtbot, app, customer, "yes")
    kept = os_keyring.tokens(customer["mobile"])
    assert kept is not None and os_keyring.secret(CONSENT) is not None
    app.close()

    # The command finds the same Secret Service by itself (the session bus of this test run).
    done = subprocess.run([sys.executable, "-m", "smartbank_desktop", "signout", "--url", live_backend.url],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("Signed out.")
    assert os_keyring.tokens(customer["mobile"]) is None and os_keyring.secret(CONSENT) is None
    assert keyring_items(secret_service) == before
    assert not refresh_works(live_backend, kept["refresh"])  # the sign-in ended at the bank too
    assert session.remembered_customer() is None
    again = make_app(remember_customers=True)  # the next start: nobody signed in, nobody greeted
    settle(qtbot, again)
    qtbot.wait(300)
    assert again.window.current.name == "welcome" and again.bank is None
    assert not again.screen("welcome").remembered_button.isVisible()


def test_no_thank_you_keeps_nothing_in_the_keyring(qtbot, make_app, customer, os_keyring, home_computer,
                                                    secret_service):
    before = keyring_items(secret_service)
    app = make_app(remember_customers=True)
    answer_remember_me(qtbot, app, customer, "no")
    assert app.client.token_store is None
    assert keyring_items(secret_service) == before
    again = make_app(remember_customers=True)  # the next start: not signed in
    settle(qtbot, again)
    qtbot.wait(300)
    assert again.window.current.name == "welcome" and again.bank is None
    assert keyring_items(secret_service) == before


def test_without_a_safe_keyring_the_question_is_not_asked(qtbot, make_app, customer, home_computer):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        app = make_app(remember_customers=True)
        sign_in_by_pin(qtbot, app, customer, then="home")
        assert "remember" not in " ".join(said(app)).lower()
    finally:
        keyring.set_keyring(previous)
