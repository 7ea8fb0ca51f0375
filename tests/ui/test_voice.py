"""The app by voice alone: spoken WAV files as the microphone, the real recognizer, the real bank.

Piper's voice says the commands at test time; the app hears them through the
voice package's end-of-speech detection and recognizer, the dialogue asks
"Shall I send it?", the microphone opens again by itself, and "yes" sends.
"""

from __future__ import annotations

import wave

import numpy as np
import soundfile

from smartbank_desktop.client.api import BankClient
from smartbank_desktop.ui.listening import MicState
from tests.ui.conftest import _left, said, settle, sign_in_with_pin, wait_heard


def spoken(voice, tmp_path, *turns: str) -> str:
    """One WAV file: each turn spoken, then a pause long enough to end it."""
    from piper import SynthesisConfig

    from smartbank_desktop.voice.audio import read_audio_file

    pieces = [np.zeros(8000, np.int16)]
    for i, text in enumerate(turns):
        path = tmp_path / f"turn{i}.wav"
        with wave.open(str(path), "wb") as out:
            voice.synthesize_wav(text, out, syn_config=SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0))
        pieces += [read_audio_file(path).samples, np.zeros(int(1.5 * 16000), np.int16)]
    microphone = tmp_path / "microphone.wav"
    soundfile.write(str(microphone), np.concatenate(pieces), 16000, subtype="PCM_16")
    return str(microphone)


def balance(live_backend, customer) -> int:
    with BankClient(live_backend.url) as client:
        client.sign_in(customer["mobile"], customer["pin"])
        return next(a for a in client.accounts() if a["type"] == "savings")["balance_paise"]


def payee_of(live_backend, customer) -> str:
    with BankClient(live_backend.url) as client:
        client.sign_in(customer["mobile"], customer["pin"])
        return client.payees()[0]["name"]


def test_a_transfer_by_voice_alone(qtbot, make_app, live_backend, customer, voice, tmp_path):
    payee = payee_of(live_backend, customer)
    microphone = spoken(voice, tmp_path, f"Send five hundred rupees to {payee}.", "Yes.")
    app = make_app(microphone=microphone)
    sign_in_with_pin(qtbot, app, customer)
    before = balance(live_backend, customer)
    wait_heard(qtbot, app, lambda: app.listener.state == MicState.READY, timeout=30_000)
    assert app.window.microphone.button.text() == "Tap and speak"
    qtbot.mouseClick(app.window.microphone.button, _left())
    send = app.screen("send_money")
    qtbot.waitUntil(lambda: app.window.current is send and send.page == "confirm", timeout=30_000)
    assert send.confirm_amount.text() == "₹500.00" and payee in send.confirm_payee.text()
    assert said(app)[-1].startswith(f"You want to send five hundred rupees to {payee}")
    # The question opened the microphone again by itself: "yes" is heard and the money moves.
    qtbot.waitUntil(lambda: send.page == "receipt", timeout=30_000)
    settle(qtbot, app)
    assert balance(live_backend, customer) == before - 500_00
    assert said(app)[-1].startswith(f"Done. I have sent five hundred rupees to {payee}")
    assert app.window.captions.heard.text().lower().startswith("you said: yes")


def test_cancel_by_voice_sends_nothing(qtbot, make_app, live_backend, customer, voice, tmp_path):
    payee = payee_of(live_backend, customer)
    microphone = spoken(voice, tmp_path, f"Send seven hundred rupees to {payee}.", "Cancel.")
    app = make_app(microphone=microphone)
    sign_in_with_pin(qtbot, app, customer)
    before = balance(live_backend, customer)
    wait_heard(qtbot, app, lambda: app.listener.state == MicState.READY, timeout=30_000)
    qtbot.mouseClick(app.window.microphone.button, _left())
    qtbot.waitUntil(lambda: any("cancelled that. Nothing was sent" in s for s in said(app)), timeout=40_000)
    settle(qtbot, app)
    assert app.window.current.name == "home"
    assert balance(live_backend, customer) == before


def test_the_balance_by_voice_on_any_screen(qtbot, make_app, live_backend, customer, voice, tmp_path):
    app = make_app(microphone=spoken(voice, tmp_path, "What is my balance?"))
    sign_in_with_pin(qtbot, app, customer)
    app.go("help")
    wait_heard(qtbot, app, lambda: app.listener.state == MicState.READY, timeout=30_000)
    qtbot.mouseClick(app.window.microphone.button, _left())
    qtbot.waitUntil(lambda: app.window.current.name == "home", timeout=30_000)
    settle(qtbot, app)
    expected = app.words.money(balance(live_backend, customer))
    assert f"Your balance is {expected}." in said(app)


def test_no_microphone_is_said_plainly_and_the_buttons_still_work(qtbot, make_app, customer, tmp_path):
    app = make_app(microphone="no such microphone device")
    sign_in_with_pin(qtbot, app, customer)
    wait_heard(qtbot, app, lambda: app.listener.state == MicState.READY, timeout=30_000)
    qtbot.mouseClick(app.window.microphone.button, _left())
    qtbot.waitUntil(lambda: app.listener.state == MicState.UNAVAILABLE, timeout=20_000)
    # The state is set on the listener's thread; its signals reach the window just after.
    qtbot.waitUntil(lambda: said(app)[-1] == "No microphone is working on this computer. You can use the buttons "
                                             "on the screen instead.", timeout=5_000)
    assert app.window.microphone.button.text() == "Voice is not available"
    qtbot.mouseClick(app.screen("home").buttons["balance"], _left())
    qtbot.waitUntil(lambda: said(app)[-1].startswith("Your balance is"), timeout=20_000)
