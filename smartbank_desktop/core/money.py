"""Money as integer paise: parsing, Indian digit grouping, and amounts in words.

Floats never touch money. ``123456_00`` paise is shown as ``₹1,23,456.00`` and
spoken as "one lakh twenty-three thousand four hundred fifty-six rupees".
"""

from __future__ import annotations

from smartbank_desktop.core.number_words import ENGLISH_ONES, HINDI_NUMBERS_0_99, HINDI_SCALES, english_below_hundred

HINDI_CRORE = next(w for w, v in HINDI_SCALES.items() if v == 10_000_000)

PAISE_PER_RUPEE = 100


def rupees(amount: int) -> int:
    """Whole rupees to paise."""
    return int(amount) * PAISE_PER_RUPEE


def group_indian(number: int) -> str:
    """``1234567`` -> ``"12,34,567"`` (last three digits, then pairs)."""
    digits = str(abs(int(number)))
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    text = ",".join(groups + [tail]) if groups else tail
    return ("-" if number < 0 else "") + text


def format_inr(paise: int, symbol: bool = True) -> str:
    """``12345600`` paise -> ``"₹1,23,456.00"``."""
    paise = int(paise)
    sign = "-" if paise < 0 else ""
    whole, fraction = divmod(abs(paise), PAISE_PER_RUPEE)
    return f"{sign}{'₹' if symbol else ''}{group_indian(whole)}.{fraction:02d}"


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{ENGLISH_ONES[hundreds]} hundred")
    if rest:
        parts.append(english_below_hundred(rest))
    return " ".join(parts)


def number_in_words(n: int) -> str:
    """A whole number in English words with the Indian system (lakh, crore)."""
    n = int(n)
    if n < 0:
        return "minus " + number_in_words(-n)
    if n == 0:
        return "zero"
    parts = []
    crores, n = divmod(n, 10_000_000)
    if crores:
        parts.append(f"{number_in_words(crores)} crore")
    lakhs, n = divmod(n, 100_000)
    if lakhs:
        parts.append(f"{english_below_hundred(lakhs)} lakh")
    thousands, n = divmod(n, 1000)
    if thousands:
        parts.append(f"{english_below_hundred(thousands)} thousand")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


def amount_in_words(paise: int) -> str:
    """``12345650`` -> "one lakh twenty-three thousand four hundred fifty-six rupees and fifty paise"."""
    whole, fraction = divmod(abs(int(paise)), PAISE_PER_RUPEE)
    text = f"{number_in_words(whole)} {'rupee' if whole == 1 else 'rupees'}"
    if fraction:
        text += f" and {number_in_words(fraction)} paise"
    return ("minus " if paise < 0 else "") + text


def number_in_words_hindi(n: int) -> str:
    """A whole number in Hindi words (करोड़, लाख, हज़ार, सौ): 2500 -> "दो हज़ार पाँच सौ"."""
    n = int(n)
    if n < 0:
        return "ऋण " + number_in_words_hindi(-n)
    if n < 100:
        return HINDI_NUMBERS_0_99[n]
    parts = []
    crores, n = divmod(n, 10_000_000)
    if crores:
        parts.append(f"{number_in_words_hindi(crores)} {HINDI_CRORE}")
    for word, scale in sorted(HINDI_SCALES.items(), key=lambda item: -item[1])[1:]:  # लाख, हज़ार, सौ
        count, n = divmod(n, scale)
        if count:
            parts.append(f"{HINDI_NUMBERS_0_99[count]} {word}")
    if n:
        parts.append(HINDI_NUMBERS_0_99[n])
    return " ".join(parts)


def amount_in_words_hindi(paise: int) -> str:
    """``250050`` -> "दो हज़ार पाँच सौ रुपये और पचास पैसे"."""
    whole, fraction = divmod(abs(int(paise)), PAISE_PER_RUPEE)
    text = f"{number_in_words_hindi(whole)} रुपये"
    if fraction:
        text += f" और {number_in_words_hindi(fraction)} पैसे"
    return ("ऋण " if paise < 0 else "") + text
