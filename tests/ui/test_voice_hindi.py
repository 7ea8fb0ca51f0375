"""The app by voice alone in Hindi: espeak-ng's Hindi voice as the microphone, the Hindi recognizer, the real bank.

The commands are said at test time (Hindi words, the payee's name as saved),
with a room's noise under them; the app hears them through the voice
package's end-of-speech detection and pocketsphinx with the Hindi grammar.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import replace

import numpy as np
import pytest
import soundfile

from smartbank_desktop.ui.listening import MicState
from tests.support import corpus
from tests.ui.conftest import _left, said, settle, sign_in_with_pin, wait_heard
from tests.ui.test_voice import balance, payee_of

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
VOICE = corpus.Voice("espeak-hi-140", "espeak", "hi", 140)


def spoken_hindi(tmp_path, *turns: str) -> str:
    """One WAV file: each turn said by espeak-ng's Hindi voice, then a pause long enough to end it, all in one
    room whose noise goes on through the pauses (pauses of digital silence after noisy turns made the step
    from noise to silence a turn of its own, heard as a word)."""
    synthesiser = corpus.Synthesiser()
    pause = np.zeros(int(1.5 * 16000), np.float32)
    try:
        track = np.concatenate([piece for text in turns for piece in (synthesiser.render(text, VOICE), pause)])
    finally:
        synthesiser.close()
    clip = corpus.in_condition(track, corpus.CONDITIONS[0], random.Random(7), "development")
    microphone = tmp_path / "microphone.wav"
    soundfile.write(str(microphone), clip.samples, 16000, subtype="PCM_16")
    return str(microphone)


def test_a_transfer_by_voice_alone_in_hindi(qtbot, make_app, live_backend, customer, tmp_path):
    payee = payee_of(live_backend, customer)
    microphone = spoken_hindi(tmp_path, f"{payee} को पाँच सौ रुपये भेजो", "हाँ", "मेरा बैलेंस बताओ")
    app = make_app(microphone=microphone)
    app.apply_preferences(replace(app.prefs, language="hi"), save=False)
    settle(qtbot, app)
    app.go("welcome")
    sign_in_with_pin(qtbot, app, customer)
    before = balance(live_backend, customer)
    wait_heard(qtbot, app, lambda: app.listener.state == MicState.READY)
    assert app.listener.reason == ""
    # The button follows the listener's state on the Qt thread: "tap and speak", not "voice is not available".
    qtbot.waitUntil(lambda: app.window.microphone.button.text() == "दबाइए और बोलिए", timeout=5_000)

    qtbot.mouseClick(app.window.microphone.button, _left())
    send = app.screen("send_money")
    wait_heard(qtbot, app, lambda: app.window.current is send and send.page == "confirm")
    assert send.confirm_amount.text() == "₹500.00" and payee in send.confirm_payee.text()
    assert "क्या मैं भेज दूँ?" in said(app)[-1]
    assert app.listening_for() is None  # a payment's "yes" is never heard through a yes-or-no grammar
    # The question opened the microphone again by itself: "हाँ" is heard and the money moves, once.
    wait_heard(qtbot, app, lambda: send.page == "receipt")
    settle(qtbot, app)
    assert balance(live_backend, customer) == before - 500_00
    assert said(app)[-1].startswith("हो गया।") and payee in said(app)[-1]
    assert all(language == "hi" for language, _ in app.speech.said[-3:])



def test_the_balance_by_voice_in_hindi(qtbot, make_app, live_backend, customer, tmp_path):
    app = make_app(microphone=spoken_hindi(tmp_path, "मेरा बैलेंस बताओ"))
    app.apply_preferences(replace(app.prefs, language="hi"), save=False)
    settle(qtbot, app)
    app.go("welcome")
    sign_in_with_pin(qtbot, app, customer)
    wait_heard(qtbot, app, lambda: app.listener.state == MicState.READY)
    qtbot.mouseClick(app.window.microphone.button, _left())
    expected = app.words.money(balance(live_backend, customer))
    wait_heard(qtbot, app, lambda: f"आपका बैलेंस {expected} है।" in said(app))
