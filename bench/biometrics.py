"""Face and speaker verification: speed, memory and error rates on the project's test media.

Face: ms per verification attempt on a 640x480 frame (detection, checks,
encoding, comparison), dlib model load time, liveness ms per 15-frame burst,
and false accept / false reject rates on every pair of the test photos, clean
and degraded (small, dark, blurred, JPEG), for this project's pipeline and for
face_recognition's defaults; liveness on blink / head-turn / still / flat-photo
bursts built from the photos (tests/support/bursts.py). Speaker: Resemblyzer load time, ms per 3 s clip,
and FAR/FRR/EER on LibriSpeech (3-utterance enrolments, 3 s test clips) clean
and through cheap-microphone channels, raw and cohort-normalised, plus the
highest score an espeak-ng voice reached; and on nine speakers (five LibriSpeech readers,
four digit speakers never used to set the threshold) through clean, telephone-band and
babble channels at 20 and 10 dB, false accepts per impostor class (another person,
an espeak-ng voice), false rejects and EER. Prints one JSON object.

    python bench/biometrics.py [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import resource
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test media and the burst builders of the tests

from tests.support import bursts

FACES = ROOT / "tests" / "data" / "faces"
SPEECH = ROOT / "tests" / "data" / "speech"


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(fn, *args):
    started = time.perf_counter()
    value = fn(*args)
    return value, (time.perf_counter() - started) * 1000


def summary_ms(values) -> dict:
    values = sorted(values)
    return {"median": round(statistics.median(values), 1), "p90": round(values[int(0.9 * (len(values) - 1))], 1),
            "n": len(values)}


def face_bench(quick: bool) -> dict:
    from smartbank_desktop.biometrics import images
    from smartbank_desktop.biometrics.face import (
        MATCH_THRESHOLD,
        FaceEngine,
        face_distance,
        load_models,
    )
    from smartbank_desktop.biometrics.liveness import LivenessChecker
    from tests.support import degrade
    from tests.support.metrics import error_rates

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, load_ms = timed(load_models)
    photos = sorted(p for p in FACES.glob("*/*") if p.suffix in (".jpg", ".png") and p.parent.name != "group")
    person = {p: p.parent.name for p in photos}
    work = {p: images.fit_to_work_size(images.load_image(p))[0] for p in photos}

    def frame_640x480(image):
        canvas = np.full((480, 640, 3), 120, np.uint8)
        h, w = image.shape[:2]
        top, left = (480 - h) // 2, (640 - w) // 2
        canvas[top:top + h, left:left + w] = image
        return canvas

    robust, plain = FaceEngine(), FaceEngine(robust=False, check_quality=False)
    template = robust.enrol([work[p] for p in photos if p.name in ("obama.jpg", "obama2.jpg", "obama3.jpg")])
    attempt_ms = []
    for _ in range(1 if quick else 3):
        for p in photos:
            _, ms = timed(robust.verify, template, frame_640x480(work[p]))
            attempt_ms.append(ms)

    conditions = {"clean": lambda image: image, **degrade.FRAME_DEGRADATIONS}
    rates = {}
    for pipeline_name, engine in (("smartbank", FaceEngine(check_quality=False)), ("face_recognition_default", plain)):
        references = {p: engine.read(work[p]).encoding for p in photos}
        per_condition = {}
        for condition, degradation in conditions.items():
            probes = {p: engine.read(degradation(work[p])) for p in photos}
            genuine, impostor, missed = [], [], 0
            for a, b in itertools.permutations(photos, 2):
                probe = probes[b].encoding if probes[b].faces == 1 else None
                if probe is None:
                    missed += person[a] == person[b]
                    (genuine if person[a] == person[b] else impostor).append(9.9)
                    continue
                (genuine if person[a] == person[b] else impostor).append(face_distance(references[a], probe))
            far, frr = error_rates(genuine, impostor, MATCH_THRESHOLD, higher_is_same=False)
            found = [g for g in genuine if g < 9]
            per_condition[condition] = {
                "FAR": round(far, 4), "FRR": round(frr, 4), "genuine_pairs": len(genuine),
                "impostor_pairs": len(impostor), "genuine_pairs_without_face": missed,
                "genuine_distance_max": round(max(found), 3) if found else None,
                "impostor_distance_min": round(min(i for i in impostor if i < 9), 3),
            }
        rates[pipeline_name] = per_condition

    checker = LivenessChecker(robust)
    held_out = labelled_pairs_bench(FaceEngine(check_quality=False), MATCH_THRESHOLD)
    burst = bursts.still_burst(frame_640x480(work[FACES / "obama" / "obama.jpg"]))
    _, liveness_ms = timed(checker.check, burst, "blink")
    liveness = {"photos": len(photos), "blink_passed": 0, "still_photo_passed_blink": 0, "turn_passed": 0,
                "turn_bursts": 0, "flat_photo_turned_passed": 0, "flat_bursts": 0}
    for p in photos:
        image, landmarks = work[p], robust.read(work[p]).landmarks
        liveness["blink_passed"] += checker.check(bursts.blink_burst(image, landmarks), "blink").live
        liveness["still_photo_passed_blink"] += checker.check(bursts.still_burst(image), "blink").live
        for direction, challenge in ((1.0, "turn_left"), (-1.0, "turn_right")):
            liveness["turn_bursts"] += 1
            liveness["turn_passed"] += checker.check(bursts.head_turn_burst(image, landmarks, direction), challenge).live
            flat = checker.signals(bursts.flat_turn_burst(image, landmarks, direction))
            for asked in ("turn_left", "turn_right"):
                liveness["flat_bursts"] += 1
                liveness["flat_photo_turned_passed"] += checker.decide(flat, asked).live
    return {
        "threshold": MATCH_THRESHOLD, "model_load_ms": round(load_ms, 1),
        "verify_ms_per_attempt_640x480": summary_ms(attempt_ms),
        "liveness_ms_per_15_frame_burst_640x480": round(liveness_ms, 1),
        "liveness_on_bursts_built_from_the_photos": liveness,
        "photos": len(photos), "people": len(set(person.values())), "rates": rates,
        "labelled_pairs": held_out,
    }


def labelled_pairs_bench(engine, threshold: float) -> dict:
    """tests/data/faces_pairs (about a dozen people): false accepts and rejects per condition at the
    threshold, and over all conditions together along a range of thresholds (the curve it sits on)."""
    from tests.support.face_pairs import scores_by_condition

    scores = scores_by_condition(engine)

    def counts(genuine, impostor, at):
        return {"false_rejects": sum(d > at for d in genuine), "genuine_pairs": len(genuine),
                "false_accepts": sum(d <= at for d in impostor), "impostor_pairs": len(impostor)}

    every_genuine = [d for genuine, _ in scores.values() for d in genuine]
    every_impostor = [d for _, impostor in scores.values() for d in impostor]
    return {
        "at_threshold": {condition: {**counts(genuine, impostor, threshold),
                                     "impostor_distance_min": round(min(impostor), 3)}
                         for condition, (genuine, impostor) in scores.items()},
        "all_conditions": counts(every_genuine, every_impostor, threshold),
        "curve": [{"threshold": at, **counts(every_genuine, every_impostor, at)}
                  for at in (0.50, 0.52, 0.54, 0.56, 0.58, 0.60, 0.62)],
    }


def speaker_bench(quick: bool) -> dict:
    from smartbank_desktop.biometrics.speaker import (
        RAW_THRESHOLD,
        SpeakerTemplate,
        SpeakerVerifier,
        load_audio,
    )
    from tests.support import degrade
    from tests.support.metrics import (
        equal_error_rate,
        error_rates,
        threshold_for_far,
    )

    verifier, load_ms = timed(SpeakerVerifier.create)
    verifier.encoder.embed(np.random.default_rng(0).normal(0, 0.1, 32000).astype(np.float32))  # numba warm-up
    speakers = {d.name: sorted(d.glob("*.flac")) for d in sorted((SPEECH / "librispeech").iterdir()) if d.is_dir()}
    channels = {
        "clean": lambda a, s: a,
        "noise_15dB": lambda a, s: degrade.add_noise(a, 15, s),
        "telephone_noise_15dB": lambda a, s: degrade.cheap_microphone(a, snr_db=15, seed=s),
        "telephone_noise_10dB": lambda a, s: degrade.cheap_microphone(a, snr_db=10, seed=s),
    }
    # (enrolment channel, test channel): same microphone for both, plus one mismatch.
    trials = [("clean", "clean"), ("telephone_noise_15dB", "telephone_noise_15dB"),
              ("telephone_noise_10dB", "telephone_noise_10dB"), ("clean", "noise_15dB")]
    if quick:
        trials = trials[:2]
    enrol_sets = [(0, 1, 2)] if quick else [(0, 1, 2), (3, 4, 5)]
    needed = {c for pair in trials for c in pair}
    audio = {p: load_audio(p) for clips in speakers.values() for p in clips}
    clip_ms, test_embeddings, enrol_embeddings = [], {}, {}
    for seed, (path, wave) in enumerate(audio.items()):
        for channel in needed:
            clip = channels[channel](wave[8000:56000], seed)
            if any(channel == t for _, t in trials):
                embedding, ms = timed(verifier.embed, clip)
                clip_ms.append(ms)
                test_embeddings[(path, channel)] = embedding
            if any(channel == e for e, _ in trials) and int(path.stem[-1]) < 3 * len(enrol_sets):
                enrol_embeddings[(path, channel)] = verifier.embed(channels[channel](wave, seed))
    results = {}
    for enrol_channel, test_channel in trials:
        scores = {"raw": ([], []), "cohort_normalised": ([], [])}
        for who, clips in speakers.items():
            for chosen in enrol_sets:
                template = verifier.enrol([enrol_embeddings[(clips[i], enrol_channel)] for i in chosen])
                for other, other_clips in speakers.items():
                    for index, clip in enumerate(other_clips):
                        if other == who and index in chosen:
                            continue
                        normalised, raw = verifier.score(template, test_embeddings[(clip, test_channel)])
                        for name, value in (("raw", raw), ("cohort_normalised", normalised)):
                            scores[name][0 if other == who else 1].append(value)
        entry = {}
        for name, (genuine, impostor) in scores.items():
            threshold = RAW_THRESHOLD if name == "raw" else verifier.threshold
            far, frr = error_rates(genuine, impostor, threshold)
            eer, eer_threshold = equal_error_rate(genuine, impostor)
            entry[name] = {"threshold": threshold, "FAR": round(far, 4), "FRR": round(frr, 4), "EER": round(eer, 4),
                           "EER_threshold": round(eer_threshold, 3),
                           "threshold_for_FAR_1pct": round(threshold_for_far(impostor, 0.01), 3),
                           "genuine_trials": len(genuine), "impostor_trials": len(impostor)}
        results[f"enrol_{enrol_channel}__test_{test_channel}"] = entry

    espeak_scores = []
    for who, clips in speakers.items():
        template = verifier.enrol([enrol_embeddings[(clips[i], "clean")] for i in (0, 1, 2)])
        for voice in sorted((SPEECH / "espeak").glob("*.wav")):
            espeak_scores.append(verifier.verify(template, voice).score)
    three_second = load_audio(speakers["1688"][4])[8000:56000]
    template = SpeakerTemplate(test_embeddings[(speakers["1688"][0], "clean")], 1, verifier.encoder.name)
    verify_ms = [timed(verifier.verify, template, three_second)[1] for _ in range(20)]
    return {
        "encoder": verifier.encoder.name, "model_load_ms": round(load_ms, 1),
        "threshold_cohort_normalised": verifier.threshold, "threshold_raw": RAW_THRESHOLD,
        "cohort_size": 0 if verifier.cohort is None else len(verifier.cohort),
        "embed_ms_per_3s_clip": summary_ms(clip_ms), "verify_ms_per_3s_clip": summary_ms(verify_ms),
        "speakers": len(speakers), "rates": results,
        "espeak_best_score": round(max(espeak_scores), 3), "espeak_accepted": sum(s >= verifier.threshold for s in espeak_scores),
        "espeak_trials": len(espeak_scores),
    }


def nine_speakers_bench() -> dict:
    """Every channel and impostor class on the nine speakers of tests/support/speaker_trials.py: all of them,
    the LibriSpeech readers the threshold was set on, and the four digit speakers it never saw."""
    from smartbank_desktop.biometrics.speaker import SpeakerVerifier
    from tests.support import speaker_trials

    verifier = SpeakerVerifier.create()
    material = speaker_trials.speaker_material()
    groups = {"all_nine": None,
              "librispeech_readers": {w for w, m in material.items() if m.kind == "librispeech"},
              "held_out_digit_speakers": {w for w, m in material.items() if m.kind == "digits"}}
    embedded = speaker_trials.embed_channels(verifier, material)
    return {"threshold": verifier.threshold, "channels": {
        channel: {group: speaker_trials.rates(speaker_trials.score(verifier, e, among), verifier.threshold)
                  for group, among in groups.items()}
        for channel, e in embedded.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer conditions and repetitions")
    args = parser.parse_args()
    report = {"machine": {"python": sys.version.split()[0], "platform": platform.platform(),
                          "cpus": __import__("os").cpu_count()}}
    report["face"] = face_bench(args.quick)
    report["rss_mb_after_face"] = rss_mb()
    report["speaker"] = speaker_bench(args.quick)
    report["speaker_nine_speakers"] = nine_speakers_bench()
    report["rss_mb_after_both"] = rss_mb()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
