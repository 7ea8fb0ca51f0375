"""The customer's display and speech preferences, kept in the data folder (never a secret).

Text size (100-200%), speech pace, language and theme. At a kiosk nothing is
kept: the preferences live for the session only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from smartbank_desktop.core.paths import data_dir
from smartbank_desktop.ui.theme import PALETTES, clamp_scale

FILE_NAME = "preferences.json"
SPEECH_RATES = (115, 130, 145, 160, 175)  # words per minute; 145 is the default, slower than engines' 200


@dataclass(frozen=True)
class Preferences:
    text_scale: float = 1.0
    speech_rate: int = 145
    language: str = "en"
    theme: str = "light"

    def cleaned(self) -> "Preferences":
        """Values from a file someone may have edited, brought back into range."""
        rate = min(SPEECH_RATES, key=lambda r: abs(r - int(self.speech_rate)))
        return replace(self, text_scale=clamp_scale(float(self.text_scale)), speech_rate=rate,
                       language=self.language if self.language in ("en", "hi") else "en",
                       theme=self.theme if self.theme in PALETTES else "light")


def _path() -> Path:
    return data_dir() / FILE_NAME


def load() -> Preferences:
    try:
        raw = json.loads(_path().read_text())
        known = {k: v for k, v in raw.items() if k in Preferences.__dataclass_fields__}
        return Preferences(**known).cleaned()
    except (OSError, ValueError, TypeError):
        return Preferences()


def save(preferences: Preferences) -> None:
    path = _path()
    path.write_text(json.dumps(asdict(preferences), indent=1))
    path.chmod(0o600)
