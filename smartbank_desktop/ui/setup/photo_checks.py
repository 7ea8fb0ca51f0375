"""Is a photo of the Aadhaar card good enough to send? Sharpness and glare, measured where the card's guide is.

Sharpness is the variance of the Laplacian of the card's area, brought to one
width first so the figure does not depend on the camera's resolution; glare is
the share of that area burnt to white well above the card's own paper (a lamp
or window reflected in a laminated card hides the number). The bank reads the
card again itself; these checks only spare the helper a photo it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from smartbank_desktop.core.file_types import SUFFIXES, media_type

CARD_ASPECT = 85.6 / 54  # ID-1 card, width over height
GUIDE_WIDTH = 0.8  # the guide's share of the picture's width (widgets/camera_view.py draws the same)
INNER_MARGIN = 0.12  # of the guide's width and height, left out on each side
WORK_WIDTH = 800  # pixels across the card's area when measuring
MIN_SHARPNESS = 80.0  # measured: clean cards 250-950 at 480p-720p; print blurred by 1.5 px 42-79, by 2.5 px 10-16
GLARE_LEVEL = 250  # a pixel this bright ...
GLARE_ABOVE_PAPER = 30  # ... and this much brighter than the card's paper is glare
MAX_GLARE = 0.01  # of the card's area (measured: a lamp spot 12% of the card wide covers 2%)


@dataclass(frozen=True)
class PhotoCheck:
    sharpness: float
    glare: float

    @property
    def blurred(self) -> bool:
        return self.sharpness < MIN_SHARPNESS

    @property
    def shiny(self) -> bool:
        return self.glare > MAX_GLARE

    @property
    def problem(self) -> str:
        """"" when the photo may be sent, else "blurred" or "glare" (the words say how to retake it)."""
        return "blurred" if self.blurred else "glare" if self.shiny else ""


def card_area(frame: np.ndarray) -> np.ndarray:
    """The part of the picture inside the card-shaped guide (centred, 80% of the width)."""
    height, width = frame.shape[:2]
    w = width * GUIDE_WIDTH
    h = min(w / CARD_ASPECT, height * 0.95)
    w = min(w, h * CARD_ASPECT)
    left, top = int((width - w) / 2), int((height - h) / 2)
    return frame[top:top + int(h), left:left + int(w)]


def inner(area: np.ndarray, margin: float = INNER_MARGIN) -> np.ndarray:
    """The card's area without its border strip: the card's own edge against the table (sharp even when the
    print is blurred) stays out of the measure."""
    height, width = area.shape[:2]
    dy, dx = int(height * margin), int(width * margin)
    return area[dy:height - dy, dx:width - dx]


def check_card(frame: np.ndarray) -> PhotoCheck:
    """Sharpness and glare of a BGR (or grey) picture's card area."""
    import cv2

    area = inner(card_area(frame))
    grey = cv2.cvtColor(area, cv2.COLOR_BGR2GRAY) if area.ndim == 3 else area
    scale = WORK_WIDTH / grey.shape[1]
    grey = cv2.resize(grey, (WORK_WIDTH, max(1, round(grey.shape[0] * scale))),
                      interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    sharpness = float(cv2.Laplacian(grey, cv2.CV_64F).var())
    paper = float(np.percentile(grey, 60))
    burnt = (grey >= GLARE_LEVEL) & (grey >= paper + GLARE_ABOVE_PAPER)
    return PhotoCheck(sharpness=round(sharpness, 1), glare=round(float(burnt.mean()), 4))


def decode(content: bytes) -> np.ndarray | None:
    """A JPEG or PNG file's pixels (BGR), or None when it is not one."""
    import cv2

    frame = cv2.imdecode(np.frombuffer(content, np.uint8), cv2.IMREAD_COLOR)
    return frame


def kind_of(content: bytes) -> str:
    """".jpg", ".png" or ".pdf" by the file's first bytes (never its name), or "" for anything else."""
    return SUFFIXES.get(media_type(content), "")
