"""Paths of the test media used by the biometrics tests (see tests/data/*/ATTRIBUTION.md)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
FACES = DATA / "faces"
SPEECH = DATA / "speech"

OBAMA = sorted((FACES / "obama").glob("*.jpg"))
BIDEN = sorted((FACES / "biden").glob("*.jpg"))
COLLINS = FACES / "eileen_collins" / "astronaut.png"
GROUP = FACES / "group" / "obama_and_biden.jpg"
SINGLE_FACE_PHOTOS = OBAMA + BIDEN + [COLLINS]

LIBRISPEECH = SPEECH / "librispeech"
ESPEAK = sorted((SPEECH / "espeak").glob("*.wav"))


def person_of(path: Path) -> str:
    return path.parent.name


def speaker_clips() -> dict[str, list[Path]]:
    """LibriSpeech speaker id -> that speaker's ten utterances, sorted."""
    return {d.name: sorted(d.glob("*.flac")) for d in sorted(LIBRISPEECH.iterdir()) if d.is_dir()}
