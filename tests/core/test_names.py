"""What a person's name may hold: any script with its marks, never control or invisible formatting characters."""

from __future__ import annotations

import pytest

from smartbank_desktop.core.names import InvalidName, check_name

ZWNJ, ZWJ, VIRAMA = "\u200c", "\u200d", "\u094d"


@pytest.mark.parametrize("name", [
    "Kamala Devi", "Zoë D'Souza-Nair", "रमेश कुमार", "क्षितिज", "श्री",
    "उत" + VIRAMA + ZWNJ + "कर्ष",  # the non-joiner after a virama: a visible virama instead of a conjunct
    "अर" + VIRAMA + ZWJ + "जुन",  # the joiner after a virama: the eyelash ra (Marathi)
    "ராமன்", "গুরুপ্রসাদ", "ਗੁਰਪ੍ਰੀਤ",
])
def test_names_of_any_script_with_their_marks_pass(name):
    assert check_name(name) == name


@pytest.mark.parametrize("name, reason", [
    ("Ramesh\tKumar", "control"), ("Ramesh\nKumar", "control"), ("Ramesh\x00", "control"),
    ("Ramesh\u2028Kumar", "control"),  # line separator
    ("Ramesh \u202eramuK", "direction"), ("\u2066Ramesh\u2069", "direction"), ("Ramesh\u200f", "direction"),
    ("Ram\u200besh", "invisible"), ("Ram\u2060esh", "invisible"), ("Ram\u00adesh", "invisible"),
    ("\ufeffRamesh", "invisible"), ("Ramesh\ue000", "invisible"),
    (ZWJ + "Ramesh", "invisible"), ("Ramesh" + ZWNJ, "invisible"),  # a joiner with nothing to join
    ("रमेश" + ZWJ + "कुमार", "invisible"),  # not after a virama
    ("श्री" + ZWNJ + "निवास", "invisible"),  # after a vowel sign it changes nothing: padding
    ("क" + VIRAMA + ZWJ, "invisible"),  # after a virama, but no letter follows
])
def test_control_and_invisible_characters_are_refused_with_a_plain_reason(name, reason):
    with pytest.raises(InvalidName, match=reason) as refused:
        check_name(name)
    assert str(refused.value).startswith("A name cannot hold") and str(refused.value).endswith(".")
