from pathlib import Path

import numpy as np
import pytest
import soundfile

from smartbank_desktop.voice.audio import (
    SAMPLE_RATE,
    AudioClip,
    AudioFileError,
    ClipSource,
    level_dbfs,
    level_fraction,
    listen,
    read_audio_file,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "speech" / "english"


def test_files_are_resampled_to_16k_mono():
    clip = read_audio_file(DATA / "one_two_three.wav")  # 44.1 kHz
    info = soundfile.info(str(DATA / "one_two_three.wav"))
    assert info.samplerate == 44100
    assert clip.sample_rate == SAMPLE_RATE and clip.samples.dtype == np.int16 and clip.samples.ndim == 1
    assert clip.duration == pytest.approx(info.duration, abs=0.01)


def test_stereo_flac_is_mixed_down(tmp_path):
    t = np.arange(22050) / 22050.0
    left = 0.5 * np.sin(2 * np.pi * 440 * t)
    soundfile.write(str(tmp_path / "tone.flac"), np.stack([left, -left * 0], axis=1), 22050)
    clip = read_audio_file(tmp_path / "tone.flac")
    assert clip.duration == pytest.approx(1.0, abs=0.01)
    assert level_dbfs(clip.samples) == pytest.approx(20 * np.log10(0.25 / np.sqrt(2)), abs=0.5)


def test_unreadable_file_is_a_plain_error(tmp_path):
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    with pytest.raises(AudioFileError, match="not an audio file"):
        read_audio_file(bad)
    with pytest.raises(AudioFileError, match="no such audio file"):
        read_audio_file(tmp_path / "missing.wav")


def test_level_meter():
    assert level_fraction(np.zeros(480, np.int16)) == 0.0
    assert level_fraction(np.full(480, 32000, np.int16)) == pytest.approx(1.0, abs=0.01)


def with_silence(clip: AudioClip, before: float, after: float) -> AudioClip:
    return AudioClip(np.concatenate([np.zeros(int(before * SAMPLE_RATE), np.int16), clip.samples, np.zeros(int(after * SAMPLE_RATE), np.int16)]))


def test_end_of_speech_after_about_seven_tenths_of_a_second_of_silence():
    speech = read_audio_file(DATA / "one_two_three.wav")
    utterance = listen(ClipSource(with_silence(speech, 1.0, 2.0)))
    assert utterance.heard_speech and utterance.ended_by == "silence"
    # Captured: a little before the speech, the speech, and the 0.7 s of silence that ended it.
    assert speech.duration + 0.3 < utterance.clip.duration < speech.duration + 1.4


def test_pauses_between_groups_split_real_speech_into_utterances():
    speech = read_audio_file(DATA / "vosk_test.wav")  # three groups of digits with pauses
    source = ClipSource(with_silence(speech, 0.0, 1.0))  # each listen() continues where the last stopped
    ends = [listen(source, no_speech_timeout_s=None) for _ in range(4)]
    assert [u.ended_by for u in ends] == ["silence", "silence", "silence", "end_of_input"]


def test_ten_second_cap_and_no_speech_timeout():
    speech = read_audio_file(DATA / "vosk_test.wav")
    capped = listen(ClipSource(speech), max_seconds=2.0)
    assert capped.ended_by == "max_length" and capped.clip.duration == pytest.approx(2.0, abs=0.35)
    quiet = listen(ClipSource(AudioClip(np.zeros(5 * SAMPLE_RATE, np.int16))), no_speech_timeout_s=1.5)
    assert quiet.ended_by == "no_speech" and not quiet.heard_speech


def test_a_rooms_hum_at_the_start_of_a_turn_is_not_speech():
    """A fresh webrtcvad takes its first frames of a room's hum for speech; a turn that opened in a quiet
    room heard that as a word. Speech said at once is still captured whole (the preroll)."""
    rng = np.random.default_rng(5)
    hum = np.cumsum(rng.standard_normal(3 * SAMPLE_RATE)) * 0.02 + rng.standard_normal(3 * SAMPLE_RATE) * 0.3
    hum = (hum - np.convolve(hum, np.ones(400) / 400, mode="same")) * 170  # about -55 dBFS
    quiet = listen(ClipSource(AudioClip(hum.astype(np.int16))), no_speech_timeout_s=2.0)
    assert quiet.ended_by == "no_speech" and not quiet.heard_speech
    speech = read_audio_file(DATA / "one_two_three.wav")
    at_once = listen(ClipSource(with_silence(speech, 0.0, 2.0)))
    assert at_once.heard_speech and at_once.clip.duration > speech.duration
