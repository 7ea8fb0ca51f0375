"""`smartbank face compare` and `smartbank speaker compare`: JSON lines, pairs files, plain errors."""

from __future__ import annotations

import json

import pytest

from smartbank_desktop.cli import main
from tests.biometrics.media import ESPEAK, FACES, GROUP, speaker_clips

OBAMA_A = str(FACES / "obama" / "obama.jpg")
OBAMA_B = str(FACES / "obama" / "obama2.jpg")
BIDEN_A = str(FACES / "biden" / "biden.jpg")


def _json_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_face_compare_prints_one_json_line(face_engine, capsys):
    assert main(["face", "compare", OBAMA_A, OBAMA_B, "--json"]) == 0
    [result] = _json_lines(capsys)
    assert set(result) == {"a", "b", "distance", "match", "faces", "ms"}
    assert result["a"] == OBAMA_A and result["b"] == OBAMA_B
    assert result["match"] is True and result["faces"] == [1, 1] and 0 < result["distance"] < 0.5


def test_face_compare_pairs_file_one_line_per_pair(face_engine, tmp_path, capsys):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"{OBAMA_A}\t{OBAMA_B}\n{OBAMA_A}\t{BIDEN_A}\n\n{GROUP}\t{BIDEN_A}\n")
    assert main(["face", "compare", "--pairs", str(pairs), "--json"]) == 0
    same, other, group = _json_lines(capsys)
    assert same["match"] is True
    assert other["match"] is False and other["distance"] > 0.7
    assert group["match"] is False and group["distance"] is None and group["faces"] == [2, 1]


def test_face_compare_bad_input_exits_non_zero_with_a_plain_message(tmp_path, capsys):
    assert main(["face", "compare", OBAMA_A, str(tmp_path / "nobody.jpg"), "--json"]) == 2
    assert "No such file" in capsys.readouterr().err
    text = tmp_path / "letter.jpg"
    text.write_text("Dear bank manager")
    assert main(["face", "compare", OBAMA_A, str(text), "--json"]) == 2
    assert "not an image" in capsys.readouterr().err
    bad_pairs = tmp_path / "pairs.tsv"
    bad_pairs.write_text(f"{OBAMA_A} {OBAMA_B}\n")
    assert main(["face", "compare", "--pairs", str(bad_pairs)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_speaker_compare_accepts_the_speaker_and_rejects_others(speaker_verifier, tmp_path, capsys):
    clips = speaker_clips()
    enrol = ",".join(str(p) for p in clips["1688"][:3])
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(f"{enrol}\t{clips['1688'][5]}\n{enrol}\t{clips['2033'][5]}\n{enrol}\t{ESPEAK[0]}\n")
    assert main(["speaker", "compare", "--pairs", str(pairs), "--json"]) == 0
    genuine, impostor, synthetic = _json_lines(capsys)
    assert set(genuine) == {"enrol", "test", "score", "match", "ms"}
    assert genuine["enrol"] == enrol.split(",") and genuine["test"] == str(clips["1688"][5])
    assert genuine["match"] is True
    assert impostor["match"] is False and synthetic["match"] is False
    assert genuine["score"] > impostor["score"]


def test_speaker_compare_bad_input(tmp_path, capsys):
    clip = str(speaker_clips()["1688"][0])
    assert main(["speaker", "compare", clip, str(tmp_path / "missing.wav"), "--json"]) == 2
    assert "No such file" in capsys.readouterr().err
    fake = tmp_path / "fake.wav"
    fake.write_bytes(b"RIFF not really audio")
    assert main(["speaker", "compare", clip, str(fake), "--json"]) == 2
    assert "not a recording" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["face", "compare"], ["speaker", "compare"]])
def test_missing_arguments_are_a_plain_error(command, capsys):
    assert main(command + ["--json"]) == 2
    assert "Give two files" in capsys.readouterr().err


def test_speaker_compare_with_a_cohort_file_and_the_ecapa_encoder(speaker_verifier, tmp_path, monkeypatch, capsys):
    import numpy as np

    from smartbank_desktop.biometrics.cohort import load_builtin_cohort

    clips = speaker_clips()
    cohort = tmp_path / "cohort.npy"
    np.save(cohort, load_builtin_cohort("resemblyzer")[::4])
    enrol = ",".join(str(p) for p in clips["1998"][:3])
    assert main(["speaker", "compare", enrol, str(clips["1998"][6]), "--cohort", str(cohort), "--json"]) == 0
    [result] = _json_lines(capsys)
    assert result["match"] is True
    monkeypatch.setenv("SMARTBANK_MODELS_DIR", str(tmp_path))
    assert main(["speaker", "compare", enrol, str(clips["1998"][6]), "--encoder", "ecapa", "--json"]) == 2
    assert "ECAPA speaker model is not installed" in capsys.readouterr().err
