"""Speech in, command out, on a corpus drawn afresh for every run from held-out material.

Every run draws two held-out phrasings per intent, fills them with held-out
names, amounts and digits, and has each spoken by a held-out voice (piper's
joe at two speeds, espeak-ng voices at 110-175 words a minute) in one of the
conditions (room noise; babble at 20 dB and 10 dB SNR), cycling so every voice
and condition is heard (10 dB twice as often); then clips of background talk
with no command, and passcodes from real people's digits (held-out takes) with
pauses, breaths and fillers, on both paths. Each set is asserted whole, per
condition, against a floor from its measured rate (chance_floor);
bench/voice.py prints the full tables on a larger draw. The recognizer is the product's default:
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
from tests.support.metrics import chance_floor

pytestmark = pytest.mark.slow
SPLIT = "held_out"
NAMES = corpus.payee_names(SPLIT)
CLEAN, BABBLE_10 = corpus.CONDITIONS[0], corpus.CONDITIONS[2]
BACKGROUND_CLIPS = 8


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


def _hear(recognizer, parser, synthesiser, rng, command, voice, condition):
    clip = corpus.in_condition(synthesiser.render(command.spoken, voice), condition, rng, SPLIT)
    transcript = recognizer.transcribe(clip)
    result = parser.parse(transcript.text).from_speech(transcript)
    return command, voice.name, condition.name, transcript, corpus.accepted(command, result.intent, result.slots)


@pytest.fixture(scope="module")
def outcomes(rng, synthesiser, recognizer):
    parser = IntentParser("en", NAMES)
    voices = corpus.VOICES[SPLIT]
    commands = corpus.commands(rng, "en", SPLIT, per_intent=2)
    rng.shuffle(commands)
    conditions = corpus.CONDITIONS
    rows = [_hear(recognizer, parser, synthesiser, rng, c, voices[i % len(voices)], conditions[i % len(conditions)])
            for i, c in enumerate(commands)]
    # 10 dB is heard worst, so its floor would be 0 on a third of the draw: the commands heard clean are
    # heard again at 10 dB, by the next voice.
    rows += [_hear(recognizer, parser, synthesiser, rng, c, voices[(i + 1) % len(voices)], BABBLE_10)
             for i, c in enumerate(commands) if conditions[i % len(conditions)] is CLEAN]
    return rows


def _report(rows):
    return "\n".join(f"{'ok  ' if ok else 'MISS'} {voice} / {condition}: {command.spoken!r} heard {t.heard}"
                     for command, voice, condition, t, ok in rows)


# Rates measured on held-out material before these floors were set. Commands: bench/voice.py (seed 1414,
# one phrasing per intent, all six held-out voices in every condition, 72 a condition; cross-checked
# recognizer): clean 61/72, babble at 20 dB 58/72, at 10 dB 40/72. Passcodes: 24 held-out passcodes (6 a
# speaker, seed 1414) by this code: sign-in path 21/24, dialogue path 19/24 (16/24 before it heard a run of
# digits again). Background talk: 18/20 "none" in that bench run, 10/10 in the passcode run.
# The goals (97%, 90%, 70%, 95%, 90% none) are not all reached; what these floors catch is a regression,
# without failing by chance: each is the count a recognizer at the measured rate falls below less than once
# in a thousand fresh draws (tests.support.metrics.chance_floor).
MEASURED = {"clean": 0.85, "babble-20dB": 0.81, "babble-10dB": 0.56, "background_none": 0.93,
            "passcode_sign_in": 0.875, "passcode_dialogue": 0.79}


def test_commands_per_condition(outcomes):
    print(_report(outcomes))
    by_condition = Counter(c for _, _, c, _, _ in outcomes)
    right = Counter(c for _, _, c, _, ok in outcomes if ok)
    floors = {c: chance_floor(MEASURED[c], n) for c, n in by_condition.items()}
    print({c: f"{right[c]}/{n}" for c, n in by_condition.items()}, "floors", floors)
    print("per voice", {v: f"{sum(ok for _, x, _, _, ok in outcomes if x == v)}/{sum(x == v for _, x, _, _, _ in outcomes)}"
                        for v in sorted({x for _, x, _, _, _ in outcomes})})
    assert set(by_condition) == {c.name for c in corpus.CONDITIONS}
    assert len({v for _, v, _, _, _ in outcomes}) == len(corpus.VOICES[SPLIT])
    assert all(floors.values()), floors  # every condition's floor can fail
    assert all(right[c] >= floor for c, floor in floors.items()), (right, floors)


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
    intents = [parser.parse(recognizer.transcribe(corpus.background_clip(rng, SPLIT)).text).intent for _ in range(BACKGROUND_CLIPS)]
    floor = chance_floor(MEASURED["background_none"], len(intents))
    print(intents, "floor", floor)
    assert "transfer_money" not in intents and "yes" not in intents
    assert floor and intents.count("none") >= floor, intents


@pytest.fixture(scope="module")
def passcodes(rng, synthesiser):
    fillers = corpus.filler_words(synthesiser)
    return [corpus.passcode(rng, speaker, SPLIT, fillers) for speaker in corpus.DIGIT_SPEAKERS for _ in range(2)]


def test_passcodes_by_real_people_on_the_sign_in_path(passcodes):
    digits = DigitsRecognizer()
    heard = [(code, digits.digits(code.clip, expected_length=6)) for code in passcodes]
    floor = chance_floor(MEASURED["passcode_sign_in"], len(heard))
    print([(c.speaker, c.digits, h, c.extras) for c, h in heard], "floor", floor)
    assert floor and sum(code.digits == said for code, said in heard) >= floor


def test_passcodes_by_real_people_on_the_dialogue_path(passcodes, recognizer):
    parser = IntentParser("en", NAMES)
    results = [parser.parse(recognizer.transcribe(code.clip).text) for code in passcodes]
    floor = chance_floor(MEASURED["passcode_dialogue"], len(passcodes))
    print([(c.speaker, c.digits, r.intent, r.slots) for c, r in zip(passcodes, results)], "floor", floor)
    assert floor and sum(r.intent == "digits" and r.slots.get("digits") == c.digits for c, r in zip(passcodes, results)) >= floor
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
