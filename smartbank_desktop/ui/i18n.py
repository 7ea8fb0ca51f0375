"""The app's words in English and Hindi (``ui/translations/<language>.yaml``), switchable without a restart.

:class:`Words` looks a key up in the current language; screens re-read their
texts when :attr:`Words.changed` fires. What the bank refused is worded by
the voice package's catalogue (the same sentences the assistant speaks).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from PySide6.QtCore import QObject, Signal

from smartbank_desktop.core.refusals import Refusal
from smartbank_desktop.voice.catalogue import Catalogue

LANGUAGES = ("en", "hi")


@cache
def table(language: str) -> dict[str, Any]:
    text = resources.files("smartbank_desktop.ui").joinpath("translations", f"{language}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


class Words(QObject):
    changed = Signal(str)

    def __init__(self, language: str = "en"):
        super().__init__()
        self.language = language
        self.catalogue = Catalogue(language)

    def set_language(self, language: str) -> None:
        if language != self.language:
            self.language = language
            self.catalogue = Catalogue(language)
            self.changed.emit(language)

    def __call__(self, key: str, **fill: Any) -> str:
        value = table(self.language)[key]
        return str(value).format_map(_Blank(fill)) if fill else str(value)

    def known(self, key: str) -> bool:
        """Whether the chosen language has words for ``key`` (for words the bank may or may not have sent)."""
        return key in table(self.language)

    def list(self, key: str) -> Any:
        return table(self.language)[key]

    def money(self, paise: int) -> str:
        return self.catalogue.money(paise)

    def refusal(self, refusal: Refusal) -> str:
        return self.catalogue.refusal(refusal)
