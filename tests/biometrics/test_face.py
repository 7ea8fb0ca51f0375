"""Face checks, enrolment and verification on real photos and degraded copies of them."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from smartbank_desktop.biometrics import BiometricError
from smartbank_desktop.biometrics import face as face_module
from smartbank_desktop.biometrics.face import FaceEngine, face_distance
from tests.biometrics.media import BIDEN, COLLINS, FACES, GROUP, OBAMA, person_of
from tests.support import degrade, face_pairs


def test_same_person_matches_and_others_do_not(face_engine):
    obama = FACES / "obama" / "obama.jpg"
    distance, match, faces = face_engine.compare(obama, FACES / "obama" / "obama2.jpg")
    assert match and distance < 0.45 and faces == [1, 1]
    distance, match, _ = face_engine.compare(obama, FACES / "biden" / "biden.jpg")
    assert not match and distance > 0.7
    distance, match, _ = face_engine.compare(COLLINS, BIDEN[1])
    assert not match and distance > 0.7


def test_threshold_separates_every_clean_pair(face_engine, work_images):
    encodings = {p: face_engine.read(img).encoding for p, img in work_images.items()}
    genuine, impostor = [], []
    for a, b in itertools.combinations(encodings, 2):
        (genuine if person_of(a) == person_of(b) else impostor).append(face_distance(encodings[a], encodings[b]))
    assert max(genuine) < face_module.MATCH_THRESHOLD < min(impostor)


def test_two_people_in_the_frame_are_refused(face_engine):
    reading = face_engine.read(GROUP)
    assert reading.faces == 2 and reading.problem == "Only one person, please."
    assert face_engine.verify(np.zeros(128), GROUP).match is False


def test_no_face_small_face_dark_and_blurred_frames_get_plain_reasons(face_engine, work_images):
    wall = np.full((480, 640, 3), 128, np.uint8)
    assert face_engine.read(wall).problem == face_module.NO_FACE
    obama = work_images[FACES / "obama" / "obama.jpg"]
    far_away = np.full((480, 640, 3), 90, np.uint8)
    tiny = degrade.small_frame(obama, 0.35)
    far_away[:tiny.shape[0], :tiny.shape[1]] = tiny
    assert face_engine.read(far_away).problem == "Please move closer to the camera."
    very_dark = degrade.dark_frame(obama, level=0.05, noise=1.0)
    assert face_engine.read(very_dark).problem == "It is too dark. Please turn on a light or face the window."
    # Sharpness below the limit but still detectable: a heavy blur of a large, clear face.
    smeared = degrade.blurred_frame(work_images[FACES / "obama" / "obama1_knntest.jpg"], 10.0)
    reading = face_engine.read(smeared)
    assert reading.faces == 1 and reading.problem == "The picture is blurred. Please hold still."
    assert face_engine.read(obama).problem is None


def test_enrolment_from_several_frames_accepts_owner_rejects_others(face_engine):
    template = face_engine.enrol([OBAMA[0], OBAMA[1], OBAMA[2]])
    assert template.frames_used == 3
    assert face_engine.verify(template, FACES / "obama" / "obama_small.jpg").match
    verdict = face_engine.verify(template, FACES / "biden" / "biden2.jpg")
    assert not verdict.match and verdict.distance > face_module.MATCH_THRESHOLD
    restored = face_module.FaceTemplate.from_bytes(template.to_bytes())
    assert np.allclose(restored.encoding, template.encoding)


def test_enrolment_refuses_frames_without_a_usable_face(face_engine):
    wall = np.full((480, 640, 3), 128, np.uint8)
    with pytest.raises(BiometricError, match="We need 2 clear pictures"):
        face_engine.enrol([wall, GROUP, OBAMA[0]])


def _false_rejects(engine: FaceEngine, work_images, degradation) -> int:
    """Genuine pairs (clean enrolment photo, degraded other photo of the same person) rejected."""
    references = {p: engine.read(img).encoding for p, img in work_images.items()}
    probes = {p: engine.read(degradation(img)) for p, img in work_images.items()}
    rejects = 0
    for a, b in itertools.permutations(work_images, 2):
        if person_of(a) != person_of(b):
            continue
        probe = probes[b].encoding if probes[b].faces == 1 else None
        rejects += probe is None or face_distance(references[a], probe) > engine.threshold
    return rejects


@pytest.mark.parametrize("name", ["blurred", "dark"])
def test_webcam_degradations_rejected_less_often_than_face_recognition_defaults(name, face_engine, work_images):
    plain = FaceEngine(robust=False, check_quality=False)
    robust = FaceEngine(check_quality=False)
    degradation = degrade.FRAME_DEGRADATIONS[name]
    assert _false_rejects(robust, work_images, degradation) < _false_rejects(plain, work_images, degradation)


def test_haar_fallback_finds_blurred_faces_hog_misses(face_engine, work_images):
    blurred = degrade.blurred_frame(work_images[FACES / "biden" / "biden.jpg"], 5.0)
    assert FaceEngine(robust=False).read(blurred).faces == 0
    reading = face_engine.read(blurred)
    assert reading.faces == 1 and reading.detector == "haar"


def test_a_small_photo_on_a_large_document_page_needs_a_larger_working_size(face_engine, work_images):
    """KYC: the card's photo is a small part of a scanned page."""
    page = np.full((1500, 2000, 3), 235, np.uint8)
    photo = work_images[FACES / "obama" / "obama_small.jpg"]
    page[600:600 + photo.shape[0], 1500:1500 + photo.shape[1]] = photo
    scaled_down = face_engine.read(page)
    assert scaled_down.problem in (face_module.NO_FACE, face_module.TOO_SMALL)
    document_engine = FaceEngine(work_size=(2000, 1500))
    _, match, faces = document_engine.compare(page, FACES / "obama" / "obama.jpg")
    assert faces == [1, 1] and match


def test_pillow_images_are_accepted(face_engine):
    from PIL import Image

    with Image.open(FACES / "obama" / "obama_small.jpg") as picture:
        reading = face_engine.read(picture)
    assert reading.usable


def test_labelled_pairs_of_a_dozen_people_clean_and_degraded():
    """Every pair, both ways round, in every condition: no different-person pair matches, and false rejects
    stay at what was measured when the threshold and the mirror averaging were chosen (18 of 518; the goal
    is at most 2%)."""
    scores = face_pairs.scores_by_condition(FaceEngine(check_quality=False))
    assert set(scores) == set(face_pairs.CONDITIONS)
    genuine = [d for same, _ in scores.values() for d in same]
    impostor = [d for _, other in scores.values() for d in other]
    assert len(genuine) == 7 * 74 and len(impostor) == 7 * 432
    assert min(impostor) > face_module.MATCH_THRESHOLD
    false_rejects = sum(d > face_module.MATCH_THRESHOLD for d in genuine)
    assert false_rejects <= 18, {c: sum(d > face_module.MATCH_THRESHOLD for d in s) for c, (s, _) in scores.items()}
