"""Matching a spoken name against the customer's saved payees.

Speech recognizers and people shorten and misspell names ("Ramesh",
"ramesh ji", "रमेश"), so names are compared fuzzily, by full name and by each
part; when two saved payees fit equally well the match is ambiguous and the
dialogue asks which one was meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from smartbank_desktop.core.bank import Payee
from smartbank_desktop.voice.text import devanagari_to_latin, is_devanagari, normalize, sounds

# Words around a name that are not part of it: honorifics and relations.
_HONORIFICS = {
    "ji", "bhai", "mr", "mrs", "ms", "miss", "shri", "sri", "shrimati", "smt", "sir", "madam",
    "dr", "doctor", "uncle", "aunty", "auntie", "my", "the", "to", "account", "of",
} | {normalize(w) for w in ("जी", "भाई", "श्री", "श्रीमती", "को", "के", "का", "खाते", "में")}

MATCH_THRESHOLD = 78.0
AMBIGUITY_MARGIN = 8.0


@dataclass(frozen=True)
class PayeeMatch:
    """The outcome of matching: one payee, several close candidates, or nothing."""

    spoken: str
    payee: Payee | None = None
    candidates: tuple[Payee, ...] = field(default_factory=tuple)
    score: float = 0.0

    @property
    def ambiguous(self) -> bool:
        return self.payee is None and len(self.candidates) > 1


def as_payees(payees) -> list[Payee]:
    """Accept Payee objects, plain names, or a comma-separated string of names."""
    if isinstance(payees, str):
        payees = [p for p in payees.split(",")]
    out = []
    for p in payees or ():
        if isinstance(p, Payee):
            out.append(p)
        elif str(p).strip():
            out.append(Payee(str(p).strip()))
    return out


# Romanised Indian names are spelt several ways ("Meena", "Mina"; "Pooja", "Puja"; "Aarti", "Arti"),
# and Devanagari transliterates to one of them: compare them folded to one spelling.
_SPELLINGS = (("ee", "i"), ("oo", "u"), ("aa", "a"), ("w", "v"), ("ph", "f"), ("sh", "s"), ("th", "t"), ("dh", "d"),
              ("bh", "b"), ("kh", "k"), ("gh", "g"), ("y", "i"))


def _folded(word: str) -> str:
    for variant, spelling in _SPELLINGS:
        word = word.replace(variant, spelling)
    return word


def _comparable(text: str) -> str:
    text = normalize(text)
    if is_devanagari(text):
        text = devanagari_to_latin(text)
    words = [_folded(w) for w in text.split() if w not in _HONORIFICS]
    return " ".join(words)


def name_score(spoken: str, payee_name: str) -> float:
    """0..100: how well the spoken words fit a payee's name (full name or any part)."""
    said = _comparable(spoken)
    name = _comparable(payee_name)
    if not said or not name:
        return 0.0
    # By letters, and by sound (a little less: different names can sound alike).
    scores = [fuzz.ratio(said, name), fuzz.token_sort_ratio(said, name)]
    if len(sounds(said).replace(" ", "")) >= 3:  # "money" and "Meena" both sound "MN": too short to tell
        scores.append(fuzz.ratio(sounds(said), sounds(name)) - 4.0)
    parts = name.split()
    said_words = said.split()
    if len(said_words) < len(parts):
        # "Ramesh" for "Ramesh Kumar": compare with each run of that many name parts.
        n = len(said_words)
        for i in range(len(parts) - n + 1):
            part = " ".join(parts[i : i + n])
            scores.append(fuzz.ratio(said, part) - 2.0)
            if len(sounds(said).replace(" ", "")) >= 3:
                scores.append(fuzz.ratio(sounds(said), sounds(part)) - 8.0)
    return float(max(scores))


def match_payee(spoken: str, payees, threshold: float = MATCH_THRESHOLD, margin: float = AMBIGUITY_MARGIN) -> PayeeMatch:
    """The saved payee the spoken words name, or the close candidates when it is unclear."""
    candidates = as_payees(payees)
    scored = sorted(((name_score(spoken, p.name), p) for p in candidates), key=lambda t: -t[0])
    scored = [(s, p) for s, p in scored if s >= threshold]
    if not scored:
        return PayeeMatch(spoken)
    best_score = scored[0][0]
    close = tuple(p for s, p in scored if best_score - s < margin)
    if len(close) == 1:
        return PayeeMatch(spoken, close[0], close, best_score)
    return PayeeMatch(spoken, None, close, best_score)
