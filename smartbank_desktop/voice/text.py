"""Text normalisation shared by the parser and the grammars, for English and Hindi.

Recognizers, keyboards and template files spell the same word differently:
"Rs. 1,500", "₹1500" and "1500 rupees"; "पांच" (anusvara) and "पाँच"
(chandrabindu); "हज़ार" (with nukta) and "हजार". Everything is folded to one
spelling before matching, on both sides.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_NUKTA = "\u093c"
_CHANDRABINDU = "\u0901"
_ANUSVARA = "\u0902"
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")

_CURRENCY_BEFORE = re.compile(r"(?:₹|\brs\b\.?|\binr\b|\brupees?\b)\s*(\d[\d,]*(?:\.\d+)?)")
_DIGIT_COMMAS = re.compile(r"(?<=\d),(?=\d)")
_THOUSANDS_K = re.compile(r"\b(\d+(?:\.\d+)?)\s*k\b")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_NOT_WORD = re.compile(r"[^\w\s\u0900-\u097f\u2024]")


def fold_devanagari(text: str) -> str:
    """One spelling for Devanagari: no nukta, chandrabindu as anusvara, ASCII digits."""
    text = unicodedata.normalize("NFD", text)
    text = text.replace(_NUKTA, "").replace(_CHANDRABINDU, _ANUSVARA)
    text = text.replace("\u0964", " ").replace("\u0965", " ")  # danda, double danda
    return unicodedata.normalize("NFC", text).translate(_DEVANAGARI_DIGITS)


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces, in the spelling the templates use.

    Currency marks become the word "rupees" after the number, digit-group commas
    go, "5k" becomes "5 thousand", hyphens and punctuation become spaces; a decimal
    point inside a number is kept ("1.5 lakh").
    """
    text = fold_devanagari(text).lower().replace("\u2019", "'")
    text = _DIGIT_COMMAS.sub("", text)
    text = _CURRENCY_BEFORE.sub(r" \1 rupees ", text)
    text = text.replace("₹", " rupees ")
    text = _THOUSANDS_K.sub(r"\1 thousand", text)
    text = _DECIMAL_POINT.sub("\u2024", text)  # protect decimal points from the punctuation pass
    text = text.replace("'", "")
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    text = text.replace("\u2024", ".")
    return " ".join(text.split())


def is_devanagari(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in text)


# Devanagari to Latin letters, enough to compare a spoken Hindi name with a
# saved payee written in English letters ("रमेश" ~ "Ramesh").
_VOWELS = {
    "अ": "a", "आ": "aa", "इ": "i", "ई": "ee", "उ": "u", "ऊ": "oo", "ऋ": "ri",
    "ए": "e", "ऐ": "ai", "ओ": "o", "औ": "au",
}
_MATRAS = {
    "ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "ृ": "ri",
    "े": "e", "ै": "ai", "ो": "o", "ौ": "au",
}
_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh",
    "ज": "j", "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh",
    "ण": "n", "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n", "प": "p",
    "फ": "ph", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r", "ल": "l",
    "ळ": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s", "ह": "h",
}
_VIRAMA = "\u094d"


def devanagari_to_latin(text: str) -> str:
    """A rough romanisation for fuzzy matching of names, with final-schwa deletion."""
    text = fold_devanagari(text)
    words = []
    for word in text.split():
        out: list[str] = []
        chars = list(word)
        for i, ch in enumerate(chars):
            nxt = chars[i + 1] if i + 1 < len(chars) else ""
            if ch in _CONSONANTS:
                out.append(_CONSONANTS[ch])
                if nxt and (nxt in _MATRAS or nxt == _VIRAMA):
                    continue
                if nxt:  # inherent vowel inside the word
                    out.append("a")
            elif ch in _MATRAS:
                out.append(_MATRAS[ch])
            elif ch in _VOWELS:
                out.append(_VOWELS[ch])
            elif ch == _ANUSVARA:
                out.append("n")
            elif ch == _VIRAMA:
                continue
            elif ch.isascii():
                out.append(ch)
        words.append("".join(out))
    return " ".join(words)


@cache
def _metaphone(word: str) -> str:
    if not word.isascii() or not word.isalpha():
        return word
    import jellyfish

    return jellyfish.metaphone(word) or word


def sounds(text: str) -> str:
    """The words as metaphone codes ("kick status" and "kyc status" sound alike); other words kept."""
    return " ".join(_metaphone(w) for w in text.split())
