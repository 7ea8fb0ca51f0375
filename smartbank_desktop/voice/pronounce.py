"""Pronunciations for words the recognizer's dictionary lacks (Indian names, "lakh", "kyc").

espeak-ng (already needed for speech output) gives a word's IPA; this module
turns it into the ARPAbet phones pocketsphinx's US-English model uses. A
second, spelling-based pronunciation suits romanised Indian names, which
are written much as they are said ("Sita" = S IY T AA).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

# Longest first: diphthongs and r-coloured vowels before single symbols.
_IPA_TO_ARPABET = [
    ("aɪə", "AY ER"), ("aɪ", "AY"), ("aʊ", "AW"), ("eɪ", "EY"), ("oʊ", "OW"), ("əʊ", "OW"), ("ɔɪ", "OY"),
    ("ɑːɹ", "AA R"), ("ɔːɹ", "AO R"), ("oːɹ", "AO R"), ("ɛɹ", "EH R"), ("ɪɹ", "IH R"), ("ʊɹ", "UH R"),
    ("iə", "IY AH"), ("tʃ", "CH"), ("dʒ", "JH"),
    ("iː", "IY"), ("uː", "UW"), ("ɑː", "AA"), ("ɔː", "AO"), ("ɜː", "ER"), ("oː", "OW"), ("aː", "AA"), ("eː", "EY"),
    ("ɚ", "ER"), ("ɝ", "ER"), ("ᵻ", "IH"), ("ɪ", "IH"), ("i", "IY"), ("ɛ", "EH"), ("e", "EH"), ("æ", "AE"),
    ("ɑ", "AA"), ("ɒ", "AA"), ("ɔ", "AO"), ("o", "OW"), ("ʊ", "UH"), ("u", "UW"), ("ʌ", "AH"), ("ə", "AH"),
    ("ɐ", "AH"), ("a", "AA"),
    ("p", "P"), ("b", "B"), ("t", "T"), ("d", "D"), ("k", "K"), ("ɡ", "G"), ("g", "G"), ("f", "F"), ("v", "V"),
    ("θ", "TH"), ("ð", "DH"), ("s", "S"), ("z", "Z"), ("ʃ", "SH"), ("ʒ", "ZH"), ("h", "HH"), ("m", "M"),
    ("n", "N"), ("ŋ", "NG"), ("l", "L"), ("ɹ", "R"), ("r", "R"), ("w", "W"), ("j", "Y"), ("ɾ", "T"),
    ("x", "K"), ("ç", "HH"), ("ʔ", ""), ("ɬ", "L"),
]
_IGNORED_IPA = set("ˈˌː.‿ -_ʰ̃ʲ")


def ipa_to_arpabet(ipa: str) -> list[str]:
    phones: list[str] = []
    i = 0
    while i < len(ipa):
        if ipa[i] in _IGNORED_IPA:
            i += 1
            continue
        for symbol, arpabet in _IPA_TO_ARPABET:
            if ipa.startswith(symbol, i):
                phones.extend(arpabet.split())
                i += len(symbol)
                break
        else:
            i += 1  # an IPA symbol we have no phone for: skip it
    return phones


@lru_cache(maxsize=4096)
def espeak_ipa(word: str, voice: str = "en-us") -> str:
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None:
        return ""
    done = subprocess.run([exe, "-q", "--ipa", "-v", voice, word], capture_output=True, text=True, timeout=10, check=False)
    return done.stdout.strip()


# Romanised Indian spelling to phones: consonant clusters first, then vowels.
_SPELLING = [
    ("chh", "CH"), ("sh", "SH"), ("ch", "CH"), ("kh", "K"), ("gh", "G"), ("th", "T"), ("dh", "D"),
    ("ph", "F"), ("bh", "B"), ("jh", "JH"), ("aa", "AA"), ("ee", "IY"), ("oo", "UW"), ("ai", "AY"),
    ("au", "AW"), ("ou", "AW"), ("a", "AH"), ("e", "EY"), ("i", "IY"), ("o", "OW"), ("u", "UW"),
    ("b", "B"), ("c", "K"), ("d", "D"), ("f", "F"), ("g", "G"), ("h", "HH"), ("j", "JH"), ("k", "K"),
    ("l", "L"), ("m", "M"), ("n", "N"), ("p", "P"), ("q", "K"), ("r", "R"), ("s", "S"), ("t", "T"),
    ("v", "V"), ("w", "W"), ("x", "K S"), ("y", "Y"), ("z", "Z"),
]


def spelling_to_arpabet(word: str) -> list[str]:
    """Phones from a romanised Indian spelling: "sita" -> S IY T AA."""
    word = re.sub(r"[^a-z]", "", word.lower())
    phones: list[str] = []
    i = 0
    while i < len(word):
        for letters, arpabet in _SPELLING:
            if word.startswith(letters, i):
                # A final "a" is a full vowel in names ("Sita", "Priya").
                if letters == "a" and i == len(word) - 1:
                    arpabet = "AA"
                phones.extend(arpabet.split())
                i += len(letters)
                break
        else:
            i += 1
    return phones


ACRONYMS = {"kyc", "otp", "fd", "inr", "atm", "upi", "rs", "neft", "imps"}


def pronunciations(word: str, is_name: bool = False) -> list[list[str]]:
    """ARPAbet pronunciations for an out-of-dictionary word (names get a spelling-based one too)."""
    out: list[list[str]] = []
    spelled_out = word in ACRONYMS or not re.search(r"[aeiouy]", word)
    from_espeak = ipa_to_arpabet(espeak_ipa(" ".join(word.upper()) if spelled_out else word))
    if from_espeak:
        out.append(from_espeak)
    if is_name or not out:
        from_spelling = spelling_to_arpabet(word)
        if from_spelling and from_spelling not in out:
            out.append(from_spelling)
    return out

