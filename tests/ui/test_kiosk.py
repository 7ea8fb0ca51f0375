"""The kiosk against the real bank: full screen without window controls; a whole session (face sign-in
through the camera, the balance asked by voice, money sent by touch) that leaves no file in the data folder
and nothing in a real Secret Service; and the idle watch with short times: the warning said and shown,
"I need more time", touch, keys and speech keeping the customer there, and the sign-out that forgets
everything, back to the kiosk's own language; a close request (Alt+F4) ignored, the operator's signal or
staff keys obeyed."""

from __future__ import annotations

import os
import signal
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt

from smartbank_desktop.core.paths import data_dir
from smartbank_desktop.ui.kiosk import KioskOptions
from smartbank_desktop.ui.listening import MicState
from tests.support import bursts
from tests.ui.conftest import _left, said, settle, sign_in_with_pin
from tests.ui.test_remember import keyring_items
from tests.ui.test_send_money import choose_payee, press_and_wait, type_amount
from tests.ui.test_sign_in import burst_for, put_in_camera
from tests.ui.test_voice import spoken

LONG = KioskOptions(warn_after_s=600, sign_out_after_s=900)  # the idle watch out of the way


def files_under(folder: Path) -> dict:
    """Every file and folder below ``folder``: its size and modification time."""
    found = {}
    for where, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = Path(where, name)
            info = path.lstat()
            found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns)
    return found


def balance_of(live_backend, customer) -> int:
    from smartbank_desktop.client.api import BankClient

    with BankClient(live_backend.url) as client:
        client.sign_in(customer["mobile"], customer["pin"])
        return next(a for a in client.accounts() if a["type"] == "savings")["balance_paise"]


def test_a_kiosk_session_leaves_nothing_behind(qtbot, make_app, live_backend, face_customer, photos, voice,
                                               os_keyring, secret_service, tmp_path, monkeypatch):
    scratch = tmp_path / "temporary-files"  # this process's and the listening process's temporary folder
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    camera = tmp_path / "camera"
    camera.mkdir()
    put_in_camera(camera, bursts.still_burst(photos["obama/obama.jpg"][0]))
    microphone = spoken(voice, tmp_path, "What is my balance?")
    home = data_dir()
    files_before, keyring_before = files_under(home), keyring_items(secret_service)
    start_balance = balance_of(live_backend, face_customer)

    app = make_app(kiosk=LONG, camera=str(camera), microphone=microphone, speech_record=None)
    assert app.window.isFullScreen()
    assert app.window.windowFlags() & Qt.WindowType.FramelessWindowHint  # no title bar, no window controls
    assert app.remembering is None and not app.keep_preferences
    assert app.client.device_id is None  # a shared computer: its wrong tries count with everyone's

    # Signing in by face: the camera's pictures go to the bank from memory.
    welcome = app.screen("welcome")
    assert not welcome.remembered_button.isVisible()
    for digit in face_customer["mobile"][-10:]:
        qtbot.mouseClick(welcome.keypad.keys[digit], _left())
    qtbot.mouseClick(welcome.next_button, _left())
    qtbot.mouseClick(app.screen("sign_in_method").face, _left())
    face = app.screen("face_sign_in")
    qtbot.waitUntil(lambda: face.challenge is not None, timeout=20_000)
    qtbot.waitUntil(lambda: face.view.image is not None, timeout=10_000)
    put_in_camera(camera, burst_for(face.challenge["prompt"], photos))
    qtbot.mouseClick(face.start_button, _left())
    qtbot.waitUntil(lambda: app.window.current.name == "home", timeout=120_000)  # no "remember me" question
    settle(qtbot, app)

    # The balance by voice: the microphone's recording stays in memory.
    qtbot.waitUntil(lambda: app.listener.state == MicState.READY, timeout=60_000)
    qtbot.mouseClick(app.window.microphone.button, _left())
    qtbot.waitUntil(lambda: any(text.startswith("Your balance is") for text in said(app)), timeout=60_000)
    settle(qtbot, app)

    # Money sent by touch.
    send = app.screen("send_money")
    choose_payee(qtbot, app)
    type_amount(qtbot, app, "700")
    press_and_wait(qtbot, app, send.amount_next, "confirm")
    press_and_wait(qtbot, app, send.yes, "receipt")
    settle(qtbot, app)
    assert balance_of(live_backend, face_customer) == start_balance - 700_00
    refresh = app.client._tokens["refresh"]

    qtbot.mouseClick(app.window.home, _left())
    qtbot.waitUntil(lambda: app.window.current.name == "home", timeout=10_000)
    qtbot.mouseClick(app.screen("home").buttons["sign_out"], _left())
    qtbot.waitUntil(lambda: app.window.current.name == "welcome" and app.ops.pending == 0, timeout=20_000)
    settle(qtbot, app)
    assert app._client is None and app.bank is None and app.profile is None and not app.transcript
    assert httpx.post(f"{live_backend.url}/api/auth/refresh/", json={"refresh": refresh}).status_code == 401
    assert not app.screen("welcome").remembered_button.isVisible()

    assert files_under(home) == files_before  # not a file written, changed or added in the data folder
    assert keyring_items(secret_service) == keyring_before
    assert files_under(scratch) == {}  # nor in the temporary folder


def test_the_idle_warning_then_the_sign_out_forgets_everything(qtbot, make_app, live_backend, customer):
    app = make_app(kiosk=KioskOptions(warn_after_s=2, sign_out_after_s=4, language="en"))
    sign_in_with_pin(qtbot, app, customer)
    refresh = app.client._tokens["refresh"]
    app.go("settings")
    qtbot.mouseClick(app.screen("settings").hindi, _left())  # this customer prefers Hindi
    qtbot.mouseClick(app.screen("settings").bigger, _left())
    assert app.prefs.language == "hi" and app.prefs.text_scale > 1
    warning = app.kiosk.warning
    assert not warning.isVisible()

    qtbot.waitUntil(warning.isVisible, timeout=10_000)  # nobody touches anything
    assert warning.heading.text() == "क्या आप अभी भी यहाँ हैं?"
    assert warning.more_time.text() == "मुझे और समय चाहिए"
    assert said(app)[-1].startswith("क्या आप अभी भी यहाँ हैं? आपकी सुरक्षा के लिए, स्मार्टबैंक")
    assert warning.geometry() == app.window.centralWidget().rect()  # over the whole window
    assert app.window.focusWidget() is warning.more_time

    qtbot.waitUntil(lambda: app.window.current.name == "welcome" and not warning.isVisible(), timeout=10_000)
    settle(qtbot, app)
    assert app.bank is None and app.profile is None and app.dialogue is None and app._client is None
    assert app.signing_in_as is None and not app.transcript
    assert app.prefs.language == "en" and app.prefs.text_scale == 1.0  # the kiosk's own, for the next one
    assert app.window.heading.text() == "Welcome to SmartBank"
    assert app.screen("home").balance.text() == "—" and app.screen("home").greeting.text() == ""
    assert httpx.post(f"{live_backend.url}/api/auth/refresh/", json={"refresh": refresh}).status_code == 401
    assert app.window.captions.said.text() == ""  # nothing said to an empty room
    assert not app.kiosk.armed
    qtbot.wait(5000)  # with nobody there, the kiosk waits quietly: no warning to an empty room
    assert not warning.isVisible() and app.window.current.name == "welcome"


def test_more_time_touch_and_keys_keep_the_customer_there(qtbot, make_app):
    app = make_app(kiosk=KioskOptions(warn_after_s=1, sign_out_after_s=2))
    warning, welcome = app.kiosk.warning, app.screen("welcome")
    qtbot.mouseClick(welcome.keypad.keys["9"], _left())  # someone starts: the clock runs
    qtbot.waitUntil(warning.isVisible, timeout=5_000)
    assert said(app)[-1].startswith("Are you still there? For your safety, SmartBank will sign you out in ")
    assert "sign you out and forget everything in" in warning.countdown.text()

    qtbot.mouseClick(warning.more_time, _left())
    assert not warning.isVisible() and said(app)[-1] == "Of course. Take your time."
    assert welcome.keypad.value == "9"  # nothing forgotten

    qtbot.waitUntil(warning.isVisible, timeout=5_000)
    qtbot.mouseClick(welcome.keypad.keys["8"], _left())  # a touch anywhere
    assert not warning.isVisible()

    qtbot.waitUntil(warning.isVisible, timeout=5_000)
    qtbot.keyClick(warning.more_time, Qt.Key.Key_Space)  # the keyboard's way to the button
    assert not warning.isVisible()
    qtbot.waitUntil(warning.isVisible, timeout=5_000)
    qtbot.keyClick(app.window.repeat, Qt.Key.Key_Tab)  # any key
    assert not warning.isVisible()
    assert welcome.keypad.value == "98"

    qtbot.waitUntil(lambda: welcome.keypad.value == "", timeout=10_000)  # then nobody: all forgotten
    assert app.window.current is welcome and not warning.isVisible()


def test_speech_keeps_the_customer_there(qtbot, make_app, voice, tmp_path):
    app = make_app(kiosk=KioskOptions(warn_after_s=1, sign_out_after_s=8),
                   microphone=spoken(voice, tmp_path, "Yes, I am still here."))
    qtbot.waitUntil(lambda: app.listener.state == MicState.READY, timeout=60_000)
    warning, welcome = app.kiosk.warning, app.screen("welcome")
    qtbot.mouseClick(welcome.keypad.keys["7"], _left())
    qtbot.waitUntil(warning.isVisible, timeout=5_000)
    # The warning opens the microphone; the customer answers.
    qtbot.waitUntil(lambda: not warning.isVisible(), timeout=8_000)
    qtbot.waitUntil(lambda: said(app)[-1] == "Of course. Take your time.", timeout=20_000)
    assert welcome.keypad.value == "7" and app.window.current is welcome  # what was said is not a command
    assert "Please sign in first" not in " ".join(said(app))


def test_waiting_for_the_bank_is_not_idleness(qtbot, make_app):
    app = make_app(kiosk=KioskOptions(warn_after_s=2.5, sign_out_after_s=5))
    warning, welcome = app.kiosk.warning, app.screen("welcome")
    qtbot.mouseClick(welcome.keypad.keys["5"], _left())
    answered = []
    app.ops.run(lambda: time.sleep(7), answered.append, lane="slow")  # an answer that takes its time
    qtbot.waitUntil(lambda: bool(answered), timeout=20_000)
    assert not warning.isVisible() and welcome.keypad.value == "5"  # no warning, nothing forgotten meanwhile
    qtbot.waitUntil(warning.isVisible, timeout=10_000)  # once the answer is in, the clock runs again


def test_a_customer_cannot_close_the_kiosk_but_the_staff_keys_do(qtbot, make_app):
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QApplication

    app = make_app(kiosk=LONG)
    qtbot.waitUntil(app.window.isVisible, timeout=5_000)
    assert not app.window.close()  # what Alt+F4 or a window manager's close asks for
    request = QCloseEvent()
    QApplication.sendEvent(app.window, request)
    assert not request.isAccepted() and app.window.isVisible()
    qtbot.keyClick(app.screen("welcome").keypad.keys["9"], Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert app.window.isVisible() and app.window.isFullScreen()

    qtbot.keyClick(app.screen("welcome").keypad.keys["9"], Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=5_000)


def test_closing_the_kiosk_signs_the_customer_out_at_the_bank(qtbot, make_app, live_backend, customer):
    app = make_app(kiosk=LONG)
    sign_in_with_pin(qtbot, app, customer)
    refresh = app.client._tokens["refresh"]
    qtbot.keyClick(app.window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=5_000)
    app.close()
    answer = httpx.post(f"{live_backend.url}/api/auth/refresh/", json={"refresh": refresh}, timeout=10)
    assert answer.status_code == 401, answer.text  # the token that stayed in memory is no use to anyone now


@pytest.mark.parametrize("asked", ["SIGTERM", "SIGINT"])
def test_the_operator_closes_the_kiosk_by_asking_the_process_to_quit(qtbot, make_app, asked):
    app = make_app(kiosk=LONG)
    qtbot.waitUntil(app.window.isVisible, timeout=5_000)
    previous = app.kiosk.quit_on_signals()
    try:
        qtbot.wait(300)
        assert app.window.isVisible()
        signal.raise_signal(getattr(signal, asked))
        qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=5_000)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def test_a_home_window_still_closes_when_asked(qtbot, make_app):
    app = make_app()
    qtbot.waitUntil(app.window.isVisible, timeout=5_000)
    assert app.window.close() and not app.window.isVisible()


@pytest.mark.parametrize("warn, sign_out", [(90, 60), (0, 10), (30, 30)])
def test_the_warning_must_come_before_the_sign_out(warn, sign_out):
    with pytest.raises(ValueError):
        KioskOptions(warn_after_s=warn, sign_out_after_s=sign_out)


def test_the_times_come_from_the_command_line_else_the_settings(monkeypatch):
    monkeypatch.setenv("SMARTBANK_KIOSK_IDLE_WARNING", "45")
    monkeypatch.setenv("SMARTBANK_KIOSK_LANGUAGE", "hi")
    assert KioskOptions.configured() == KioskOptions(45, 90, "hi")
    assert KioskOptions.configured(20, 50, "en") == KioskOptions(20, 50, "en")
