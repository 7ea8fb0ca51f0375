"""The intent templates of each language (hassil), loaded once.

One YAML file per language in ``templates/``; the parser (voice.nlu), the
recognizer grammars (voice.grammar) and sentence matching (voice.matching)
all read them from here, with Devanagari spellings folded as recognizer
output is.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from hassil import Intents

from smartbank_desktop.voice.text import fold_devanagari

LANGUAGES = ("en", "hi")
def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    return language


@cache
def template_data(language: str) -> dict[str, Any]:
    """The language's template file as a dict, with Devanagari spellings folded."""
    check_language(language)
    raw = resources.files("smartbank_desktop.voice").joinpath("templates", f"{language}.yaml").read_text("utf-8")
    return yaml.safe_load(fold_devanagari(raw).lower())


@cache
def load_intents(language: str) -> Intents:
    return Intents.from_dict(template_data(language))
