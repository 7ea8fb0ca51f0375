"""Amounts and digit strings as people say them, in English and Hindi.

"two thousand five hundred", "2,500", "one and a half lakh", "5 hundred",
"डेढ़ लाख", "साढ़े तीन सौ" are amounts; "one two three four" and "४ ५ ६" are
digit strings (passcodes). :func:`tag_numbers` finds them in normalised text
and replaces each with a placeholder word that the intent templates match, so
a template never has to spell out numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from smartbank_desktop.core import number_words as table
from smartbank_desktop.voice.text import fold_devanagari, normalize

AMOUNT_PLACEHOLDER = "amountvalue"
DIGITS_PLACEHOLDER = "digitsvalue"
NUMBER_PLACEHOLDER = "numbervalue"

_EN_NUMBERS = {**table.english_number_words(), **table.ENGLISH_DIGIT_ALIASES}
_HI_NUMBERS = {fold_devanagari(word): value for word, value in table.hindi_number_words().items()}
_FRACTION_NUMBERS = {fold_devanagari(w): Decimal(v) for w, v in table.HINDI_FRACTIONS.items()}
_NUMBER_WORDS: dict[str, Decimal] = {w: Decimal(v) for w, v in {**_EN_NUMBERS, **_HI_NUMBERS}.items()}
_NUMBER_WORDS.update(_FRACTION_NUMBERS)

_SCALES = {
    **table.ENGLISH_SCALES,
    **{f"{w}s": v for w, v in table.ENGLISH_SCALES.items()},  # "two thousands", "five lakhs"
    "lac": 100_000, "lacs": 100_000, "million": 1_000_000,
    **table.ROMAN_HINDI_SCALES,
    **{fold_devanagari(w): v for w, v in table.HINDI_SCALES.items()},
}
_MODIFIERS = {fold_devanagari(w): Decimal(v) for w, v in table.HINDI_MODIFIERS.items()}
_HALF_WORDS = {"half", fold_devanagari("आधा")}
_SINGLE_DIGIT_WORDS = {w for w, v in {**_EN_NUMBERS, **_HI_NUMBERS}.items() if v <= 9} | {"o"}


def _is_numeral(token: str) -> bool:
    return token.replace(".", "", 1).isdigit() and not token.startswith(".")


def _is_number(token: str) -> bool:
    return token in _NUMBER_WORDS or _is_numeral(token)


def _number_value(token: str) -> Decimal:
    if token == "o":
        return Decimal(0)
    return _NUMBER_WORDS[token] if token in _NUMBER_WORDS else Decimal(token)


def evaluate_amount(tokens: list[str]) -> Decimal:
    """The value of number tokens ("one", "lakh", "and", "a", "half", ...); ValueError if malformed."""
    total = Decimal(0)
    current: Decimal | None = None
    last = ""  # kind of the previous token
    last_number = Decimal(0)
    last_big_scale = 10**12
    modifier = Decimal(0)
    decimal_place = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if _is_number(token) or token == "o":
            value = _number_value(token)
            if decimal_place:
                if value > 9 or not value == value.to_integral_value():
                    raise ValueError("only single digits after a decimal point")
                current = (current or Decimal(0)) + value / (Decimal(10) ** decimal_place)
                decimal_place += 1
            elif current is None or last in ("scale-big", ""):
                current = value + modifier * (1 if value else 0)
                modifier = Decimal(0)
            elif last == "number" and 20 <= last_number <= 90 and last_number % 10 == 0 and 0 < value < 10:
                current += value  # "twenty five"
            elif last in ("hundred", "and") and value < 100 and current % 100 == 0:
                current += value  # "five hundred twenty", "five hundred and twenty"
            else:
                raise ValueError(f"two numbers in a row: {tokens!r}")
            last, last_number = "number", value
        elif token in _SCALES:
            scale = _SCALES[token]
            decimal_place = 0
            base = current if current is not None else Decimal(1) + modifier
            modifier = Decimal(0)
            if scale == 100:
                if last == "hundred":
                    raise ValueError("hundred twice")
                current = base * 100
                last = "hundred"
            else:
                if scale >= last_big_scale:
                    raise ValueError("scales out of order")
                total += base * scale
                last_big_scale = scale
                current = None
                last = "scale-big"
        elif token == "and":
            if not nxt:
                raise ValueError("ends with 'and'")
            last = "and" if last == "hundred" else last
        elif token == "a":
            if nxt in _HALF_WORDS:
                pass
            elif nxt in _SCALES and current is None:
                current = Decimal(1)
                last = "number"
            else:
                raise ValueError("stray 'a'")
        elif token in _HALF_WORDS:
            if current is None:
                current = Decimal("0.5")
                if nxt == "a":
                    i += 1  # "half a lakh"
            else:
                current += Decimal("0.5")  # "one and a half"
            last = "half"
        elif token == "point":
            if current is None or decimal_place:
                raise ValueError("misplaced 'point'")
            decimal_place = 1
        elif token in _MODIFIERS:
            modifier = _MODIFIERS[token]
            last = ""
        else:
            raise ValueError(f"not a number word: {token!r}")
        i += 1
    if current is None and total == 0:
        raise ValueError("no number")
    return total + (current or Decimal(0))


def parse_amount(text: str) -> int | None:
    """Whole rupees from what a person said, or None ("1.5 lakh rupees" -> 150000)."""
    tokens = [t for t in normalize(text).split() if t not in _CURRENCY_WORDS]
    if not tokens:
        return None
    try:
        value = evaluate_amount(tokens)
    except ValueError:
        return None
    if value <= 0 or value != value.to_integral_value():
        return None
    return int(value)


def digit_of(token: str) -> str | None:
    """"7" for a word that names one digit ("seven", "सात", "oh"), else None."""
    return str(int(_number_value(token))) if token in _SINGLE_DIGIT_WORDS else None


def parse_digits(text: str) -> str | None:
    """A digit string from "one two three", "1 2 3", "123" or "एक दो तीन"; None otherwise."""
    out = []
    for token in normalize(text).split():
        if token.isdigit():
            out.append(token)
        elif token in _SINGLE_DIGIT_WORDS:
            out.append(str(int(_number_value(token))))
        elif token in ("double", "triple") or token in _FILLER_WORDS:
            out.append(token)
        else:
            return None
    digits = []
    repeat = 1
    for token in out:
        if token == "double":
            repeat = 2
        elif token == "triple":
            repeat = 3
        elif token in _FILLER_WORDS:
            continue
        else:
            digits.append(token * repeat if len(token) == 1 else token)
            repeat = 1
    text_digits = "".join(digits)
    return text_digits or None


_CURRENCY_WORDS = {"rupees", "rupee", "rs", "inr", "only"} | {
    fold_devanagari(w) for w in ("रुपये", "रुपए", "रूपये", "रूपए", "रुपया", "रूपया")
}
# Number words that are also other words: "भेज दो" (send it), "एक बार" (once), "one time password".
_VERB_PARTICLES = {fold_devanagari("दो"), fold_devanagari("एक"), "one"}
_FILLER_WORDS = {"is", "my", "the", "code", "otp", "pin"}


@dataclass(frozen=True)
class NumberSpan:
    """A number found in text: an amount, a digit string, or a lone number that could be either."""

    kind: str  # "amount", "digits" or "number"
    words: str
    value: int | None  # whole rupees for amount/number when whole
    digits: str | None  # the digit string for digits/number


@dataclass(frozen=True)
class TaggedText:
    text: str  # with placeholders in place of the numbers
    spans: tuple[NumberSpan, ...]

    def first(self, *kinds: str) -> NumberSpan | None:
        return next((s for s in self.spans if s.kind in kinds), None)


def _run_may_continue(tokens: list[str], i: int) -> bool:
    token = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if _is_number(token) or token in _SCALES or token in _HALF_WORDS:
        return True
    if token == "and":
        return _is_number(nxt) or nxt == "a"
    if token == "a":
        return nxt in _SCALES or nxt in _HALF_WORDS
    if token == "point":
        return _is_number(nxt)
    if token in _MODIFIERS:
        return _is_number(nxt) or nxt in _SCALES
    return False


def _run_may_start(tokens: list[str], i: int) -> bool:
    token = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if token in _VERB_PARTICLES:
        # Only a number before a number, scale or currency word.
        return len(tokens) == 1 or (_run_may_continue(tokens, i + 1) if nxt else False) or nxt in _CURRENCY_WORDS
    if token == "oh":
        return nxt in _SINGLE_DIGIT_WORDS or nxt.isdigit()
    if _is_number(token) or token in _MODIFIERS:
        return _run_may_continue(tokens, i)
    if token == "a":
        return nxt in _SCALES
    if token in _HALF_WORDS:
        return nxt == "a" or nxt in _SCALES
    return False


def _classify(run: list[str]) -> NumberSpan | None:
    words = " ".join(run)
    single_digits = all((t.isdigit()) or t in _SINGLE_DIGIT_WORDS for t in run)
    if len(run) >= 2 and single_digits:
        return NumberSpan("digits", words, None, parse_digits(words))
    if len(run) == 1 and (run[0].isdigit() or run[0] in _NUMBER_WORDS):
        value = _number_value(run[0])
        whole = int(value) if value == value.to_integral_value() else None
        digits = run[0] if run[0].isdigit() else (str(whole) if whole is not None and whole < 10 else None)
        return NumberSpan("number", words, whole, digits)
    try:
        value = evaluate_amount(run)
    except ValueError:
        return None
    whole = int(value) if value == value.to_integral_value() and value > 0 else None
    return NumberSpan("amount", words, whole, None)


def tag_numbers(normalised_text: str) -> TaggedText:
    """Replace each number in already-normalised text with a placeholder word."""
    tokens = normalised_text.split()
    out: list[str] = []
    spans: list[NumberSpan] = []
    i = 0
    while i < len(tokens):
        if _run_may_start(tokens, i):
            j = i + 1
            while j < len(tokens) and _run_may_continue(tokens, j):
                j += 1
            span = _classify(tokens[i:j])
            if span is not None:
                spans.append(span)
                out.append({"amount": AMOUNT_PLACEHOLDER, "digits": DIGITS_PLACEHOLDER}.get(span.kind, NUMBER_PLACEHOLDER))
                i = j
                continue
        out.append(tokens[i])
        i += 1
    return TaggedText(" ".join(out), tuple(spans))


# The spoken number words of each language, for recognizer grammars.
ENGLISH_NUMBER_WORDS = tuple(table.english_number_words())
ENGLISH_DIGIT_WORDS = tuple(table.english_digit_words())
ENGLISH_SCALE_WORDS = tuple(table.ENGLISH_SCALES)
HINDI_NUMBER_WORDS = tuple(table.hindi_number_words())
HINDI_SCALE_WORDS = tuple(table.HINDI_SCALES)
HINDI_FRACTION_WORDS = (*table.HINDI_FRACTIONS, *table.HINDI_MODIFIERS)
