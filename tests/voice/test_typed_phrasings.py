"""Typed phrasings (`voice parse`): every held-out phrasing, English and Hindi, understood with every slot.

The phrasings (tests/data/phrasings) were written without reference to the
templates; names, amounts and digits are drawn afresh for each run. The set
is asserted whole.
"""

import random

import pytest

from smartbank_desktop.voice.nlu import IntentParser
from tests.support import corpus


@pytest.mark.parametrize("language", ["en", "hi"])
def test_every_held_out_phrasing_is_understood(language):
    commands = corpus.commands(random.Random(), language, "held_out")
    parser = IntentParser(language, corpus.payee_names("held_out"))
    misses = []
    for command in commands:
        result = parser.parse(command.spoken)
        if not corpus.accepted(command, result.intent, result.slots):
            misses.append(f"{command.spoken!r}: {result.intent} {result.slots}, wanted {command.intent} {command.slots}")
    assert not misses, "\n".join(misses)
    per_intent = {c.intent for c in commands}
    assert len(per_intent) == 12 and all(sum(c.intent == i for c in commands) >= 20 for i in per_intent)


def test_romanised_and_devanagari_hindi_are_both_there():
    from smartbank_desktop.voice.text import is_devanagari

    phrasings = [p for items in corpus.phrasings("hi", "held_out").values() for p in items]
    assert sum(map(is_devanagari, phrasings)) >= 100 and sum(not is_devanagari(p) for p in phrasings) >= 100


def test_held_out_material_is_kept_apart_from_development():
    for language in ("en", "hi"):
        development = {p for items in corpus.phrasings(language, "development").values() for p in items}
        held_out = {p for items in corpus.phrasings(language, "held_out").values() for p in items}
        assert not {p for p in development & held_out if p.strip("{}") != "digits"}  # a bare code is both
    assert not set(corpus.payee_names("development")) & set(corpus.payee_names("held_out"))
    assert not {v.name for v in corpus.VOICES["development"]} & {v.name for v in corpus.VOICES["held_out"]}
