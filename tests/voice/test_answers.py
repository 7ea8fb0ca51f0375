"""Answers to the app's closed questions in Hindi (voice/answers.py): heard through the question's own grammar
and, on the same audio, through the whole command grammar, by every held-out Hindi voice in a room."""

from __future__ import annotations

import random
import shutil

import pytest

from smartbank_desktop.voice.answers import ANSWERS, answer_listener
from smartbank_desktop.voice.nlu import IntentParser
from smartbank_desktop.voice.recognizers import create_recognizer
from tests.support import corpus
from tests.support.metrics import chance_floor

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")

# (what the question is, what the customer says, the intent it must be heard as)
SAID = [
    ("sign_in_method", "चेहरे से", "sign_in_method"),
    ("sign_in_method", "मेरी आवाज़ से", "sign_in_method"),
    ("sign_in_method", "पिन से", "sign_in_method"),
    ("yes_no", "हाँ", "yes"),
    ("yes_no", "जी हाँ", "yes"),
    ("yes_no", "नहीं", "no"),
]
# Measured on this material (30 answers, the same audio both ways): the question's own grammar 24 of 30,
# the whole command grammar 19 of 30. "पिन से" is the hardest (2 of 5: heard as "फिर से", "repeat"), and one
# "नहीं" of 5 was heard as "हां जी": which is why a payment's "yes" is never heard through these grammars.
MEASURED = 24 / 30


def test_answers_are_heard_far_better_through_their_questions_grammar():
    assert {question for question, _, _ in SAID} == set(ANSWERS)
    parser = IntentParser("hi", [])
    commands = create_recognizer("hi")
    listeners = {question: answer_listener("hi", question, parser) for question in ANSWERS}
    synthesiser, rng = corpus.Synthesiser(), random.Random(20261203)
    rows = []
    try:
        for voice in corpus.HINDI_VOICES["held_out"]:
            for question, text, intent in SAID:
                clip = corpus.in_condition(synthesiser.render(text, voice), corpus.CONDITIONS[0], rng)
                recognizer, answer_parser = listeners[question]
                by_answer = answer_parser.parse(recognizer.transcribe(clip).text)
                by_commands = parser.parse(commands.transcribe(clip).text)
                rows.append((voice.name, text, intent, by_answer, by_commands))
    finally:
        synthesiser.close()
    for voice, text, intent, by_answer, by_commands in rows:
        print(f"{voice} {text!r} ({intent}): answer grammar {by_answer.intent} {by_answer.text!r}, "
              f"commands {by_commands.intent} {by_commands.text!r}")
    right = sum(r[3].intent == r[2] for r in rows)
    right_by_commands = sum(r[4].intent == r[2] for r in rows)
    print(f"answer grammar {right}/{len(rows)}, command grammar {right_by_commands}/{len(rows)}")
    assert len(rows) == len(SAID) * len(corpus.HINDI_VOICES["held_out"])
    assert right >= chance_floor(MEASURED, len(rows)) and right > right_by_commands
    # A way to sign in is never taken for a "yes"; a "no" was, once in five.
    assert not [r[0] for r in rows if r[2] == "sign_in_method" and r[3].intent == "yes"]
    assert sum(r[2] == "no" and r[3].intent == "yes" for r in rows) <= 1


def test_english_keeps_its_command_recognizer_and_unknown_answers_are_refused():
    assert answer_listener("en", "yes_no", IntentParser("en", [])) is None
    with pytest.raises(ValueError, match="unknown answer"):
        answer_listener("hi", "colour", IntentParser("hi", []))
