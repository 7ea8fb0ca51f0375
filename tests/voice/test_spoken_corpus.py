"""Speech in, command out, on a corpus drawn afresh for every run from held-out material.

Every run draws two held-out phrasings per intent, fills them with held-out
names, amounts and digits, and has each spoken by a held-out voice (piper's
joe at two speeds, espeak-ng voices at 110-175 words a minute) in one of the
conditions (room noise; babble at 20 dB and 10 dB SNR), cycling so every voice
and condition is heard; then clips of background talk with no command, and
passcodes from real people's digits (held-out takes) with pauses, breaths and
fillers. Each set is asserted whole, per condition; bench/voice.py prints the
full tables on a larger draw. The recognizer is the product's default:
pocketsphinx re-checked by Whisper.
"""

import json
import random
import subprocess
import sys
from collections import Counter

import pytest

from smartbank_desktop.voice.digits import DigitsRecognizer
from smartbank_desktop.voice.nlu import IntentParser
from smartbank_desktop.voice.recognizers import create_recognizer
from tests.support import corpus

pytestmark = pytest.mark.slow
SPLIT = "held_out"
NAMES = corpus.payee_names(SPLIT)


@pytest.fixture(scope="module")
def rng():
    seed = random.randrange(1 << 30)
    print(f"\ncorpus seed {seed}")
    return random.Random(seed)


@pytest.fixture(scope="module")
def synthesiser():
    synthesiser = corpus.Synthesiser()
    yield synthesiser
    synthesiser.close()


@pytest.fixture(scope="module")
def recognizer():
    recognizer = create_recognizer("en", payees=NAMES)
    assert recognizer.engine == "pocketsphinx+whisper"
    return recognizer


@pytest.fixture(scope="module")
def outcomes(rng, synthesiser, recognizer):
    parser = IntentParser("en", NAMES)
    voices = corpus.VOICES[SPLIT]
    commands = corpus.commands(rng, "en", SPLIT, per_intent=2)
    rng.shuffle(commands)
    rows = []
    for i, command in enumerate(commands):
        voice, condition = voices[i % len(voices)], corpus.CONDITIONS[i % len(corpus.CONDITIONS)]
        clip = corpus.in_condition(synthesiser.render(command.spoken, voice), condition, rng, SPLIT)
        transcript = recognizer.transcribe(clip)
        result = parser.parse(transcript.text).from_speech(transcript)
        rows.append((command, voice.name, condition.name, transcript, corpus.accepted(command, result.intent, result.slots)))
    return rows


def _report(rows):
    return "\n".join(f"{'ok  ' if ok else 'MISS'} {voice} / {condition}: {command.spoken!r} heard {t.heard}"
                     for command, voice, condition, t, ok in rows)


# The goals are 97%, 90% and 70%; bench/voice.py measures, on a larger draw, how far the product is
# from them (not there yet). With about eight fresh commands per condition a run can only guard against a
# regression without failing by chance: these floors are where the measured rates (clean about 90%, 20 dB
# about 85%, 10 dB 25-75%) fall below less than once in a hundred runs. At 10 dB what is asserted is safety:
# no misheard command is taken as a different one (see the next test).
FLOORS = {"clean": 0.6, "babble-20dB": 0.5, "babble-10dB": 0.0}


def test_commands_per_condition(outcomes):
    print(_report(outcomes))
    by_condition = Counter(c for _, _, c, _, _ in outcomes)
    right = Counter(c for _, _, c, _, ok in outcomes if ok)
    rates = {c: right[c] / n for c, n in by_condition.items()}
    print(rates)
    assert set(rates) == set(FLOORS) and len({v for _, v, _, _, _ in outcomes}) == len(corpus.VOICES[SPLIT])
    assert all(rates[c] >= floor for c, floor in FLOORS.items()), rates


def test_a_misheard_command_is_never_taken_as_another_money_command(outcomes):
    """In every condition: what is not heard right is "none" or asked again, never a different payment."""
    wrong_money = [(command.spoken, t.heard) for command, _, _, t, ok in outcomes
                   if not ok and t.accepted and IntentParser("en", NAMES).parse(t.text).intent == "transfer_money"
                   and command.intent != "transfer_money"]
    assert wrong_money == []


def test_an_unsure_recognition_is_none_not_a_guess(outcomes):
    for command, _, _, transcript, ok in outcomes:
        if not transcript.accepted:
            assert transcript.text == ""
        assert transcript.confidence is not None and 0.0 <= transcript.confidence <= 1.0


def test_background_talk_is_no_command_and_never_money(rng, recognizer):
    parser = IntentParser("en", NAMES)
    intents = [parser.parse(recognizer.transcribe(corpus.background_clip(rng, SPLIT)).text).intent for _ in range(6)]
    print(intents)
    assert "transfer_money" not in intents and "yes" not in intents
    assert intents.count("none") >= 5, intents


@pytest.fixture(scope="module")
def passcodes(rng, synthesiser):
    fillers = corpus.filler_words(synthesiser)
    return [corpus.passcode(rng, speaker, SPLIT, fillers) for speaker in corpus.DIGIT_SPEAKERS for _ in range(2)]


def test_passcodes_by_real_people_on_the_sign_in_path(passcodes):
    digits = DigitsRecognizer()
    heard = [(code, digits.digits(code.clip, expected_length=6)) for code in passcodes]
    print([(c.speaker, c.digits, h, c.extras) for c, h in heard])
    assert sum(code.digits == said for code, said in heard) >= 5


def test_passcodes_by_real_people_on_the_dialogue_path(passcodes, recognizer):
    parser = IntentParser("en", NAMES)
    codes = passcodes[::2]  # one per speaker (the grammar engine is slow on long pauses)
    results = [parser.parse(recognizer.transcribe(code.clip).text) for code in codes]
    print([(c.digits, r.intent, r.slots) for c, r in zip(codes, results)])
    assert sum(r.intent == "digits" and r.slots.get("digits") == c.digits for c, r in zip(codes, results)) >= 2
    assert all(r.intent in ("digits", "none") for r in results)


def test_recognize_command_prints_the_contract_for_many_files(rng, synthesiser, tmp_path):
    commands = corpus.commands(rng, "en", SPLIT, per_intent=1)[:3]
    files = []
    for i, command in enumerate(commands):
        clip = corpus.in_condition(synthesiser.render(command.spoken, corpus.VOICES[SPLIT][0]), corpus.CONDITIONS[0], rng)
        files.append(str(corpus.write_clip(clip, tmp_path / f"c{i}.wav")))
    done = subprocess.run(
        [sys.executable, "-m", "smartbank_desktop", "voice", "recognize", *files, "--json", "--payees", ",".join(NAMES)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["file"] for r in rows] == files
    assert all({"file", "text", "intent", "slots", "engine", "ms", "accepted", "agreed", "confidence"} == set(r) for r in rows)
    assert all(r["engine"] == "pocketsphinx+whisper" for r in rows)
