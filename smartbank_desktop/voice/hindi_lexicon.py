"""Hindi words for pocketsphinx's US-English acoustic model: espeak-ng's Hindi IPA as ARPAbet phones.

No Hindi acoustic model can be had offline, so the Hindi recognizer uses the
English one with a Hindi grammar; each Devanagari word of that grammar gets
the nearest English phones for its sounds (retroflex ʈ ɖ as T D, aspiration
dropped, च ज as CH JH, anusvara as N or M). The dictionary is made
once, when the templates change, by ``scripts/hindi_lexicon.py`` (it needs
espeak-ng), and committed as ``lexicons/hi.dict``: the same words always get
the same phones, and the app needs no espeak-ng to listen in Hindi.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from smartbank_desktop.voice.text import fold_devanagari, is_devanagari

# espeak-ng's Hindi IPA symbol (longest first) -> ARPAbet phones of the en-us model.
HINDI_IPA_TO_ARPABET = [
    # vowels and diphthongs
    ("aːɪ", "AY"), ("aɪ", "AY"), ("əɪ", "AY"), ("aːʊ", "AW"), ("aʊ", "AW"), ("əʊ", "AW"), ("ɔɪ", "OY"),
    ("aː", "AA"), ("ɑː", "AA"), ("a", "AA"), ("ɑ", "AA"), ("ə", "AH"), ("ʌ", "AH"), ("ɐ", "AH"),
    ("iː", "IY"), ("i", "IY"), ("ɪ", "IH"), ("uː", "UW"), ("u", "UW"), ("ʊ", "UH"),
    ("eː", "EY"), ("e", "EY"), ("ɛː", "EH"), ("ɛ", "EH"), ("æː", "AE"), ("æ", "AE"),
    ("oː", "OW"), ("o", "OW"), ("ɔː", "AO"), ("ɔ", "AO"), ("ɒ", "AA"), ("ɜ", "ER"), ("ɚ", "ER"),
    ("r̩", "R IH"), ("ɾ̩", "R IH"),
    # affricates before their parts
    ("tʃ", "CH"), ("dʒ", "JH"), ("ts", "T S"), ("dz", "D Z"),
    # stops: dental, retroflex and palatal alike
    ("p", "P"), ("b", "B"), ("t̪", "T"), ("d̪", "D"), ("t", "T"), ("d", "D"), ("ʈ", "T"), ("ɖ", "D"),
    ("c", "CH"), ("ɟ", "JH"), ("k", "K"), ("ɡ", "G"), ("g", "G"), ("q", "K"),
    # fricatives
    ("f", "F"), ("v", "V"), ("ʋ", "V"), ("w", "W"), ("s", "S"), ("z", "Z"), ("ʃ", "SH"), ("ʂ", "SH"), ("ʒ", "ZH"),
    ("x", "K"), ("ɣ", "G"), ("ɦ", "HH"), ("h", "HH"), ("θ", "TH"), ("ð", "DH"),
    # nasals, liquids, glides
    ("m", "M"), ("n̪", "N"), ("n", "N"), ("ɳ", "N"), ("ɲ", "N Y"), ("ŋ", "NG"),
    ("ɾ", "R"), ("r", "R"), ("ɹ", "R"), ("ɽ", "R"), ("l", "L"), ("ɭ", "L"), ("j", "Y"),
]
# Marks with no phone of their own: stress, length, syllable breaks, aspiration, nasalisation, glottal stop.
IGNORED_IPA = set("ˈˌː.‿ -_ʰʱ\u0303\u032a\u0329ʔ")


class UnknownIPA(ValueError):
    """espeak-ng gave an IPA symbol the table has no phone for (add it to HINDI_IPA_TO_ARPABET)."""


def hindi_ipa_to_arpabet(ipa: str) -> list[str]:
    """ARPAbet phones for espeak-ng's Hindi IPA: "bʰˈeːɟoː" -> B EY JH OW.

    A nasal vowel before a consonant (anusvara: "ट्रांसफर", "बैलेंस") gets
    the nasal English has there (N, or M before P B, NG before K G); at the
    end of a word ("हाँ", "नहीं") the vowel stays plain.
    """
    ipa = unicodedata.normalize("NFD", ipa)  # nasal vowels as vowel + tilde, however they came
    phones: list[str] = []
    nasal = False
    i = 0
    while i < len(ipa):
        if ipa[i] == "\u0303":
            nasal = True
            i += 1
            continue
        for symbol, arpabet in HINDI_IPA_TO_ARPABET:
            if ipa.startswith(symbol, i):
                new = arpabet.split()
                if nasal and new[0] not in _VOWELS and new[0] not in ("M", "N", "NG"):
                    phones.append({"P": "M", "B": "M", "K": "NG", "G": "NG"}.get(new[0], "N"))
                nasal = False
                phones.extend(new)
                i += len(symbol)
                break
        else:
            if ipa[i] not in IGNORED_IPA:
                raise UnknownIPA(f"no phone for {ipa[i]!r} (U+{ord(ipa[i]):04X}) in {ipa!r}")
            i += 1
    # A geminate (पक्का, अट्ठारह) is one long consonant; the model has no use for two of the same.
    return [p for n, p in enumerate(phones) if n == 0 or p != phones[n - 1] or p in _VOWELS]


_VOWELS = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}


def hindi_grammar_words() -> list[str]:
    """Every Devanagari word the Hindi recognizer's grammars can hear (commands, and digits with their
    fillers and the cancel sentences; payees apart), sorted."""
    from smartbank_desktop.voice.grammar import cancel_sentences, digits_jsgf, grammar_words, jsgf_grammar
    from smartbank_desktop.voice.intents import load_intents

    words = grammar_words(jsgf_grammar(load_intents("hi"), (), language="hi"))
    words |= grammar_words(digits_jsgf("hi", cancel_sentences("hi")))
    return sorted(w for w in words if is_devanagari(w))


def written_spellings() -> dict[str, list[str]]:
    """Folded word -> the spellings the templates and number words write it in ("हजार": ["हजार", "हज़ार"]).

    The grammar holds folded words; the spelling with nukta says how the word
    sounds (ज़ is z, ड़ a flap), so each spelling gives a pronunciation.
    """
    from smartbank_desktop.core import number_words as table

    raw = resources.files("smartbank_desktop.voice").joinpath("templates", "hi.yaml").read_text("utf-8")
    words = set(re.findall(r"[\u0900-\u0963\u0966-\u097f]+", raw))
    words.update(table.hindi_number_words(), table.HINDI_SCALES, table.HINDI_FRACTIONS, table.HINDI_MODIFIERS)
    out: dict[str, list[str]] = {}
    for word in sorted(words):
        out.setdefault(fold_devanagari(word), []).append(word)
    return out


def build_dictionary(words, ipa_of, spellings: dict[str, list[str]] | None = None) -> str:
    """The dictionary text (``word phones``, ``word(2) phones``..., sorted), with ``ipa_of(spelling)`` espeak-ng's IPA.

    Each word is said as written and in each of its other ``spellings``;
    different phones become alternative pronunciations.
    """
    lines = []
    for word in sorted(set(words)):
        variants: list[list[str]] = []
        for spelling in dict.fromkeys([word, *(spellings or {}).get(word, [])]):
            phones = hindi_ipa_to_arpabet(ipa_of(spelling))
            if phones and phones not in variants:
                variants.append(phones)
        if not variants:
            raise UnknownIPA(f"espeak-ng gave no sounds for {word!r}")
        lines.extend(f"{word if n == 0 else f'{word}({n + 1})'} {' '.join(phones)}" for n, phones in enumerate(variants))
    return "\n".join(lines) + "\n"


def dictionary_text() -> str:
    return resources.files("smartbank_desktop.voice").joinpath("lexicons", "hi.dict").read_text("utf-8")


@cache
def load_dictionary() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The committed Hindi dictionary: word -> its pronunciations (phones)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for line in dictionary_text().splitlines():
        word, *phones = line.split()
        out.setdefault(re.sub(r"\(\d+\)$", "", word), []).append(tuple(phones))
    return {word: tuple(variants) for word, variants in out.items()}


def dictionary_path() -> str:
    """A file path to the dictionary, for pocketsphinx's configuration."""
    return str(resources.files("smartbank_desktop.voice").joinpath("lexicons", "hi.dict"))
