"""Error rates of a verifier from its genuine and impostor scores."""

from __future__ import annotations

import numpy as np


def error_rates(genuine, impostor, threshold: float, higher_is_same: bool = True) -> tuple[float, float]:
    """(false accept rate, false reject rate) at `threshold`."""
    genuine, impostor = np.asarray(genuine, float), np.asarray(impostor, float)
    if higher_is_same:
        return float(np.mean(impostor >= threshold)), float(np.mean(genuine < threshold))
    return float(np.mean(impostor <= threshold)), float(np.mean(genuine > threshold))


def equal_error_rate(genuine, impostor, higher_is_same: bool = True) -> tuple[float, float]:
    """(EER, threshold where false accepts and false rejects are closest)."""
    candidates = np.unique(np.concatenate([np.asarray(genuine, float), np.asarray(impostor, float)]))
    best = min(candidates, key=lambda t: abs(np.subtract(*error_rates(genuine, impostor, t, higher_is_same))))
    far, frr = error_rates(genuine, impostor, best, higher_is_same)
    return (far + frr) / 2, float(best)


def threshold_for_far(impostor, target_far: float = 0.01, higher_is_same: bool = True) -> float:
    """The laxest threshold whose false accept rate on these impostors is at most `target_far`."""
    scores = np.sort(np.asarray(impostor, float))
    if not higher_is_same:
        scores = -scores[::-1]
    allowed = int(np.floor(target_far * len(scores)))  # impostors that may pass
    cut = np.nextafter(scores[len(scores) - allowed - 1], np.inf)
    return float(cut if higher_is_same else -cut)


def chance_floor(measured_rate: float, n: int, risk: float = 1e-3) -> int:
    """The most successes of `n` that a recognizer right `measured_rate` of the time falls below with chance < `risk`.

    A floor for a freshly drawn corpus: asserting at least this many fails on a real regression
    (a broken model or dictionary gives almost nothing) and by bad luck less than once in 1/`risk` runs.
    """
    from math import comb

    below = 0.0  # P(X < floor)
    for floor in range(n + 1):
        below_next = below + comb(n, floor) * measured_rate ** floor * (1 - measured_rate) ** (n - floor)
        if below_next >= risk:
            return floor
        below = below_next
    return n
