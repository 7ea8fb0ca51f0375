"""Colours, fonts and sizes of the app: two high-contrast themes, text from 100% to 200%.

Contrast is computed (WCAG 2.2's relative luminance), not assumed: every text
colour is paired with the backgrounds it is drawn on in :data:`TEXT_PAIRS`, and
the tests hold each pair to 7:1 (success criterion 1.4.6, AAA). Sizes grow
with the customer's text size: body text 22 pt at 100%, touch targets at
least 72 px (64 px is the house minimum).
"""

from __future__ import annotations

from dataclasses import dataclass

LATIN_FAMILY = "Atkinson Hyperlegible"
DEVANAGARI_FAMILY = "Noto Sans Devanagari"
MIN_SCALE, MAX_SCALE = 1.0, 2.0


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    text: str
    muted: str  # secondary text, still 7:1
    surface: str  # cards and the caption bar
    primary: str  # buttons
    on_primary: str
    confirm: str  # "Yes, send it"
    on_confirm: str
    danger: str  # "Someone asked me to send this", cancel, sign out
    on_danger: str
    focus: str  # the focus ring
    warning_surface: str  # the scam warning's box
    on_warning: str


LIGHT = Palette("light", background="#FFFFFF", text="#000000", muted="#303030", surface="#EDEDED",
                primary="#0B3D91", on_primary="#FFFFFF", confirm="#0B5D1E", on_confirm="#FFFFFF",
                danger="#8A0000", on_danger="#FFFFFF", focus="#B34700", warning_surface="#FFF1B8",
                on_warning="#000000")
DARK = Palette("dark", background="#000000", text="#FFFFFF", muted="#D6D6D6", surface="#1C1C1C",
               primary="#FFD500", on_primary="#000000", confirm="#7CF29A", on_confirm="#000000",
               danger="#FF9C9C", on_danger="#000000", focus="#4FC3FF", warning_surface="#3D3000",
               on_warning="#FFFFFF")
PALETTES = {p.name: p for p in (LIGHT, DARK)}

# Every text colour with every background it appears on.
TEXT_PAIRS = (("text", "background"), ("muted", "background"), ("text", "surface"), ("muted", "surface"),
              ("on_primary", "primary"), ("on_confirm", "confirm"), ("on_danger", "danger"),
              ("on_warning", "warning_surface"))


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of "#RRGGBB"."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    light, dark = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class Sizes:
    """Point sizes and pixel sizes at one text scale."""

    scale: float

    def pt(self, base: float) -> int:
        return round(base * self.scale)

    @property
    def body(self) -> int:
        return self.pt(22)

    @property
    def button(self) -> int:
        return self.pt(24)

    @property
    def title(self) -> int:
        return self.pt(32)

    @property
    def large(self) -> int:
        return self.pt(28)

    @property
    def huge(self) -> int:
        return self.pt(48)

    @property
    def target(self) -> int:
        """Minimum height and width of anything that can be pressed, in pixels (padding and border included)."""
        return round(72 * self.scale)


def clamp_scale(scale: float) -> float:
    return min(MAX_SCALE, max(MIN_SCALE, round(scale, 2)))


def stylesheet(palette: Palette, sizes: Sizes) -> str:
    """The whole app's Qt style sheet for a theme and text size."""
    p, s = palette, sizes
    return f"""
QWidget {{ background: {p.background}; color: {p.text}; font-size: {s.body}pt; }}
QLabel[role="title"] {{ font-size: {s.title}pt; font-weight: bold; }}
QLabel[role="large"] {{ font-size: {s.large}pt; }}
QLabel[role="huge"] {{ font-size: {s.huge}pt; font-weight: bold; }}
QLabel[role="muted"] {{ color: {p.muted}; }}
QLabel[role="message"] {{ background: {p.surface}; padding: 12px; border-radius: 10px; }}
QFrame[role="card"], QFrame[role="captions"] {{ background: {p.surface}; border-radius: 14px; }}
QFrame[role="card"] QLabel, QFrame[role="captions"] QLabel {{ background: {p.surface}; }}
QFrame[role="warning"] {{ background: {p.warning_surface}; border: 3px solid {p.on_warning}; border-radius: 14px; }}
QFrame[role="warning"] QLabel {{ background: {p.warning_surface}; color: {p.on_warning}; }}
QPushButton {{ background: {p.primary}; color: {p.on_primary}; font-size: {s.button}pt; font-weight: bold;
  min-height: {s.target - 24}px; min-width: {s.target - 24}px; padding: 8px 16px; border-radius: 14px;
  border: 4px solid {p.primary}; }}
QPushButton[kind="confirm"] {{ background: {p.confirm}; color: {p.on_confirm}; border-color: {p.confirm}; }}
QPushButton[kind="danger"] {{ background: {p.danger}; color: {p.on_danger}; border-color: {p.danger}; }}
QPushButton[kind="plain"] {{ background: {p.surface}; color: {p.text}; border-color: {p.text}; }}
QPushButton:focus {{ border: 6px solid {p.focus}; }}
QPushButton:disabled {{ background: {p.surface}; color: {p.muted}; border-color: {p.muted}; }}
QPushButton QLabel {{ background: transparent; color: {p.on_primary}; font-size: {s.button}pt; font-weight: bold; }}
QPushButton[kind="confirm"] QLabel {{ color: {p.on_confirm}; }}
QPushButton[kind="danger"] QLabel {{ color: {p.on_danger}; }}
QPushButton[kind="plain"] QLabel {{ color: {p.text}; }}
QPushButton QLabel:disabled {{ color: {p.muted}; }}
QProgressBar {{ border: 2px solid {p.text}; border-radius: 6px; background: {p.background};
  min-height: {round(12 * s.scale)}px; }}
QProgressBar::chunk {{ background: {p.primary}; }}
QLineEdit {{ background: {p.background}; color: {p.text}; min-height: {s.target - 22}px; padding: 2px 10px;
  border: 3px solid {p.text}; border-radius: 8px; }}
QLineEdit:focus {{ border: 5px solid {p.focus}; }}
QLineEdit:read-only {{ background: {p.surface}; }}
QScrollArea {{ border: none; }}
QScrollBar:vertical {{ width: {round(28 * s.scale)}px; background: {p.surface}; }}
QScrollBar::handle:vertical {{ background: {p.text}; min-height: {s.target}px; border-radius: 6px; }}
"""
