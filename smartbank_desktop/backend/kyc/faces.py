"""The face step of an assessment: the photo on the card against the selfie.

:func:`assess <.engine.assess>` takes any :data:`FaceMatcher`;
:func:`matcher_over` builds the real one over a biometrics ``FaceEngine``. Its
:class:`FaceComparison` carries the threshold the verdict used (staff read
"same person below 0.56") and where each face is, as fractions of its
picture, so staff pages can show the two faces side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Box = tuple[float, float, float, float]  # left, top, right, bottom as fractions of the picture


@dataclass(frozen=True)
class FaceComparison:
    distance: float | None  # None when either picture had not exactly one usable face
    match: bool
    faces: tuple[int, int]  # faces found on the card, on the selfie
    threshold: float  # the same person when the distance is at most this
    card_box: Box | None = None
    selfie_box: Box | None = None


FaceMatcher = Callable[[np.ndarray, bytes], FaceComparison]


def matcher_over(engine) -> FaceMatcher:
    """The face step over ``engine`` (a ``biometrics.face.FaceEngine``: its ``read`` and ``threshold``)."""
    from smartbank_desktop.biometrics.face import face_distance

    def compare(card_page: np.ndarray, selfie: bytes) -> FaceComparison:
        card, own = engine.read(card_page), engine.read(selfie)
        found = {"faces": (card.faces, own.faces), "threshold": engine.threshold,
                 "card_box": _fraction(card), "selfie_box": _fraction(own)}
        if card.encoding is None or own.encoding is None:
            return FaceComparison(None, False, **found)
        distance = face_distance(card.encoding, own.encoding)
        return FaceComparison(distance, distance <= engine.threshold, **found)

    return compare


def _fraction(reading) -> Box | None:
    """The reading's face box (top, right, bottom, left at working size) as fractions of the picture."""
    if reading.box is None or reading.image is None:
        return None
    top, right, bottom, left = reading.box
    height, width = reading.image.shape[:2]
    return (round(max(0, left) / width, 4), round(max(0, top) / height, 4), round(min(width, right) / width, 4),
            round(min(height, bottom) / height, 4))
