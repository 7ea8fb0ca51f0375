"""The listening process (voice/listening_process.py): a turn that expects digits is heard with the language's
digits grammar; closed, it ends, says so, and leaves no thread here."""

from __future__ import annotations

import random
import shutil
import threading

import numpy as np
import pytest
import soundfile

from smartbank_desktop.core.number_words import HINDI_NUMBERS_0_99
from smartbank_desktop.voice.listening_process import ListeningProcess
from tests.support import corpus

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def _heard(process: ListeningProcess, timeout: float = 120.0):
    while True:
        report = process.report(timeout=timeout)
        assert report is not None, "no answer from the listening process"
        if report[0] != "event":
            return report


def _microphone(tmp_path, text: str) -> str:
    """A WAV file of ``text`` said by a development Hindi voice in a room, played as the microphone."""
    synthesiser = corpus.Synthesiser()
    try:
        speech = synthesiser.render(text, corpus.HINDI_VOICES["development"][0])
    finally:
        synthesiser.close()
    clip = corpus.in_condition(speech, corpus.CONDITIONS[0], random.Random(7), "development")
    path = tmp_path / "microphone.wav"
    soundfile.write(str(path), np.concatenate([np.zeros(8000, np.int16), clip.samples, np.zeros(24000, np.int16)]),
                    16000, subtype="PCM_16")
    return str(path)


def _one_turn(microphone: str, expecting: str | None):
    process = ListeningProcess(microphone)
    try:
        process.load("hi", [])
        assert _heard(process) == ("ready",)
        process.listen(expecting=expecting)
        kind, result = _heard(process)
        assert kind == "heard"
        return result
    finally:
        process.close()


@pytest.mark.parametrize(("said", "intent", "slots"), [
    (" ".join(HINDI_NUMBERS_0_99[int(d)] for d in "472916"), "digits", {"digits": "472916"}),
    ("रद्द करो", "cancel", {}),
])
def test_a_passcode_turn_in_hindi_hears_digits_and_still_a_cancel(tmp_path, said, intent, slots):
    result = _one_turn(_microphone(tmp_path, said), "digits")
    assert (result.intent, result.slots) == (intent, slots), result


def _alive() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.is_alive()}


def test_closing_a_listening_process_ends_it_and_its_command_thread():
    from smartbank_desktop.voice.listening_process import ListeningProcess

    before = _alive()
    process = ListeningProcess()
    process.listen()  # nothing loaded: it says so
    assert process.report(timeout=30) == ("unavailable", "no recognizer is loaded")
    process.close()
    assert process.report(timeout=10) == ("closed",)
    assert not process._process.is_alive()
    assert not _alive() - before
