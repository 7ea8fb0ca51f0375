"""The app's speaking queue with the real speech engine: the microphone may open only when nothing is left to say."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def speech(qapp, tmp_path):
    from smartbank_desktop.ui.speech import SpeechOutput

    output = SpeechOutput(play=False, record_to=tmp_path)
    yield output
    output.close()


def wait_until_idle(speech, within_s: float = 60.0) -> None:
    deadline = time.monotonic() + within_s
    while not speech.idle:
        assert time.monotonic() < deadline, "the speech queue never became idle"
        time.sleep(0.01)


def test_a_sentence_being_rendered_is_not_idle(speech, tmp_path):
    """Voice sign-in starts recording when the queue is idle: idle while the digits were still being
    rendered let the recording start before the app had said them (and, with speakers, record them)."""
    speech.say("Please say these numbers, one at a time: 2, 4, 1, 9, 1, 4.")
    polls = 0
    while not list(tmp_path.glob("*.wav")):  # written once rendered, before it is played
        assert not speech.idle, "idle before the sentence was even rendered"
        polls += 1
        time.sleep(0.001)
    assert polls > 0
    wait_until_idle(speech)
    assert [text for _, text in speech.said] == ["Please say these numbers, one at a time: 2, 4, 1, 9, 1, 4."]


def test_sentences_replaced_by_a_newer_one_still_end_in_idle(speech, tmp_path):
    for text in ("Welcome to SmartBank.", "How would you like to sign in?", "Please say these numbers: 5, 5, 0."):
        speech.say(text)
    assert not speech.idle
    wait_until_idle(speech)
    assert 1 <= len(list(tmp_path.glob("*.wav"))) <= 3  # the older ones may be skipped, the last is said


def test_a_sentence_starts_with_how_long_it_takes_to_say(speech, tmp_path, qtbot):
    """The captions turn their pages at the pace of the words: the start of a sentence carries its length."""
    import soundfile

    with qtbot.waitSignal(speech.started, timeout=60_000) as started:
        speech.say("Your balance is five lakh rupees. Shall I read your last three payments?")
    text, seconds = started.args
    assert text.startswith("Your balance")
    (wav,) = tmp_path.glob("*.wav")
    assert seconds == pytest.approx(soundfile.info(str(wav)).duration, abs=0.01) and seconds > 2
