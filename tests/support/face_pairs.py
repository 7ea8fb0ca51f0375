"""The labelled face pairs (tests/data/faces_pairs) scored clean and through each webcam degradation.

Each pair is scored both ways round: the clean photo of one side as the
enrolled face, a degraded copy of the other as the sign-in frame. A frame in
which the engine finds no single face scores ``MISSED`` (a false reject when
the pair is the same person, never a false accept)."""

from __future__ import annotations

from pathlib import Path

from tests.support import degrade

PAIRS_DIR = Path(__file__).resolve().parent.parent / "data" / "faces_pairs"
MISSED = 9.9
CONDITIONS = {"clean": lambda image: image, **degrade.FRAME_DEGRADATIONS}


def labelled_pairs() -> list[tuple[str, str, bool]]:
    """(photo A, photo B, same person) from pairs.tsv."""
    rows = [line.split("\t") for line in (PAIRS_DIR / "pairs.tsv").read_text().splitlines() if line.strip()]
    return [(a, b, same.strip() == "1") for a, b, same in rows]


def scores_by_condition(engine) -> dict[str, tuple[list[float], list[float]]]:
    """condition -> (genuine distances, impostor distances) over every pair, both ways round."""
    from smartbank_desktop.biometrics import images
    from smartbank_desktop.biometrics.face import face_distance

    pairs = labelled_pairs()
    photos = sorted({photo for a, b, _ in pairs for photo in (a, b)})
    work = {p: images.fit_to_work_size(images.load_image(PAIRS_DIR / p))[0] for p in photos}
    references = {p: engine.read(work[p]).encoding for p in photos}
    scores = {}
    for condition, degradation in CONDITIONS.items():
        probes = {p: engine.read(degradation(work[p])) for p in photos}
        genuine, impostor = [], []
        for a, b, same in pairs:
            for enrolled, probe in ((a, b), (b, a)):
                reading = probes[probe]
                distance = face_distance(references[enrolled], reading.encoding) if reading.faces == 1 else MISSED
                (genuine if same else impostor).append(distance)
        scores[condition] = (genuine, impostor)
    return scores
