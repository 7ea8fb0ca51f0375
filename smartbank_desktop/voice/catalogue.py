"""What the assistant says, per language: the phrases and refusals of ``voice/phrases/<language>.yaml``.

Amounts are said in the language's words, an account by its last four digits
one at a time, a date as "today", "yesterday" or "5 March". A refusal is
worded from its stable code and facts (:mod:`smartbank_desktop.core.refusals`),
never from the bank's English ``detail``, so a Hindi customer hears only Hindi.
The app's screens use the same catalogue for what the bank refused.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from smartbank_desktop.core.bank import bank_today
from smartbank_desktop.core.money import amount_in_words, amount_in_words_hindi
from smartbank_desktop.core.refusals import FAMILY_OF, Refusal

LANGUAGES = ("en", "hi")


@cache
def _load(language: str) -> dict[str, Any]:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    text = resources.files("smartbank_desktop.voice").joinpath("phrases", f"{language}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


class _Blank(dict):
    """Fills a {name} the facts do not give with nothing, rather than failing mid-sentence."""

    def __missing__(self, key: str) -> str:
        return ""


def spoken_digits(text: str, count: int = 4) -> str:
    """The last ``count`` digits of an account or masked number, one at a time: "XXXX1234" -> "1 2 3 4"."""
    digits = "".join(ch for ch in str(text) if ch.isdigit())
    return " ".join(digits[-count:])


def spelled(reference: str) -> str:
    """A reference spelled out character by character, so it can be written down: "SB12" -> "S B 1 2"."""
    return " ".join(str(reference))


class Catalogue:
    """The phrases of one language."""

    def __init__(self, language: str = "en"):
        self.language = language
        data = _load(language)
        self._phrases: dict[str, Any] = data["phrases"]
        self._refusals: dict[str, str] = data["refusals"]
        self._families: dict[str, str] = data["families"]

    def phrase(self, key: str, **fill: Any) -> str:
        """The phrase with its blanks filled, starting with a capital letter (a date may open it)."""
        text = str(self._phrases[key]).format_map(_Blank(fill))
        return text[:1].upper() + text[1:]

    def words(self, key: str) -> Any:
        """A table of the catalogue as it is (account kinds, KYC words, intent names, month names)."""
        return self._phrases[key]

    def money(self, paise: int) -> str:
        return amount_in_words_hindi(paise) if self.language == "hi" else amount_in_words(paise)

    def either(self, names: list[str]) -> str:
        """"A, B or C" in the language."""
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + f" {self._phrases['or']} " + names[-1]

    def day(self, iso_date: str, today: date | None = None) -> str:
        """An ISO date as a person says it: today, yesterday, or "5 March"."""
        when = date.fromisoformat(str(iso_date)[:10])
        today = today or bank_today()
        if when == today:
            return self._phrases["today"]
        if when == today - timedelta(days=1):
            return self._phrases["yesterday"]
        return self.phrase("date", day=when.day, month=self._phrases["months"][when.month - 1])

    def refusal(self, refusal: Refusal) -> str:
        """What the bank refused, in this language, from the refusal's code and facts."""
        template = self._refusals.get(refusal.code.value) or self._families[FAMILY_OF[refusal.code].value]
        fill: dict[str, Any] = {}
        for name, value in refusal.facts.items():
            fill[name] = value
            if name.endswith("_paise") and isinstance(value, int):
                fill[name.removesuffix("_paise")] = self.money(value)
        if "account" in refusal.facts:
            fill["account"] = spoken_digits(refusal.facts["account"])
        return template.format_map(_Blank(fill))
