"""``smartbank face compare`` and ``smartbank speaker compare``: one JSON line per pair.

Models load once per call. Each command exits 0 when it ran, whatever the
verdict, and 2 with a plain message on bad input (missing file, not an image,
not audio).
"""

from __future__ import annotations

import json
import time
from pathlib import Path


def register(subparsers) -> None:
    face = subparsers.add_parser("face", help="face verification tools")
    face_commands = face.add_subparsers(dest="face_command", metavar="ACTION")
    face_commands.required = True
    compare = face_commands.add_parser("compare", help="compare the faces in two images")
    compare.add_argument("a", nargs="?", help="first image (JPEG or PNG)")
    compare.add_argument("b", nargs="?", help="second image")
    compare.add_argument("--pairs", help="a file of A<TAB>B lines, compared one by one")
    compare.add_argument("--threshold", type=float, help="distance at or below which faces match")
    compare.add_argument("--json", action="store_true", help="one JSON object per pair")
    compare.set_defaults(handler=face_compare)

    speaker = subparsers.add_parser("speaker", help="speaker verification tools")
    speaker_commands = speaker.add_subparsers(dest="speaker_command", metavar="ACTION")
    speaker_commands.required = True
    compare = speaker_commands.add_parser("compare", help="is TEST spoken by the person of the ENROL recordings?")
    compare.add_argument("enrol", nargs="?", help="enrolment recordings, comma-separated (WAV or FLAC)")
    compare.add_argument("test", nargs="?", help="the recording to verify")
    compare.add_argument("--pairs", help="a file of ENROL1,ENROL2,...<TAB>TEST lines")
    compare.add_argument("--cohort", help="other people's recordings (a folder, or a .npy of embeddings) to "
                         "normalise scores with, instead of the built-in cohort; set --threshold to suit it")
    compare.add_argument("--encoder", default="resemblyzer", choices=["resemblyzer", "ecapa"])
    compare.add_argument("--threshold", type=float, help="score at or above which the voices match")
    compare.add_argument("--json", action="store_true", help="one JSON object per pair")
    compare.set_defaults(handler=speaker_compare)


def _user_error(message: str) -> Exception:
    from smartbank_desktop.core.console import UserError

    return UserError(message)


def _read_pairs(args) -> list[tuple[str, str]]:
    if args.pairs:
        path = Path(args.pairs)
        if not path.is_file():
            raise _user_error(f"No such pairs file: {path}")
        pairs = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 2 or not all(f.strip() for f in fields):
                raise _user_error(f"{path}, line {number}: expected two file names separated by a tab")
            pairs.append((fields[0].strip(), fields[1].strip()))
        return pairs
    first, second = (args.a, args.b) if hasattr(args, "a") else (args.enrol, args.test)
    if not first or not second:
        raise _user_error("Give two files to compare, or --pairs FILE.")
    return [(first, second)]


def _check_files(paths) -> None:
    for path in paths:
        if not Path(path).is_file():
            raise _user_error(f"No such file: {path}")


def _emit(result: dict, as_json: bool, verdict_text: str) -> None:
    print(json.dumps(result) if as_json else verdict_text, flush=True)


def face_compare(args) -> int:
    pairs = _read_pairs(args)
    _check_files(p for pair in pairs for p in pair)
    import warnings

    from smartbank_desktop.biometrics import BiometricError
    from smartbank_desktop.biometrics.face import (
        MATCH_THRESHOLD,
        FaceEngine,
        load_models,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        engine = FaceEngine(threshold=MATCH_THRESHOLD if args.threshold is None else args.threshold)
        load_models()  # once, outside the per-pair timing
        for a, b in pairs:
            started = time.perf_counter()
            try:
                distance, match, faces = engine.compare(a, b)
            except BiometricError as exc:
                raise _user_error(f"{exc} ({a} / {b})") from exc
            ms = round((time.perf_counter() - started) * 1000, 1)
            result = {"a": a, "b": b, "distance": None if distance is None else round(distance, 4),
                      "match": match, "faces": faces, "ms": ms}
            text = f"{a}  {b}  " + (f"distance {distance:.3f}: {'match' if match else 'no match'}"
                                    if distance is not None else f"no single face to compare (faces: {faces})")
            _emit(result, args.json, text)
    return 0


def speaker_compare(args) -> int:
    pairs = [(enrol.split(","), test) for enrol, test in _read_pairs(args)]
    for enrol, test in pairs:
        if any(not e.strip() for e in enrol):
            raise _user_error("An empty name in the enrolment list.")
        _check_files(enrol + [test])
    from smartbank_desktop.biometrics import BiometricError
    from smartbank_desktop.biometrics.speaker import SpeakerVerifier, load_cohort

    try:
        verifier = SpeakerVerifier.create(args.encoder, threshold=args.threshold)
        if args.cohort:
            verifier.set_cohort(load_cohort(verifier.encoder, args.cohort))
        import numpy as np

        # The first embedding in a process loads compiled code: keep it out of the per-pair timing.
        verifier.encoder.embed(np.random.default_rng(0).normal(0, 0.1, verifier.encoder.sample_rate).astype(np.float32))
        embeddings: dict[str, object] = {}  # a pairs file often repeats the same enrolment files

        def embed(path: str):
            if path not in embeddings:
                try:
                    embeddings[path] = verifier.embed(path)
                except BiometricError as exc:
                    raise _user_error(f"{path}: {exc}") from exc
            return embeddings[path]

        for enrol, test in pairs:
            started = time.perf_counter()
            template = verifier.enrol([embed(path) for path in enrol])
            verdict = verifier.verify(template, embed(test))
            ms = round((time.perf_counter() - started) * 1000, 1)
            result = {"enrol": enrol, "test": test, "score": round(verdict.score, 4), "match": verdict.match, "ms": ms}
            _emit(result, args.json, f"{test}: score {verdict.score:.3f}, {'match' if verdict.match else 'no match'}")
    except BiometricError as exc:
        raise _user_error(str(exc)) from exc
    return 0
