"""Hindi speech in, command out: pocketsphinx's English model with the Hindi grammar and dictionary.

Every run fills each held-out Hindi phrasing (``tests/data/phrasings/hi_spoken.yaml``,
never used to tune the recognizer) with held-out names and freshly drawn
amounts and digits, has it said by a held-out espeak-ng Hindi voice (110-175
words a minute, cycling), and hears it with room noise, and again with other
people talking at 20 dB SNR (twice, by two other voices); then six-digit strings
said alone, in room noise and in babble, each heard through the full command
grammar and through the dialogue's Hindi digits grammar (voice.digits) from the
same audio. Each set is asserted whole; bench/voice.py prints the full tables on
a larger draw.
"""

import random
from collections import Counter

import pytest

from smartbank_desktop.voice.digits import DigitsAnswerParser, answer_recognizer
from smartbank_desktop.voice.nlu import IntentParser
from smartbank_desktop.voice.recognizers import create_recognizer
from tests.support import corpus
from tests.support.metrics import chance_floor

pytestmark = pytest.mark.slow
SPLIT = "held_out"
NAMES = corpus.payee_names(SPLIT)
VOICES = corpus.HINDI_VOICES[SPLIT]
ROOM, BABBLE_20 = corpus.CONDITIONS[0], corpus.CONDITIONS[1]


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
    recognizer = create_recognizer("hi", payees=NAMES)
    assert (recognizer.engine, recognizer.language) == ("pocketsphinx", "hi")  # no vosk model, no Whisper check
    return recognizer


def _hear(recognizer, synthesiser, rng, command, voice, condition):
    clip = corpus.in_condition(synthesiser.render(command.spoken, voice), condition, rng, SPLIT)
    transcript = recognizer.transcribe(clip)
    result = IntentParser("hi", NAMES).parse(transcript.text)
    return command, voice.name, condition.name, transcript.text, result, corpus.accepted(command, result.intent, result.slots)


@pytest.fixture(scope="module")
def outcomes(rng, synthesiser, recognizer):
    commands = corpus.commands(rng, "hi", SPLIT, source="hi_spoken")
    rng.shuffle(commands)
    rows = [_hear(recognizer, synthesiser, rng, c, VOICES[i % len(VOICES)], ROOM) for i, c in enumerate(commands)]
    for shift in (2, 4):  # babble is heard worst, so it gets twice the draw
        rows += [_hear(recognizer, synthesiser, rng, c, VOICES[(i + shift) % len(VOICES)], BABBLE_20)
                 for i, c in enumerate(commands)]
    for command, voice, condition, heard, result, ok in rows:
        print(f"{'ok  ' if ok else 'MISS'} {voice} / {condition}: {command.spoken!r} heard {heard!r} -> {result.intent} {result.slots}")
    return rows


def _rates(rows, key):
    total, right = Counter(), Counter()
    for row in rows:
        total[key(row)] += 1
        right[key(row)] += row[5]
    return {k: (right[k], total[k]) for k in sorted(total)}


# Rates measured on held-out material before these floors were set (bench/voice.py's 60 per condition
# plus two runs of this test): room noise 56 of 94 (60%), babble at 20 dB 14 of 94 (15%), digit strings
# 12 of 40 (30%). A Hindi customer is understood about every other time in a quiet room, which is why
# every payment is read back for a "हाँ". Each floor is the count a recognizer at that rate falls below
# less than once in a thousand fresh draws (an earlier fixed 5% floor failed by chance), so what fails
# is a regression: a broken dictionary or grammar gives almost nothing.
# Digit strings in room noise and babble at 20 dB together, the same audio both ways, held out: bench/voice.py
# --hindi-digits-only (4 strings a voice) plus one run of this test: the full grammar 22 of 80 (27.5%), the
# digits grammar 26 of 80 (32.5%); room noise 16 and 20 of 40, babble 6 and 6 of 40. No clear gain yet.
MEASURED = {ROOM.name: 0.60, BABBLE_20.name: 0.15, "full_grammar": 0.275, "digits_grammar": 0.325}


def test_hindi_commands_per_condition_and_voice(outcomes):
    by_condition = _rates(outcomes, lambda r: r[2])
    print("per condition", by_condition)
    print("per voice", _rates(outcomes, lambda r: (r[1], r[2])))
    assert {v for _, v, _, _, _, _ in outcomes} == {v.name for v in VOICES}
    floors = {c: chance_floor(MEASURED[c], n) for c, (_, n) in by_condition.items()}
    print("floors", floors)
    assert all(floors.values())  # every condition's floor can fail
    assert all(right >= floors[c] for c, (right, n) in by_condition.items()), (by_condition, floors)


def test_balance_and_yes_are_heard_in_a_quiet_room(outcomes):
    """The demo's own path: a balance question and a spoken "yes" (its phrasings, held-out voices)."""
    rows = [r for r in outcomes if r[2] == ROOM.name and r[0].intent in ("check_balance", "yes")]
    print([(r[0].spoken, r[1], r[3]) for r in rows])
    assert sum(r[5] for r in rows) >= len(rows) // 3, rows


def test_a_misheard_hindi_command_is_never_a_yes(outcomes):
    """Whatever else is misheard, nothing but a spoken yes confirms a payment."""
    false_yes = [(c.spoken, heard) for c, _, _, heard, result, ok in outcomes if result.intent == "yes" and c.intent != "yes"]
    assert false_yes == []


def test_spoken_digit_strings(rng, synthesiser, recognizer):
    """Six digits said in Hindi, heard through the full grammar and through the digits turn's grammar."""
    answer, answer_parser = answer_recognizer("hi"), DigitsAnswerParser(IntentParser("hi", NAMES))
    rows = []
    for condition in (ROOM, BABBLE_20):
        for i in range(20):
            digits, words = corpus.spoken_digits(rng, "hi", devanagari=True)
            voice = VOICES[i % len(VOICES)]
            clip = corpus.in_condition(synthesiser.render(words, voice), condition, rng, SPLIT)
            full = IntentParser("hi", NAMES).parse(recognizer.transcribe(clip).text)
            turn = answer_parser.parse(answer.transcribe(clip).text)
            for way, result in (("full_grammar", full), ("digits_grammar", turn)):
                ok = result.intent == "digits" and result.slots.get("digits") == digits
                rows.append((way, voice.name, condition.name, words, result, ok))
    for way, voice, condition, words, result, ok in rows:
        print(f"{'ok  ' if ok else 'MISS'} {way} {voice} / {condition}: {words!r} heard {result.text!r}")
    for key in (lambda r: (r[0], r[2]), lambda r: (r[0], r[1])):
        print({k: f"{sum(r[5] for r in rows if key(r) == k)}/{sum(1 for r in rows if key(r) == k)}"
               for k in sorted({key(r) for r in rows})})
    assert {r[1] for r in rows} == {v.name for v in VOICES}
    for way in ("full_grammar", "digits_grammar"):
        heard = [r[5] for r in rows if r[0] == way]
        floor = chance_floor(MEASURED[way], len(heard))
        assert floor >= 1 and sum(heard) >= floor, (way, sum(heard), len(heard), floor)
    # A misheard string may be another question ("बकाया राशि दिखाओ" was heard once), but never a "yes". A
    # "no" or "cancel" only stops the turn, nothing moves: one string of the 400 of five runs was heard as
    # "बंद करो" through the full grammar, so on a fresh draw of 80 at most two may be.
    assert not [(r[0], r[3], r[4].text) for r in rows if r[4].intent == "yes"]
    assert len([r for r in rows if r[4].intent in ("no", "cancel")]) <= 2
