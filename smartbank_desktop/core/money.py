"""Money as integer paise: parsing, Indian digit grouping, and amounts in words.

Floats never touch money. ``123456_00`` paise is shown as ``₹1,23,456.00`` and
spoken as "one lakh twenty-three thousand four hundred fifty-six rupees".
"""

from __future__ import annotations

PAISE_PER_RUPEE = 100

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


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


def _below_hundred(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_ONES[hundreds]} hundred")
    if rest:
        parts.append(_below_hundred(rest))
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
        parts.append(f"{_below_hundred(lakhs)} lakh")
    thousands, n = divmod(n, 1000)
    if thousands:
        parts.append(f"{_below_hundred(thousands)} thousand")
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


# Hindi number words 0..99 are irregular, so they are listed (the spelling of
# the Unicode CLDR rules, which Hindi speech recognizers also use).
HINDI_NUMBERS_0_99 = (
    "शून्य एक दो तीन चार पाँच छह सात आठ नौ दस ग्यारह बारह तेरह चौदह पन्द्रह सोलह "
    "सत्रह अठारह उन्नीस बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस "
    "उनतीस तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस चालीस "
    "इकतालीस बयालीस तैंतालीस चौवालीस पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास पचास "
    "इक्यावन बावन तिरेपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ साठ इकसठ बासठ तिरेसठ "
    "चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर "
    "पचहत्तर छिहत्तर सतहत्तर अठहत्तर उनासी अस्सी इक्यासी बयासी तिरासी चौरासी पचासी "
    "छियासी सत्तासी अट्ठासी नवासी नब्बे इक्यानबे बानबे तिरानबे चौरानबे पंचानबे "
    "छियानबे सत्तानबे अट्ठानबे निन्यानबे"
).split()


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
        parts.append(f"{number_in_words_hindi(crores)} करोड़")
    for scale, word in ((100_000, "लाख"), (1000, "हज़ार"), (100, "सौ")):
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
