"""Sending money in the app by touch, against the real bank: confirmation, step-up, the scam stop, refusals."""

from __future__ import annotations

import time

import pyotp
import pytest

from smartbank_desktop.client.api import BankClient
from tests.ui.conftest import _left, said, settle, sign_in_with_pin


@pytest.fixture
def bank(live_backend, customer):
    """The customer's own view of the bank, beside the app: the balance seen from outside."""
    with BankClient(live_backend.url) as client:
        client.sign_in(customer["mobile"], customer["pin"])
        yield client


def balance(client) -> int:
    return next(a for a in client.accounts() if a["type"] == "savings")["balance_paise"]


def type_amount(qtbot, app, rupees: str) -> None:
    send = app.screen("send_money")
    for digit in rupees:
        qtbot.mouseClick(send.amount_keys.keys[digit], _left())


def choose_payee(qtbot, app, index: int = 0):
    app.go("send_money", page="payees")
    settle(qtbot, app)
    send = app.screen("send_money")
    button = send.payee_buttons.itemAt(index).widget()
    name = button.text().split("  ·  ")[0]
    qtbot.mouseClick(button, _left())
    assert send.page == "amount"
    return name


def to_confirmation(qtbot, app, rupees: str) -> str:
    """The first payee, the amount typed, Next: the read-back is shown; the payee's name."""
    send = app.screen("send_money")
    name = choose_payee(qtbot, app)
    type_amount(qtbot, app, rupees)
    press_and_wait(qtbot, app, send.amount_next, "confirm")
    return name


def press_and_wait(qtbot, app, button, page: str) -> None:
    qtbot.mouseClick(button, _left())
    qtbot.waitUntil(lambda: app.screen("send_money").page == page, timeout=20_000)


def test_a_transfer_by_touch_is_confirmed_then_sent_once(qtbot, make_app, bank, customer):
    app = make_app()
    sign_in_with_pin(qtbot, app, customer)
    before = balance(bank)
    send = app.screen("send_money")
    name = choose_payee(qtbot, app)
    type_amount(qtbot, app, "2500")
    assert send.amount_display.figures.text() == "₹2,500"
    assert send.amount_display.in_words.text() == "two thousand five hundred rupees"
    press_and_wait(qtbot, app, send.amount_next, "confirm")
    assert send.confirm_amount.text() == "₹2,500.00" and name in send.confirm_payee.text()
    assert balance(bank) == before  # nothing moves before "Yes"
    assert said(app)[-1].startswith(f"You want to send two thousand five hundred rupees to {name}")
    press_and_wait(qtbot, app, send.yes, "receipt")
    settle(qtbot, app)
    assert balance(bank) == before - 2500_00
    assert send.receipt_amount.text() == "₹2,500.00" and "Reference: SB" in send.receipt_reference.text()
    assert said(app)[-1].startswith(f"Done. I have sent two thousand five hundred rupees to {name}")
    qtbot.mouseClick(send.yes, _left())  # a second press of a stale button moves nothing
    settle(qtbot, app)
    assert balance(bank) == before - 2500_00


def test_no_cancels_and_nothing_moves(qtbot, make_app, bank, customer):
    app = make_app()
    sign_in_with_pin(qtbot, app, customer)
    before = balance(bank)
    send = app.screen("send_money")
    to_confirmation(qtbot, app, "700")
    qtbot.mouseClick(send.no, _left())
    qtbot.waitUntil(lambda: app.window.current.name == "home", timeout=20_000)
    assert "I will not do that" in said(app)[-2] or "I will not do that" in said(app)[-1]
    assert balance(bank) == before


def test_a_refusal_is_said_plainly_and_nothing_moves(qtbot, make_app, bank, customer):
    app = make_app()
    sign_in_with_pin(qtbot, app, customer)
    before = balance(bank)
    send = app.screen("send_money")
    choose_payee(qtbot, app)
    type_amount(qtbot, app, "900000")  # more than the balance
    press_and_wait(qtbot, app, send.amount_next, "confirm")
    press_and_wait(qtbot, app, send.yes, "refused")
    assert "There is not enough money in your account." in send.refused_text.text()
    assert balance(bank) == before


@pytest.fixture
def passcodes(bank):
    """The customer sets up passcodes; the test computes each code from the secret, one time step at a time."""
    secret = bank.start_passcodes()["secret"]
    step = int(time.time() // 30) - 1  # the bank accepts the step before this one, this one and the next
    bank.confirm_passcodes(pyotp.TOTP(secret).at(step * 30))

    def next_code() -> str:
        nonlocal step
        step = max(step + 1, int(time.time() // 30) - 1)
        while step > time.time() // 30 + 1:
            time.sleep(0.5)
        return pyotp.TOTP(secret).at(step * 30)

    return next_code


def test_a_large_transfer_asks_for_the_passcode_and_warns(qtbot, make_app, bank, customer, passcodes):
    app = make_app()
    app.go("pin_sign_in")
    app.signing_in_as = customer["mobile"]
    pin = app.screen("pin_sign_in")
    pin.keypad.set_value(customer["pin"])
    qtbot.mouseClick(pin.sign_in_button, _left())
    qtbot.waitUntil(lambda: pin.pin == customer["pin"], timeout=20_000)  # the PIN was right: now the passcode
    assert "six digits" in said(app)[-1]
    pin.keypad.set_value(passcodes())
    qtbot.mouseClick(pin.sign_in_button, _left())
    qtbot.waitUntil(lambda: app.window.current.name == "home", timeout=20_000)
    settle(qtbot, app)
    before = balance(bank)
    send = app.screen("send_money")
    to_confirmation(qtbot, app, "20000")
    press_and_wait(qtbot, app, send.yes, "step_up")
    assert said(app)[-1].startswith("Be careful: the bank will never ask you to send money")
    assert send.scam.isVisible() and balance(bank) == before
    for digit in passcodes():
        qtbot.mouseClick(send.passcode.keys[digit], _left())
    press_and_wait(qtbot, app, send.passcode_send, "receipt")
    settle(qtbot, app)
    assert balance(bank) == before - 20_000_00


def test_someone_asked_me_stops_the_payment_and_says_what_to_do(qtbot, make_app, bank, customer):
    app = make_app()
    sign_in_with_pin(qtbot, app, customer)
    before = balance(bank)
    send = app.screen("send_money")
    to_confirmation(qtbot, app, "15000")
    press_and_wait(qtbot, app, send.yes, "step_up")
    press_and_wait(qtbot, app, send.scam, "stopped")
    assert "We have stopped this payment. Nothing was sent." in said(app)[-1]
    assert "call your bank on the number printed on your card" in said(app)[-1]
    assert app.dialogue.state.task is None
    assert balance(bank) == before


def test_hindi_throughout_a_transfer(qtbot, make_app, bank, customer):
    import re
    from dataclasses import replace

    app = make_app()
    app.apply_preferences(replace(app.prefs, language="hi"), save=False)
    settle(qtbot, app)
    first = len(app.speech.said)  # what was said in English before the switch
    app.go("welcome")
    sign_in_with_pin(qtbot, app, customer)
    assert app.window.heading.text() == "मुख्य पेज"
    send = app.screen("send_money")
    name = choose_payee(qtbot, app)
    type_amount(qtbot, app, "300")
    assert send.amount_display.in_words.text() == "तीन सौ रुपये"
    press_and_wait(qtbot, app, send.amount_next, "confirm")
    press_and_wait(qtbot, app, send.yes, "receipt")
    settle(qtbot, app)
    names = set(name.split()) | set(app.profile["full_name"].split())
    assert len(app.speech.said) > first + 5
    for language, text in app.speech.said[first:]:
        assert language == "hi"
        # Only names, and the reference spelled out letter by letter, are in Latin script.
        latin = [w for w in re.findall(r"[A-Za-z]+", text) if w not in names and not re.fullmatch(r"[A-Z]", w)]
        assert latin == [], text
    assert send.receipt_heading.text() == "पैसे भेज दिए गए"
