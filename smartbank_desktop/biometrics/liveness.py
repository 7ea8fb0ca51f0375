"""Liveness from a burst of frames (2-3 s): a blink, or a head turn, measured against the session itself.

Signals come from dlib's 5-point shape model (eye corners and nose tip), whose
training data allows commercial use; the 68-point model's eyelid points are
not used because that model's training data (iBUG 300-W) excludes commercial
use. Eye openness is measured in pixels: how tall the dark iris/pupil band is
in a box between the eye corners, relative to the eye's width, with the cheek
just below as the skin reference. Open eyes differ between people, cameras and
rooms (measured on the test photos: 0.28 to 0.46), so a blink is a dip below
60% of this burst's own open-eye level (its 75th percentile), with open eyes
before and after it. A head turn is the nose tip moving sideways relative to
the eyes (in eye-distance units) from where it started: a flat photo turned or
slid in front of the camera keeps that ratio, a real head does not.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

import cv2
import numpy as np

from smartbank_desktop.biometrics import images
from smartbank_desktop.biometrics.face import FaceEngine, load_models

CHALLENGES = ("blink", "turn_left", "turn_right")
MIN_FRAMES = 6
MIN_FACE_SHARE = 0.6  # of the frames must show the face
BASELINE_PERCENTILE = 75  # the burst's open-eye level
CLOSED_RATIO = 0.6  # below this share of the open-eye level the eyes count as closed
REOPENED_RATIO = 0.8  # open again: at or above this share
MAX_CLOSED_SHARE = 0.6  # eyes closed for most of the burst is not a blink
MIN_OPEN_EYE = 0.08  # below this the eyes cannot be seen well enough to judge
# Nose shift, in eye distances, held for TURN_FRAMES frames, that counts as a head turn. Measured on
# bursts built from the test photos: turns of 30 degrees 0.07-0.24; a flat photo turned or held still
# 0.05 at most (a partly hidden face reached 0.11: its landmarks are unsteady).
TURN_DELTA = 0.07
TURN_FRAMES = 3
STILL_PIXEL_CHANGE = 0.3  # mean grey-level change between frames below which nothing moved

NO_FACE = "We could not see your face during the check. Please look at the camera."
FROZEN = "The camera picture did not change. Please use the live camera."
NO_BLINK = "We did not see you blink. Please blink once when asked."
EYES_UNCLEAR = "We cannot see your eyes clearly. Please remove dark glasses and face the light."
NO_TURN = "We did not see your head turn. Please turn your head slowly when asked."
WRONG_WAY = "Your head turned the other way. Please try again."


def random_challenge(rng: random.Random | None = None) -> str:
    """What to ask the customer to do; the server picks it, so a recording cannot be prepared."""
    return (rng or random.SystemRandom()).choice(CHALLENGES)


@dataclass
class FrameSignals:
    found: bool
    eye_openness: float | None = None
    yaw: float | None = None  # nose offset from the eyes' midpoint, in eye distances; + is image right
    sharpness: float = 0.0
    grey: np.ndarray | None = field(default=None, repr=False)


@dataclass
class LivenessResult:
    live: bool
    challenge: str
    reason: str | None = None
    best_frame: int | None = None  # the sharpest frame with open eyes, for face verification
    openness: list = field(default_factory=list)
    yaw: list = field(default_factory=list)


def eye_openness(grey: np.ndarray, landmarks: np.ndarray) -> float:
    """Mean over both eyes of the dark (iris) band's height in the eye box, over the eye's width."""
    heights = []
    for corners in (landmarks[0:2], landmarks[2:4]):
        (x1, y1), (x2, y2) = corners
        width = float(np.hypot(x2 - x1, y2 - y1))
        if width < 6:
            return 0.0
        centre = ((x1 + x2) / 2, (y1 + y2) / 2)
        angle = np.degrees(np.arctan2(y2 - y1, x2 - x1))
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        # Level the eye, then cut the eye box and the cheek below it at a fixed size.
        rotation = cv2.getRotationMatrix2D(centre, angle, 48.0 / width)
        rotation[0, 2] += 32 - centre[0]
        rotation[1, 2] += 40 - centre[1]
        patch = cv2.warpAffine(grey, rotation, (64, 80), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        eye_box = patch[40 - 17:40 + 17, 32 - 20:32 + 20].astype(np.float32)
        cheek = patch[40 + 22:40 + 34, 32 - 16:32 + 16].astype(np.float32)
        skin = float(np.median(cheek))
        darkest = float(np.percentile(eye_box, 2))
        if skin - darkest < 8:
            heights.append(0.0)
            continue
        dark = eye_box < darkest + 0.45 * (skin - darkest)
        columns = dark[:, 8:32].sum(axis=0)  # the middle of the eye, where the iris sits
        heights.append(float(np.percentile(columns, 75)) / 48.0)
    return float(np.mean(heights))


def head_yaw(landmarks: np.ndarray) -> float:
    eye_a, eye_b = landmarks[0:2].mean(axis=0), landmarks[2:4].mean(axis=0)
    distance = float(np.linalg.norm(eye_a - eye_b)) or 1.0
    return float((landmarks[4][0] - (eye_a[0] + eye_b[0]) / 2) / distance)


class LivenessChecker:
    def __init__(self, engine: FaceEngine | None = None):
        self.engine = engine or FaceEngine()

    def frame_signals(self, frame) -> FrameSignals:
        image, _ = images.fit_to_work_size(images.load_image(frame))
        grey_frame = images.grey(image).astype(np.float32)  # kept whole: a blink is a small change
        rects, _, source = self.engine.detect(image)
        if len(rects) != 1:
            return FrameSignals(False, grey=grey_frame)
        shape = load_models()["shape"](source, rects[0])
        landmarks = np.array([[p.x, p.y] for p in shape.parts()], dtype=np.float64)
        grey = images.grey(source)
        face = images.crop(grey, (rects[0].top(), rects[0].right(), rects[0].bottom(), rects[0].left()))
        return FrameSignals(
            True,
            eye_openness=eye_openness(grey, landmarks),
            yaw=head_yaw(landmarks),
            sharpness=images.sharpness(face) if face.size else 0.0,
            grey=grey_frame,
        )

    def signals(self, frames) -> list[FrameSignals]:
        return [self.frame_signals(f) for f in frames]

    def check(self, frames, challenge: str = "blink") -> LivenessResult:
        """Did the burst of frames show the challenge done by a live face?"""
        if challenge not in CHALLENGES:
            raise ValueError(f"unknown challenge {challenge!r}")
        return self.decide(self.signals(frames), challenge)

    def decide(self, signals: list[FrameSignals], challenge: str) -> LivenessResult:
        """The verdict from per-frame signals already measured (see `signals`)."""
        if challenge not in CHALLENGES:
            raise ValueError(f"unknown challenge {challenge!r}")
        result = LivenessResult(False, challenge)
        seen = [s for s in signals if s.found]
        result.openness = [s.eye_openness for s in signals]
        result.yaw = [s.yaw for s in signals]
        if len(signals) < MIN_FRAMES or len(seen) < MIN_FACE_SHARE * len(signals):
            result.reason = NO_FACE
            return result
        changes = [
            float(np.abs(a.grey - b.grey).mean()) if a.grey.shape == b.grey.shape else 255.0
            for a, b in itertools.pairwise(signals)
        ]
        if max(changes) < STILL_PIXEL_CHANGE:
            result.reason = FROZEN
            return result
        if challenge == "blink":
            result.live, result.reason = self._blinked([s.eye_openness if s.found else None for s in signals])
        else:
            result.live, result.reason = self._turned([s.yaw if s.found else None for s in signals], challenge)
        open_level = np.percentile([s.eye_openness for s in seen], BASELINE_PERCENTILE)
        candidates = [i for i, s in enumerate(signals) if s.found and s.eye_openness >= REOPENED_RATIO * open_level]
        if candidates:
            result.best_frame = max(candidates, key=lambda i: signals[i].sharpness)
        return result

    @staticmethod
    def _blinked(openness: list) -> tuple[bool, str | None]:
        values = np.array([v for v in openness if v is not None])
        baseline = float(np.percentile(values, BASELINE_PERCENTILE))
        if baseline < MIN_OPEN_EYE:
            return False, EYES_UNCLEAR
        state = ["?" if v is None else "c" if v < CLOSED_RATIO * baseline else "o" if v >= REOPENED_RATIO * baseline else "-"
                 for v in openness]
        if state.count("c") > MAX_CLOSED_SHARE * len(values):
            return False, NO_BLINK
        # A blink: open, then closed (maybe through half-closed frames), then open again.
        text = "".join(s for s in state if s != "?")
        first_closed = text.find("c")
        if first_closed > 0 and "o" in text[:first_closed] and "o" in text[text.rfind("c"):]:
            return True, None
        return False, NO_BLINK

    @staticmethod
    def _turned(yaws: list, challenge: str) -> tuple[bool, str | None]:
        values = [v for v in yaws if v is not None]
        start = float(np.median(values[:3]))
        shifts = np.array(values) - start
        wanted = 1.0 if challenge == "turn_left" else -1.0  # frames as the camera sees them, not mirrored
        if len(shifts) < TURN_FRAMES:
            return False, NO_TURN

        def held(direction: float) -> float:  # the shift kept for TURN_FRAMES frames, not a one-frame jitter
            return float(np.sort(shifts * direction)[-TURN_FRAMES])

        if held(wanted) >= TURN_DELTA:
            return True, None
        if held(-wanted) >= TURN_DELTA:
            return False, WRONG_WAY
        return False, NO_TURN
