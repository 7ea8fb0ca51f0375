import os
import subprocess
import sys
import tempfile
import threading

import pytest

from smartbank_desktop.cli import main
from smartbank_desktop.voice.audio import level_dbfs, read_audio_file
from smartbank_desktop.voice.tts import DEFAULT_RATE, Speaker


@pytest.fixture(scope="module")
def speaker():
    with Speaker("en") as s:
        yield s


def test_renders_audible_speech_to_a_wav(speaker, tmp_path):
    path = speaker.render_to_file("Your balance is fifty thousand rupees.", tmp_path / "reply.wav")
    clip = read_audio_file(path)
    assert clip.duration > 1.0
    assert level_dbfs(clip.samples) > -35


@pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="files in memory are a Linux feature")
def test_speech_for_playing_is_rendered_in_memory_not_in_a_file(speaker, monkeypatch):
    def no_file(*args, **kwargs):
        raise AssertionError("speech was rendered to a file on disk")

    monkeypatch.setattr(tempfile, "mkstemp", no_file)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_file)
    clip = speaker.render("Your balance is fifty thousand rupees.")
    assert clip.duration > 1.0 and level_dbfs(clip.samples) > -35


def test_default_pace_is_slower_than_the_engines(speaker):
    text = "You want to send two thousand rupees to Sita Devi."
    slow = speaker.render(text)
    with Speaker("en", rate=220) as fast_speaker:
        fast = fast_speaker.render(text)
    assert DEFAULT_RATE < 200
    assert slow.duration > fast.duration * 1.3


def test_engine_lives_on_its_own_thread(speaker):
    names = {t.name for t in threading.enumerate()}
    assert "speech-output" in names
    results = []
    workers = [threading.Thread(target=lambda: results.append(speaker.render("yes").duration)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert len(results) == 3 and all(d > 0.2 for d in results)


def test_hindi_gets_a_hindi_voice(tmp_path):
    with Speaker("hi") as hindi:
        assert "hi" in hindi.voice_id
        clip = read_audio_file(hindi.render_to_file("आपका बैलेंस पाँच सौ रुपये है", tmp_path / "hi.wav"))
    assert clip.duration > 1.0


def test_say_command_writes_the_file(tmp_path):
    out = tmp_path / "say.wav"
    assert main(["voice", "say", "What would you like to do?", "--out", str(out)]) == 0
    assert read_audio_file(out).duration > 0.8


def test_playback_stops_when_the_customer_speaks(pulse):
    script = (
        "import time\n"
        "from smartbank_desktop.voice.tts import Speaker\n"
        "with Speaker('en') as s:\n"
        "    clip = s.render('Your last five transactions were a pension credit, an electricity bill, a transfer to Sita Devi, and two more.')\n"
        "    s.play(clip, wait=False)\n"
        "    time.sleep(0.6)\n"
        "    playing = s.speaking\n"
        "    s.stop(); t = time.monotonic()\n"
        "    while s.speaking and time.monotonic() - t < 5: time.sleep(0.01)\n"
        "    print(round(clip.duration, 2), playing, s.speaking, round(time.monotonic() - t, 3), s.last_error)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=pulse, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    duration, was_playing, still_playing, stop_seconds, error = done.stdout.split(maxsplit=4)
    assert float(duration) > 4
    assert was_playing == "True" and still_playing == "False"
    assert float(stop_seconds) < 0.5
    assert error.strip() == "None"
