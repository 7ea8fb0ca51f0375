"""Recognizer grammars generated from the intent templates.

The same hassil templates that the parser uses become a JSGF grammar for
pocketsphinx (:func:`jsgf_grammar`) and a phrase list for vosk
(:func:`vosk_phrases`). Slots become rules: ``{amount}`` spoken numbers up to
crores, ``{digits}`` four to eight spoken digits, ``{payee}`` the customer's
saved payees (full name, first name or surname), ``{account_type}`` the
template's own values. Digits-only grammars (:func:`digits_jsgf`, English or
Hindi, filler words allowed between digits) are for turns that expect a
passcode or a sign-in challenge (voice.digits).
"""

from __future__ import annotations

import re

from hassil import Intents
from hassil.expression import (
    Alternative,
    Expression,
    ListReference,
    Permutation,
    RuleReference,
    Sequence,
    TextChunk,
)

from smartbank_desktop.core.number_words import (
    HINDI_FRACTIONS,
    HINDI_MODIFIERS,
    HINDI_NUMBERS_0_99,
    HINDI_SCALES,
    english_digit_words,
    hindi_number_words,
)
from smartbank_desktop.voice.numbers import (
    ENGLISH_DIGIT_WORDS,
    ENGLISH_NUMBER_WORDS,
    ENGLISH_SCALE_WORDS,
    HINDI_FRACTION_WORDS,
    HINDI_NUMBER_WORDS,
    HINDI_SCALE_WORDS,
)
from smartbank_desktop.voice.payees import as_payees
from smartbank_desktop.voice.text import fold_devanagari, is_devanagari, normalize

_ONES = ENGLISH_NUMBER_WORDS[1:10]
_TEENS = ENGLISH_NUMBER_WORDS[10:20]
_TENS = ENGLISH_NUMBER_WORDS[20:]

# The templates' expansion rules for politeness around a command ("can you",
# "i would like to", "for me"): left out of recognizer grammars and of sentence
# matching, which keeps both small.
POLITE_RULES = ("want", "ask", "tail")

ENGLISH_NUMBER_RULES = f"""
<n1_9> = {' | '.join(_ONES)};
<n10_19> = {' | '.join(_TEENS)};
<tens> = {' | '.join(_TENS)};
<n1_99> = <n1_9> | <n10_19> | <tens> [<n1_9>];
<hundreds> = (<n1_9> | a) hundred [[and] <n1_99>];
<count> = <n1_99> | a | <n1_9> and a half;
<crores> = <count> crore;
<lakhs> = <count> lakh;
<thousands> = <count> thousand;
<tail> = <hundreds> | <n1_99>;
<amount> = <crores> [<lakhs>] [<thousands>] [[and] <tail>] | <lakhs> [<thousands>] [[and] <tail>] | <thousands> [[and] <tail>] | (<n10_19> | <tens> [<n1_9>]) hundred | <tail>;
<digit> = {' | '.join(ENGLISH_DIGIT_WORDS)};
<digits> = <digit> <digit> <digit> <digit> [<digit> <digit>];
"""


def hindi_number_rules() -> str:
    """Spoken Hindi amounts and digit strings as JSGF rules (folded spellings, as the parser reads them).

    Every number below a hundred is a word of its own in Hindi, so the rules
    are kept loose and small: counts and scale words in turn (up to three
    scales, then a last count), a count being a number word, डेढ़ or ढाई, or
    साढ़े, सवा, पौने before a digit. The parser then checks the order
    ("पंद्रह सौ" is 1,500; "सौ लाख" is refused), as it does for typed text.
    """
    words = [fold_devanagari(w) for w in HINDI_NUMBERS_0_99]
    scales = " | ".join(fold_devanagari(w) for w in HINDI_SCALES)
    fractions = " | ".join(fold_devanagari(w) for w in HINDI_FRACTIONS)
    modifiers = " | ".join(fold_devanagari(w) for w in HINDI_MODIFIERS)
    return f"""
<hn1_9> = {' | '.join(words[1:10])};
<hn1_99> = {' | '.join(words[1:])};
<hcount> = <hn1_99> | {fractions} | ({modifiers}) <hn1_9>;
<hscale> = {scales};
<amount> = <hcount> [<hscale> [<hcount> [<hscale> [<hcount> [<hscale> [<hn1_99>]]]]]];
<digit> = {' | '.join(words[:10])};
<digits> = <digit> <digit> <digit> <digit> [<digit> <digit>];
"""


def _rule_name(name: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_]", "_", name)


def expression_to_jsgf(expr: Expression, keep=None) -> str | None:
    """One hassil expression as a JSGF expansion ('' when it is empty).

    ``keep(word)``: which words the recognizer can say (Hindi: Devanagari only);
    an expression that needs another word cannot be said and gives None.
    """
    if isinstance(expr, TextChunk):
        words = expr.text.split()
        if keep is not None and not all(keep(w) for w in words):
            return None
        return " ".join(words)
    if isinstance(expr, RuleReference):
        return f"<rule_{_rule_name(expr.rule_name)}>"
    if isinstance(expr, ListReference):
        return f"<{_rule_name(expr.list_name)}>"
    if isinstance(expr, Alternative):
        options = [o for o in (expression_to_jsgf(item, keep) for item in expr.items) if o is not None]
        if not options:
            return "" if expr.is_optional else None
        filled = list(dict.fromkeys(o for o in options if o))
        optional = expr.is_optional or len(filled) < len(options)
        if not filled:
            return ""
        body = " | ".join(filled)
        return f"[{body}]" if optional else (f"({body})" if len(filled) > 1 else filled[0])
    if isinstance(expr, Permutation):
        from itertools import permutations

        if any(expression_to_jsgf(i, keep) is None for i in expr.items):
            return None
        orders = [" ".join(p for p in (expression_to_jsgf(i, keep) for i in order) if p) for order in permutations(expr.items)]
        return "(" + " | ".join(dict.fromkeys(o for o in orders if o)) + ")"
    if isinstance(expr, Sequence):
        parts = [expression_to_jsgf(item, keep) for item in expr.items]
        if any(p is None for p in parts):
            return None
        body = " ".join(p for p in parts if p)
        return f"({body})" if body and len(parts) > 1 else body
    raise TypeError(f"unsupported template expression: {type(expr).__name__}")


def _payee_phrases(payees) -> list[str]:
    phrases: list[str] = []
    for payee in as_payees(payees):
        words = normalize(payee.name).split()
        if not words:
            continue
        phrases.append(" ".join(words))
        phrases.extend(w for w in (words[0], words[-1]) if len(w) > 1)
    return list(dict.fromkeys(phrases))


def jsgf_grammar(intents: Intents, payees=(), grammar_name: str = "smartbank", language: str = "en") -> str:
    """A JSGF grammar for every template sentence, slots included.

    English: the templates as they are. Hindi: the Devanagari sentences only
    (a romanised Hindi word has no pronunciation an English acoustic model
    could follow), with Hindi number words; payees stay in the letters they
    are saved in.
    """
    keep = (lambda word: is_devanagari(word)) if language == "hi" else None
    lines = ["#JSGF V1.0;", f"grammar {grammar_name};"]
    intent_rules = []
    for name, intent in intents.intents.items():
        sentences = [expression_to_jsgf(s.expression, keep) for data in intent.data for s in data.sentences]
        sentences = [s for s in dict.fromkeys(sentences) if s]
        if not sentences:
            continue
        rule = f"intent_{_rule_name(name)}"
        intent_rules.append(f"<{rule}>")
        lines.append(f"<{rule}> = " + " | ".join(sentences) + ";")
    for name, rule in intents.expansion_rules.items():
        # Politeness around a command ("could you ... for me") would multiply the
        # grammar's paths and slow the decoder tenfold; the parser does not need it.
        body = "<NULL>" if name in POLITE_RULES else expression_to_jsgf(rule.expression, keep) or "<NULL>"
        lines.append(f"<rule_{_rule_name(name)}> = {body};")
    for name, slot_list in intents.slot_lists.items():
        if name in ("amount", "digits", "payee"):
            continue
        values = [expression_to_jsgf(v.text_in, keep) for v in getattr(slot_list, "values", [])]
        lines.append(f"<{_rule_name(name)}> = " + " | ".join(v for v in values if v) + ";")
    names = _payee_phrases(payees)
    lines.append("<payee> = " + (" | ".join(names) if names else "<NULL>") + ";")  # no payees: the name is left out
    number_rules = hindi_number_rules() if language == "hi" else ENGLISH_NUMBER_RULES
    lines.extend(line for line in number_rules.strip().splitlines())
    # Only polite words around a command; fillers ("um") would let noise in.
    skip = " | ".join(w for w in intents.skip_words if w == "please" and (keep is None or keep(w)))
    command = "(" + " | ".join(intent_rules) + ")"
    lines.append(f"public <command> = [{skip}] {command} [{skip}];" if skip else f"public <command> = {command};")
    return "\n".join(lines) + "\n"


def grammar_words(jsgf: str) -> set[str]:
    """Every spoken word in a JSGF grammar (for pronunciation look-up)."""
    body = "\n".join(line.split("=", 1)[1] for line in jsgf.splitlines() if "=" in line)
    body = re.sub(r"<[^>]*>", " ", body)
    return {w for w in re.split(r"[\s()\[\]|;*+]+", body) if w}


def _words_of(expr: Expression, out: set[str], intents: Intents) -> None:
    if isinstance(expr, TextChunk):
        out.update(expr.text.split())
    elif isinstance(expr, RuleReference):
        rule = intents.expansion_rules.get(expr.rule_name)
        if rule is not None:
            _words_of(rule.expression, out, intents)
    elif isinstance(expr, ListReference):
        slot_list = intents.slot_lists.get(expr.list_name)
        for value in getattr(slot_list, "values", []) or []:
            _words_of(value.text_in, out, intents)
    elif hasattr(expr, "items"):
        for item in expr.items:
            _words_of(item, out, intents)


def vosk_phrases(intents: Intents, language: str, payees=()) -> list[str]:
    """Vosk grammar: every template word, number word and payee name, plus [unk].

    Vosk's grammar lets any sequence of these through, so its results are
    always parsed against the templates again.
    """
    words: set[str] = set()
    for intent in intents.intents.values():
        for data in intent.data:
            for sentence in data.sentences:
                _words_of(sentence.expression, words, intents)
    words -= {"amountvalue", "digitsvalue", "numbervalue"}
    if language == "hi":
        numbers = [fold_devanagari(w) for w in (*HINDI_NUMBER_WORDS, *HINDI_SCALE_WORDS, *HINDI_FRACTION_WORDS)]
        # Hindi models spell with nukta and chandrabindu; offer both spellings.
        numbers += list(HINDI_NUMBER_WORDS + HINDI_SCALE_WORDS + HINDI_FRACTION_WORDS)
    elif language == "en":
        numbers = [*ENGLISH_NUMBER_WORDS, *ENGLISH_DIGIT_WORDS, *ENGLISH_SCALE_WORDS, "and", "a", "half", "point"]
    else:
        numbers = []
    phrases = sorted(words) + numbers + _payee_phrases(payees)
    return list(dict.fromkeys(p for p in phrases if p)) + ["[unk]"]


# ------------------------------------------------------------------ spoken digits

DIGIT_WORDS = {word: str(value) for word, value in english_digit_words().items()}
FILLER_WORDS = ("um", "uh", "ah", "er", "hmm")
# Hindi digit words in the grammar's folded spelling (पाँच and पांच are one word, ज़ीरो is जीरो), with the
# other words people say for a digit: जीरो beside शून्य, छे beside छह. Fillers: "अं", "उम्म", "हम्म".
HINDI_DIGIT_WORDS = {fold_devanagari(word): str(value) for word, value in hindi_number_words().items()
                     if value <= 9 and word not in ("छः", "छ")}  # छः and छ are typed, said as छह
HINDI_FILLER_WORDS = ("अं", "उम्म", "हम्म")


def digits_jsgf(language: str = "en", answers: tuple[str, ...] = (), length: int | None = None) -> str:
    """A digits-only JSGF grammar: a filler word allowed before, between and after the digits.

    ``length``: exactly that many digits (a grammar open to any number hears the noise before and after
    the digits as more digits: on Hindi development strings most misses were one digit too many);
    None: any number. ``answers``: JSGF expansions heard instead of digits (the dialogue's "cancel").
    """
    words, fillers = (HINDI_DIGIT_WORDS, HINDI_FILLER_WORDS) if language == "hi" else (DIGIT_WORDS, FILLER_WORDS)
    if length:
        spoken = "[<filler>] " + " [<filler>] ".join(["<digit>"] * length) + " [<filler>]"
    else:
        spoken = "[<filler>] <digit> ([<filler>] <digit>)* [<filler>]"
    lines = ["#JSGF V1.0;", "grammar digits;",
             f"public <digits> = {' | '.join([spoken, *(f'({a})' for a in answers)]) if answers else spoken};",
             f"<digit> = {' | '.join(words)};", f"<filler> = {' | '.join(fillers)};"]
    return "\n".join(lines) + "\n"


DIGITS_JSGF = digits_jsgf("en")


def cancel_sentences(language: str) -> tuple[str, ...]:
    """The language's "cancel" template sentences as JSGF expansions (Hindi: the Devanagari ones)."""
    from smartbank_desktop.voice.intents import load_intents

    keep = is_devanagari if language == "hi" else None
    intent = load_intents(language).intents["cancel"]
    sentences = (expression_to_jsgf(s.expression, keep) for data in intent.data for s in data.sentences)
    return tuple(dict.fromkeys(s for s in sentences if s and "<" not in s))
