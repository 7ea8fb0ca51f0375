"""The number words of each language, one table per language for every layer.

Money in words (core.money), the parser's numbers (voice.numbers), spoken
digits (voice.digits) and the recognizer grammars (voice.grammar) all read
these tables, so a word added here is understood, spoken and listened for
everywhere at once.
"""

from __future__ import annotations

# English: 0..19, the tens, and the Indian scales.
ENGLISH_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
ENGLISH_TENS = dict(zip(range(20, 100, 10), "twenty thirty forty fifty sixty seventy eighty ninety".split()))
ENGLISH_SCALES = {"hundred": 100, "thousand": 1000, "lakh": 100_000, "crore": 10_000_000}
# Other ways to say a digit in a passcode ("nine oh two").
ENGLISH_DIGIT_ALIASES = {"oh": 0}

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
HINDI_SCALES = {"सौ": 100, "हज़ार": 1000, "लाख": 100_000, "करोड़": 10_000_000}
# Other spellings people type and recognizers write.
HINDI_NUMBER_ALIASES = {"ज़ीरो": 0, "छः": 6, "छे": 6, "छ": 6, "पांच": 5, "पंद्रह": 15}
# Fractions said as one word: डेढ़ (one and a half), ढाई (two and a half).
HINDI_FRACTIONS = {"डेढ़": "1.5", "ढाई": "2.5"}
# Words before a number: साढ़े (plus a half), सवा (plus a quarter), पौने (less a quarter).
HINDI_MODIFIERS = {"साढ़े": "0.5", "सवा": "0.25", "पौने": "-0.25"}

# Romanised Hindi scales as typed after digits ("2 hazaar", "5 sau").
ROMAN_HINDI_SCALES = {"sau": 100, "hazar": 1000, "hazaar": 1000, "hajar": 1000, "karod": 10_000_000, "crore": 10_000_000}


def english_below_hundred(n: int) -> str:
    """0..99 in English words: 45 -> "forty-five"."""
    if n < 20:
        return ENGLISH_ONES[n]
    tens, ones = divmod(n, 10)
    return ENGLISH_TENS[tens * 10] + (f"-{ENGLISH_ONES[ones]}" if ones else "")


def english_number_words() -> dict[str, int]:
    """Every single English number word with its value (0..19 and the tens)."""
    return {**{w: i for i, w in enumerate(ENGLISH_ONES)}, **{w: v for v, w in ENGLISH_TENS.items()}}


def english_digit_words() -> dict[str, int]:
    """The words for one digit in English, "oh" included."""
    return {**{w: i for i, w in enumerate(ENGLISH_ONES[:10])}, **ENGLISH_DIGIT_ALIASES}


def hindi_number_words() -> dict[str, int]:
    """Every single Hindi number word (0..99 and other spellings) with its value."""
    return {**{w: i for i, w in enumerate(HINDI_NUMBERS_0_99)}, **HINDI_NUMBER_ALIASES}
