"""Every screen and state of the app as PNG files: English and Hindi, 100% and 200% text.

The states are reached the way a customer reaches them, against a real bank
(``smartbank app --screenshots DIR`` starts one with demo customers in a
fresh data folder): sign-in and its passcode, home, each step of sending
money including the step-up, the scam stop and a refusal, history, accounts,
KYC, the assistant mid-conversation, help, settings, the bank unreachable,
"Shall I remember you?" and a remembered customer welcomed
back, and the kiosk's idle warning.
Speech is rendered to WAV files beside the pictures, so what the app said can
be listened to as well. A picture is named LANGUAGE-SIZE-STATE (``hi-200-home``);
:class:`Only` picks some of them by a pattern over those names, driving only
the passes it needs.
"""

from __future__ import annotations

import time
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path

import pyotp

WINDOW_SIZE = (1366, 768)  # the commonest small screen of home PCs
SCALES = (1.0, 2.0)
LANGUAGES = ("en", "hi")
TYPED = {  # what the customer says to the assistant in the screenshots, in each language
    "en": {"balance": "what is my balance", "kyc": "what is my kyc status", "send": "send 500 rupees to {name}"},
    "hi": {"balance": "मेरा बैलेंस कितना है", "kyc": "केवाईसी स्टेटस बताओ", "send": "{name} को पाँच सौ रुपये भेजो"},
}


class Only:
    """Which pictures to save: a shell-style pattern LANGUAGE-SIZE-STATE (``en-100-home``, ``*-200-setup-*``);
    a field left out is ``*``. Passes (language, size) and parts (the app's, the wizard's) with nothing to save are
    not driven; within a part every state is still reached in order, and only its pictures are left out."""

    def __init__(self, pattern: str | None = None):
        fields = (pattern or "").split("-", 2)
        self.pattern = pattern
        self.language, self.size, self.state = (field or "*" for field in fields + ["*"] * (3 - len(fields)))

    def passes(self, passes=()) -> list[tuple[str, float]]:
        """The (language, text scale) passes with a picture to save (of ``passes``, default every one)."""
        chosen = [(language, scale) for language, scale in passes or [(lang, s) for lang in LANGUAGES for s in SCALES]
                  if self.wants_pass(language, scale)]
        if not chosen:
            raise ValueError(f"{self.pattern!r} names no picture: LANGUAGE-SIZE-STATE, e.g. en-100-home or "
                             "*-200-setup-*")
        return chosen

    def wants_pass(self, language: str, scale: float) -> bool:
        return fnmatchcase(language, self.language) and fnmatchcase(str(round(scale * 100)), self.size)

    def wants_part(self, setup: bool) -> bool:
        """The app's own states, or the setup wizard's (every name of which begins with "setup")."""
        head = self.state.split("-", 1)[0]
        return fnmatchcase("setup", head) if setup else head != "setup"

    def wants(self, state: str) -> bool:
        return fnmatchcase(state, self.state)


class Driver:
    """Drives one app window through states and saves each as a picture."""

    def __init__(self, qt_app, app, out_dir: Path, only: Only | None = None):
        self.qt_app, self.app, self.out_dir = qt_app, app, out_dir
        self.only = only or Only()
        self.saved: list[Path] = []
        self.last_step = 0

    def passcode(self, secret: str) -> str:
        """A passcode from a later time step than the last one used (a passcode is never accepted twice)."""
        step = int(time.time() // 30)
        if step <= self.last_step:
            step = self.last_step + 1
            while time.time() < step * 30:
                self.qt_app.processEvents()
                time.sleep(0.1)
        self.last_step = step
        return pyotp.TOTP(secret).at(step * 30)

    def settle(self, timeout: float = 15.0, quiet: float = 0.3) -> None:
        """Let background calls finish and the window repaint."""
        deadline = time.monotonic() + timeout
        calm_since = None
        while time.monotonic() < deadline:
            self.qt_app.processEvents()
            if self.app.ops.pending == 0:
                calm_since = calm_since or time.monotonic()
                if time.monotonic() - calm_since >= quiet:
                    break
            else:
                calm_since = None
            time.sleep(0.02)
        self.qt_app.processEvents()

    def shot(self, name: str, *, settle: bool = True) -> None:
        """``settle=False``: as the window is at once, before the answers of background calls are shown."""
        if settle:
            self.settle()
        else:
            from PySide6.QtCore import QEvent

            self.qt_app.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # laid out; the answers stay queued
        if not self.only.wants(name):
            return
        prefs = self.app.prefs
        path = self.out_dir / f"{prefs.language}-{round(prefs.text_scale * 100)}-{name}.png"
        self.app.window.grab().save(str(path))
        self.saved.append(path)


def _pass(driver: Driver, customer: dict, secret: str, payee_name: str) -> None:
    app, shot = driver.app, driver.shot
    app.end_session()
    shot("welcome")
    welcome = app.screen("welcome")
    welcome.keypad.set_value(customer["mobile"][-10:])
    shot("welcome-mobile-typed")
    welcome.keypad.set_value("12345")
    welcome._next()
    shot("welcome-not-a-mobile")
    app.start_sign_in(customer["mobile"], "")
    shot("sign-in-method")
    app.go("voice_sign_in")
    shot("voice-sign-in-getting", settle=False)  # the bank's digits still on their way
    shot("voice-sign-in-digits")
    app.go("face_sign_in")
    shot("face-sign-in-camera")
    app.screen("face_sign_in").show_message(app.words("camera.stopped_too_soon"))
    shot("face-sign-in-camera-stopped-too-soon")
    app.go("pin_sign_in")
    pin = app.screen("pin_sign_in")
    pin.keypad.set_value("9999")
    pin._submit()
    shot("pin-wrong")
    app.go("pin_sign_in")
    pin.keypad.set_value(customer["pin"])
    pin._submit()
    shot("pin-then-passcode")
    pin.keypad.set_value(driver.passcode(secret))
    pin._submit()
    shot("home")
    app.go("remember_me")  # what a customer signed in at home is asked
    shot("remember-me")
    app.go("home")
    _kiosk_warning(driver)

    app.go("send_money", page="payees")
    shot("send-payees")
    send = app.screen("send_money")
    payee = next(p for p in app.bank.payees() if p.name == payee_name)
    send._chose(payee)
    send.amount_keys.set_value("2500")
    shot("send-amount")
    send._amount_done()
    shot("send-confirm")
    app.answer_yes()
    shot("send-receipt")
    app.go("send_money", page="payees")
    send._chose(payee)
    send.amount_keys.set_value("25000")
    send._amount_done()
    app.answer_yes()
    shot("send-step-up")
    send._someone_asked()
    shot("send-stopped-scam")
    send._chose(payee)
    send.amount_keys.set_value("900000")
    send._amount_done()
    app.answer_yes()
    shot("send-refused")

    app.go("history")
    shot("history")
    app.go("accounts")
    shot("accounts")
    app.screen("accounts")._show_fd()
    shot("accounts-fixed-deposit")
    app.go("kyc")
    shot("kyc")
    app.go("assistant")
    words = TYPED[app.prefs.language]
    app.talk(lambda d: d.handle_text(words["balance"]))
    driver.settle()
    app.talk(lambda d: d.handle_text(words["kyc"]))
    shot("assistant-conversation")
    app.talk(lambda d: d.handle_text(words["send"].format(name=payee_name)))
    shot("assistant-asks-to-confirm")
    app.talk(lambda d: d.cancel())
    app.go("help")
    shot("help")
    app.go("settings")
    shot("settings")

    real = app.client.http.base_url
    app.client.http.base_url = "http://127.0.0.1:9"  # nothing listens there: the bank is unreachable
    app.go("home")
    shot("home-bank-unreachable")
    app.client.http.base_url = real


def _kiosk_warning(driver: Driver) -> None:
    """The kiosk's warning over the screen, as after 60 s with nobody touching it (30 s left)."""
    from smartbank_desktop.ui.kiosk import KioskWarning

    app = driver.app
    warning = KioskWarning(app)
    warning.open_warning(30)
    app.say(warning.spoken())
    driver.shot("kiosk-warning")
    warning.close_warning()
    warning.deleteLater()


def _welcome_back(driver: Driver, customer: dict) -> None:
    """A remembered customer at the next start, while the kept sign-in is used."""
    app = driver.app
    app.end_session()
    name = customer["name"].split()[0]
    text = app.words("remember.welcome_back", name=name)
    app.screen("welcome").show_message(text)
    app.say(text)
    driver.shot("welcome-back-remembered")


def render(url: str, customer: dict, payee_name: str, out_dir: str | Path, *, camera: str | None = None,
           microphone: str | None = None, passes: tuple = (), setup_customer: dict | None = None,
           payee_account: str = "", only: str | None = None) -> list[Path]:
    """Render every state for each (language, text scale) into ``out_dir`` (``only``: the pictures whose name
    matches this pattern, see :class:`Only`); the files written."""
    from smartbank_desktop.client.api import BankClient
    from smartbank_desktop.ui.app import SmartBankApp, qt_application

    chosen = Only(only)
    passes = chosen.passes(passes)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with BankClient(url) as setup:  # passcodes for the customer, so sign-in shows both of its steps
        setup.sign_in(customer["mobile"], customer["pin"])
        secret = setup.start_passcodes()["secret"]
        setup.confirm_passcodes(pyotp.TOTP(secret).now())
    qt_app = qt_application()
    app = SmartBankApp(url, camera=camera, microphone=microphone, speech_play=False,
                       speech_record=out / "speech", keep_preferences=False, remember_customers=False)
    app.window.resize(*WINDOW_SIZE)
    app.start()
    driver = Driver(qt_app, app, out, chosen)
    driver.last_step = int(time.time() // 30)  # used by the confirmation above
    try:
        for language, scale in passes:
            app.apply_preferences(replace(app.prefs, language=language, text_scale=scale), save=False)
            if chosen.wants_part(setup=False):
                _pass(driver, customer, secret, payee_name)
            if setup_customer is not None and chosen.wants_part(setup=True):  # the helper's wizard, step by step
                from smartbank_desktop.ui.setup.screenshots import wizard_pass

                wizard_pass(driver, setup_customer, payee_account, Path(app.camera.spec or out).parent)
            if chosen.wants_part(setup=False):
                _welcome_back(driver, customer)
    finally:
        app.close()
    return driver.saved
