import json
import subprocess
import sys

from smartbank_desktop.cli import main


def run_smartbank(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "smartbank_desktop", *args], capture_output=True, text=True, timeout=timeout)


def test_parse_prints_the_json_contract():
    done = run_smartbank("voice", "parse", "send 2,500 rupees to ramesh", "--json", "--payees", "Ramesh Kumar,Sita Devi")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    assert set(obj) == {"file", "text", "intent", "slots", "engine", "ms"}
    assert obj["intent"] == "transfer_money"
    assert obj["slots"] == {"amount": 2500, "payee": "Ramesh Kumar"}
    assert obj["file"] is None and obj["engine"] is None and obj["ms"] >= 0


def test_parse_hindi(capsys):
    assert main(["voice", "parse", "सीता को डेढ़ लाख रुपये भेजो", "--json", "--lang", "hi", "--payees", "Sita Devi"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert (obj["intent"], obj["slots"]) == ("transfer_money", {"amount": 150000, "payee": "Sita Devi"})


def test_empty_text_is_a_plain_error(capsys):
    assert main(["voice", "parse", "  ", "--json"]) == 2
    assert "give the text" in capsys.readouterr().err


def test_missing_audio_file_is_a_plain_error(capsys, tmp_path):
    assert main(["voice", "recognize", str(tmp_path / "nothing.wav"), "--json"]) == 2
    assert "no such audio file" in capsys.readouterr().err


def test_hindi_speech_without_a_vosk_model_is_heard_by_pocketsphinx(capsys, monkeypatch, tmp_path):
    """With no vosk Hindi model installed, Hindi is listened to by pocketsphinx's Hindi grammar, not refused."""
    from pathlib import Path

    monkeypatch.setenv("SMARTBANK_MODELS_DIR", str(tmp_path))  # nothing installed here
    wav = Path(__file__).resolve().parents[1] / "data" / "speech" / "english" / "vosk_test.wav"
    assert main(["voice", "recognize", str(wav), "--json", "--lang", "hi"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["engine"].startswith("pocketsphinx") and "intent" in line
