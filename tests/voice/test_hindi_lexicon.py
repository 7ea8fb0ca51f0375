"""The Hindi dictionary: espeak-ng's Hindi IPA as ARPAbet, and a pronunciation for every grammar word."""

import re
import shutil

import pytest
from pocketsphinx import get_model_path

from smartbank_desktop.voice.grammar import grammar_words, jsgf_grammar
from smartbank_desktop.voice.hindi_lexicon import (
    UnknownIPA,
    build_dictionary,
    dictionary_text,
    hindi_grammar_words,
    hindi_ipa_to_arpabet,
    load_dictionary,
    written_spellings,
)
from smartbank_desktop.voice.intents import load_intents
from smartbank_desktop.voice.pronounce import espeak_ipa
from smartbank_desktop.voice.text import fold_devanagari


@pytest.mark.parametrize(("ipa", "phones"), [
    ("bʰˈeːɟoː", "B EY JH OW"),  # भेजो: aspiration dropped, ज (ɟ) as JH
    ("ʈɾˈãsəpʰˌəɾ", "T R AA N S AH P AH R"),  # ट्रांसफर: retroflex ʈ as T, anusvara before s as N
    ("bɛːlˈẽːs", "B EH L EY N S"),  # बैलेंस
    ("hˈã", "HH AA"),  # हाँ: a nasal vowel at the end stays plain
    ("pˈãc", "P AA N CH"),  # पाँच: च (c) as CH
    ("sˈãbʰaːl", "S AA M B AA L"),  # before b the nasal is M
    ("ɡˈãɡaː", "G AA NG G AA"),  # before g it is NG
    ("həzˈaːɾ", "HH AH Z AA R"),  # हज़ार: the flap ɾ is R (in English IPA it is T)
    ("ɦˈoː", "HH OW"),
    ("ʋˈeːɳiː", "V EY N IY"),
    ("ʂˈəʈ", "SH AH T"),
    ("pˈəkkaː", "P AH K AA"),  # a geminate is one consonant
    ("kˌeːʋaːˈiːsi", "K EY V AA IY S IY"),
])
def test_ipa_to_arpabet(ipa, phones):
    assert " ".join(hindi_ipa_to_arpabet(ipa)) == phones


def test_every_phone_is_one_the_english_model_has():
    with open(get_model_path() + "/en-us/cmudict-en-us.dict", encoding="utf-8") as english:
        arpabet = {p for line in english for p in line.split()[1:]}
    used = {p for variants in load_dictionary().values() for phones in variants for p in phones}
    assert used and used <= arpabet, used - arpabet


def test_an_unknown_symbol_is_an_error_not_a_silent_gap():
    with pytest.raises(UnknownIPA):
        hindi_ipa_to_arpabet("kʘa")


def test_the_dictionary_has_every_word_of_the_hindi_grammar():
    words = grammar_words(jsgf_grammar(load_intents("hi"), ("Ramesh Kumar",), language="hi"))
    devanagari = {w for w in words if re.search("[\u0900-\u097f]", w)}
    assert devanagari <= set(hindi_grammar_words())  # which also has the digits grammar's fillers and variants
    assert words - devanagari == {"ramesh", "kumar"}  # payees keep their own letters
    lexicon = load_dictionary()
    assert devanagari <= set(lexicon), sorted(devanagari - set(lexicon))
    assert all(lexicon[w] and all(lexicon[w]) for w in devanagari)


def test_the_grammar_keeps_only_devanagari_sentences_and_hindi_numbers():
    jsgf = jsgf_grammar(load_intents("hi"), (), language="hi")
    assert not re.search(r"\b(bhejo|batao|haan|rupaye)\b", jsgf)
    for word in ("बैलेंस", "भेजो", "हां", "नहीं", "रद्द", "आगे", "पीछे", "दोबारा", "लाख", "हजार", "निन्यानबे", "डेढ"):
        assert fold_devanagari(word) in jsgf, word


def test_words_spelt_with_nukta_get_that_sound_too():
    lexicon = load_dictionary()
    assert "हज़ार" in written_spellings()["हजार"]
    assert ("HH", "AH", "Z", "AA", "R") in lexicon["हजार"]
    assert len(lexicon["छोडो"]) == 2  # ड़ as a flap, and as the folded ड


def test_build_writes_alternatives_in_pocketsphinx_form():
    ipa = {"हजार": "həɟˈaːɾ", "हज़ार": "həzˈaːɾ", "दो": "dˈoː"}
    text = build_dictionary(["हजार", "दो"], ipa.__getitem__, {"हजार": ["हजार", "हज़ार"]})
    assert text == "दो D OW\nहजार HH AH JH AA R\nहजार(2) HH AH Z AA R\n"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_the_committed_dictionary_is_what_the_generator_makes_now():
    """Run scripts/hindi_lexicon.py after changing the Hindi templates."""
    assert dictionary_text() == build_dictionary(hindi_grammar_words(), lambda w: espeak_ipa(w, "hi"), written_spellings())
