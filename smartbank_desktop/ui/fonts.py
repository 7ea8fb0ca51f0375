"""The app's typefaces: Atkinson Hyperlegible for Latin script, Noto Sans Devanagari for Hindi (both OFL,
from their PyPI packages), registered with Qt once; Qt takes each character from the first family that has it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from smartbank_desktop.ui.theme import DEVANAGARI_FAMILY, LATIN_FAMILY


def _font_files() -> list[Path]:
    import fontpkg_atkinson_hyperlegible
    import fontpkg_noto_sans_devanagari

    files = []
    for package in (fontpkg_atkinson_hyperlegible, fontpkg_noto_sans_devanagari):
        files += sorted((Path(package.__file__).parent / "files").glob("*.ttf"))
    return files


@cache
def register() -> tuple[str, ...]:
    """Register the bundled fonts with Qt (needs a QGuiApplication); the families now available."""
    families: list[str] = []
    for path in _font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        families += QFontDatabase.applicationFontFamilies(font_id)
    return tuple(dict.fromkeys(families))


def app_font(point_size: int = 22) -> QFont:
    font = QFont()
    font.setFamilies([LATIN_FAMILY, DEVANAGARI_FAMILY])
    font.setPointSize(point_size)
    return font
