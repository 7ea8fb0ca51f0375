"""Free recognizer text matched against the sentences the templates can produce.

A general-vocabulary recognizer (Whisper) writes what it heard, not what the
templates allow: "kick status" for "KYC status", "4.729.16" for six digits,
"Lakshminarian" for "Lakshmi Narayan", extra words from a TV behind. As Home
Assistant's speech-to-phrase does, :class:`SentenceMatcher` finds the template
sentence closest to such text, by words and by sound (metaphone), after the
numbers and the payee's name have been put in their placeholders, then reads
the intent and slots from that sentence with the strict parser. The score
(0..100) says how close it was; below :data:`MATCH_THRESHOLD` the text is
``none``.

Digits are read out of such text here too (:func:`words_to_digits`), and
:func:`sounds_like_digits` says when the text is a run of spoken digits at all.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache

from hassil.intents import TextSlotList
from hassil.sample import sample_intents
from rapidfuzz import fuzz, process

from smartbank_desktop.voice.grammar import FILLER_WORDS, POLITE_RULES
from smartbank_desktop.voice.numbers import NumberSpan, digit_of, tag_numbers
from smartbank_desktop.voice.payees import as_payees, name_score
from smartbank_desktop.voice.text import normalize, sounds

MATCH_THRESHOLD = 84.0
PAYEE_PLACEHOLDER = "payeevalue"
PAYEE_THRESHOLD = 78.0
_PLACEHOLDERS = ("amountvalue", "digitsvalue", "numbervalue", PAYEE_PLACEHOLDER)
# "472-916", "4.729.16", "472 916": digits a recognizer grouped; not "2,500" or "1.5".
_GROUPED_DIGITS = re.compile(r"(?<![\d,.])\d{1,4}(?:[-. ]\d{1,4}){1,5}(?![\d,])")
_AMOUNT_LIKE = re.compile(r"^\d{1,3}(?:[ ]\d{3})+$|^\d+\.\d{1,2}$")
_REPEATS = {"double": 2, "triple": 3}
# A spoken code (OTP, passcode, sign-in challenge) has this many digits.
MIN_DIGITS, MAX_DIGITS = 4, 8


def join_grouped_digits(text: str) -> str:
    """Digit groups joined into one string when they are not an amount: "472-916" -> "472916"."""

    def join(match: re.Match) -> str:
        found = match.group(0)
        digits = re.sub(r"\D", "", found)
        if _AMOUNT_LIKE.match(found) or not 4 <= len(digits) <= 8:
            return found
        return digits

    return _GROUPED_DIGITS.sub(join, text)


def sounds_like_digits(text: str) -> bool:
    """Free text that is a run of digits, however written: "1, 9, 2, 2, 6, 7.", "7, b, 8, 9, 5, 5.", "four two".

    Whisper, prompted for banking words, writes a passcode as digits with
    letters for the ones it half heard ("b" for "three"); talk from a TV has
    words of its own and is not this.
    """
    tokens = normalize(join_grouped_digits(text)).split()
    said = [t for t in tokens if t not in FILLER_WORDS]
    digits = [t for t in said if t.isdigit() or digit_of(t) is not None]
    letters = [t for t in said if len(t) == 1 and t.isalpha()]
    return len(words_to_digits(text)) >= 3 and len(digits) + len(letters) >= 0.75 * len(said)


def words_to_digits(text: str) -> str:
    """The digits said in words, numerals or both, in order; other words are left out.

    "nine oh two one zero" -> "90210"; "My code is 4, 7, um, 2." -> "472";
    "double five one" -> "551".
    """
    out = []
    repeat = 1
    for token in normalize(join_grouped_digits(text)).split():
        if token in _REPEATS:
            repeat = _REPEATS[token]
            continue
        if token.isdigit():
            out.append(token[0] * repeat + token[1:])
        elif (digit := digit_of(token)) is not None:
            out.append(digit * repeat)
        repeat = 1
    return "".join(out)


@dataclass(frozen=True)
class _Sentences:
    texts: tuple[str, ...]
    sounds: tuple[str, ...]
    intents: tuple[str, ...]


# Politeness around a command (grammar.POLITE_RULES) is left out on both
# sides, which keeps the sentence list small (about 12,500 in English) and the
# match fast.
_POLITE = re.compile(
    r"\b(?:please|kindly|(?:can|could|would) you|(?:i|we) (?:want|would like|wish|need|have) to|id like to|for me)\b"
)


def core_words(text: str) -> str:
    return " ".join(_POLITE.sub(" ", text).split())


@cache
def _template_sentences(language: str) -> _Sentences:
    from hassil import Intents

    from smartbank_desktop.voice.intents import template_data

    data = copy.deepcopy(template_data(language))
    for rule in POLITE_RULES:
        if rule in data.get("expansion_rules", {}):
            data["expansion_rules"][rule] = "please"
    lists = {"payee": TextSlotList.from_strings([PAYEE_PLACEHOLDER])}
    pairs: dict[str, str] = {}
    for intent, sentence in sample_intents(Intents.from_dict(data), slot_lists=lists, exclude_sentences_with_wildcards=False):
        text = core_words(" ".join(sentence.split()))
        if text and text not in pairs:
            pairs[text] = intent
    texts = tuple(pairs)
    return _Sentences(texts, tuple(sounds(t) for t in texts), tuple(pairs.values()))


@dataclass(frozen=True)
class SentenceMatch:
    sentence: str  # the closest template sentence, placeholders filled back in
    intent: str
    score: float
    payee: str | None  # the saved payee the words sounded like


class SentenceMatcher:
    """The closest template sentence to free text, with the payee found by sound."""

    def __init__(self, language: str, payees=()):
        self.language = language
        self.payees = as_payees(payees)
        self.sentences = _template_sentences(language)

    def _find_payee(self, words: list[str]) -> tuple[int, int, str] | None:
        """(start, end, payee name) of the words that best sound like a saved payee."""
        best = None
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + 3) + 1):
                span = " ".join(words[i:j])
                if any(w in _PLACEHOLDERS for w in words[i:j]):
                    continue
                for payee in self.payees:
                    score = name_score(span, payee.name)
                    if score >= PAYEE_THRESHOLD and (best is None or score > best[0]):
                        best = (score, i, j, payee.name)
        return None if best is None else best[1:]

    def match(self, text: str) -> SentenceMatch | None:
        tagged = tag_numbers(normalize(join_grouped_digits(text)))
        words = tagged.text.split()
        if not words:
            return None
        payee = self._find_payee(words)
        spoken_payee = None
        if payee is not None:
            i, j, spoken_payee = payee
            words = [*words[:i], PAYEE_PLACEHOLDER, *words[j:]]
        query = core_words(" ".join(words))
        by_words = process.extractOne(query, self.sentences.texts, scorer=fuzz.ratio)
        by_sound = process.extractOne(sounds(query), self.sentences.sounds, scorer=fuzz.ratio)
        best = max((m for m in (by_words, by_sound) if m is not None), key=lambda m: m[1], default=None)
        if best is None:
            return None
        index = best[2]
        sentence = _fill(self.sentences.texts[index], tagged.spans, spoken_payee)
        return SentenceMatch(sentence, self.sentences.intents[index], float(best[1]), spoken_payee)


def _fill(sentence: str, spans: tuple[NumberSpan, ...], payee: str | None) -> str:
    """The template sentence with the numbers and the name that were heard in its placeholders."""
    spans = list(spans)
    out = []
    for word in sentence.split():
        if word in ("amountvalue", "digitsvalue", "numbervalue"):
            wanted = {"amountvalue": ("amount", "number"), "digitsvalue": ("digits", "number"), "numbervalue": ("number",)}[word]
            span = next((s for s in spans if s.kind in wanted), None)
            if span is None:
                span = next((s for s in spans), None)
            if span is None:
                return ""
            spans.remove(span)
            out.append(span.digits if word == "digitsvalue" and span.digits else span.words)
        elif word == PAYEE_PLACEHOLDER:
            if payee is None:
                return ""
            out.append(payee)
        else:
            out.append(word)
    return " ".join(out)
