"""Audio in: files and the microphone behind one interface, and end-of-speech detection.

Everything the recognizers see is 16 kHz, mono, 16-bit. :func:`read_audio_file`
reads WAV/FLAC (any rate, any channel count) and resamples; a
:class:`MicrophoneSource` reads from sounddevice and reports a level for the
screen. :func:`listen` takes frames from any source until voice-activity
detection (webrtcvad) has heard speech followed by about 0.7 s of silence, or
10 s have passed.
"""

from __future__ import annotations

import math
import queue
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from smartbank_desktop.core.audio import SAMPLE_RATE, AudioDecodeError, as_float_mono, decode_audio, resample, to_int16

FRAME_MS = 30
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000
END_SILENCE_S = 0.7
MAX_UTTERANCE_S = 10.0


class AudioFileError(Exception):
    """An audio file that cannot be read: the message says why in plain words."""


class MicrophoneUnavailable(Exception):
    """No usable microphone: the message says so in plain words."""


@dataclass
class AudioClip:
    """Mono 16-bit samples at a known rate (16 kHz for everything the recognizers see)."""

    samples: np.ndarray  # int16
    sample_rate: int = SAMPLE_RATE

    @property
    def duration(self) -> float:
        return len(self.samples) / float(self.sample_rate)

    def to_bytes(self) -> bytes:
        return self.samples.astype("<i2").tobytes()


def to_int16_mono(data: np.ndarray, sample_rate: int, target_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Mix down to mono, resample to ``target_rate``, convert to int16."""
    return to_int16(resample(as_float_mono(data), sample_rate, target_rate))


def read_audio_file(path: str | Path, target_rate: int = SAMPLE_RATE) -> AudioClip:
    """A WAV/FLAC/OGG file as 16 kHz mono int16."""
    if not Path(path).is_file():
        raise AudioFileError(f"no such audio file: {path}")
    try:
        samples = decode_audio(path, target_rate)
    except AudioDecodeError as exc:
        raise AudioFileError(f"{path} is not an audio file this program can read (use WAV or FLAC)") from exc
    return AudioClip(to_int16(samples), target_rate)


def level_dbfs(frame: np.ndarray) -> float:
    """Loudness of int16 samples in dB below full scale (silence is -100)."""
    if not len(frame):
        return -100.0
    rms = float(np.sqrt(np.mean(frame.astype(np.float64) ** 2))) / 32768.0
    return max(-100.0, 20.0 * math.log10(rms)) if rms > 0 else -100.0


def level_fraction(frame: np.ndarray) -> float:
    """0..1 level for a meter on screen (-60 dBFS and below is 0)."""
    return min(1.0, max(0.0, (level_dbfs(frame) + 60.0) / 60.0))


class AudioSource(Protocol):
    """Anything that yields 30 ms frames of 16 kHz mono int16 audio."""

    def frames(self) -> Iterator[np.ndarray]: ...

    def close(self) -> None: ...


class ClipSource:
    """Frames from a clip or file, like a microphone that plays it once.

    Successive ``frames()`` calls continue where the last one stopped, as a
    live microphone would; ``realtime=True`` paces frames at the speed of sound
    capture.
    """

    def __init__(self, clip: AudioClip | str | Path, realtime: bool = False, trailing_silence_s: float = 0.0):
        self.clip = clip if isinstance(clip, AudioClip) else read_audio_file(clip)
        self.realtime = realtime
        samples = self.clip.samples
        if trailing_silence_s:
            samples = np.concatenate([samples, np.zeros(int(trailing_silence_s * SAMPLE_RATE), np.int16)])
        self._samples = samples
        self._position = 0

    def frames(self) -> Iterator[np.ndarray]:
        start = time.monotonic()
        sent = 0
        while self._position < len(self._samples):
            frame = self._samples[self._position : self._position + FRAME_SAMPLES]
            self._position += FRAME_SAMPLES
            if len(frame) < FRAME_SAMPLES:
                frame = np.concatenate([frame, np.zeros(FRAME_SAMPLES - len(frame), np.int16)])
            if self.realtime:
                delay = start + sent * FRAME_MS / 1000.0 - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            sent += 1
            yield frame

    def close(self) -> None:
        self._position = len(self._samples)


def _sounddevice():
    try:
        import sounddevice
    except OSError as exc:  # PortAudio library missing
        raise MicrophoneUnavailable("Sound input is not available on this computer (the PortAudio library is missing).") from exc
    return sounddevice


def list_microphones() -> list[tuple[int, str]]:
    """(device number, name) of every input device."""
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
    except Exception as exc:  # PortAudioError
        raise MicrophoneUnavailable("No microphone was found. Please connect one and try again.") from exc
    return [(i, d["name"]) for i, d in enumerate(devices) if d.get("max_input_channels", 0) > 0]


def find_microphone(device: int | str | None) -> int | None:
    """A device number from a number, or part of a name; None means the system default."""
    mics = list_microphones()
    if not mics:
        raise MicrophoneUnavailable("No microphone was found. Please connect one and try again.")
    if device is None or device == "":
        # On Linux the "pulse" device follows the desktop's chosen microphone
        # (PulseAudio or PipeWire); ALSA's "default" may not.
        return next((i for i, name in mics if name == "pulse"), None)
    if isinstance(device, int) or str(device).isdigit():
        number = int(device)
        if number not in [i for i, _ in mics]:
            raise MicrophoneUnavailable(f"There is no microphone number {number}.")
        return number
    wanted = str(device).lower()
    for index, name in mics:
        if wanted in name.lower():
            return index
    raise MicrophoneUnavailable(f"No microphone has {device!r} in its name.")


class MicrophoneSource:
    """Live frames from a microphone through sounddevice, with a level callback for the screen."""

    def __init__(self, device: int | str | None = None, on_level: Callable[[float], None] | None = None, max_seconds: float | None = None):
        self.sd = _sounddevice()
        self.device = find_microphone(device)
        self.on_level = on_level
        self.max_seconds = max_seconds
        self._queue: queue.Queue[np.ndarray] = queue.Queue()
        self._stream = None
        self._input_rate = SAMPLE_RATE
        self._open()

    def _open(self) -> None:
        sd = self.sd

        def callback(indata, frames, time_info, status):  # runs on PortAudio's thread
            self._queue.put(indata[:, 0].copy())

        try:
            try:
                # Any block size: a fixed one stalls some ALSA plugins (PulseAudio's); frames are re-cut below.
                self._stream = sd.InputStream(device=self.device, channels=1, samplerate=SAMPLE_RATE, dtype="int16", latency="low", callback=callback)
            except sd.PortAudioError:
                info = sd.query_devices(self.device, "input")
                self._input_rate = int(info["default_samplerate"])
                self._stream = sd.InputStream(device=self.device, channels=1, samplerate=self._input_rate, dtype="int16", latency="low", callback=callback)
            self._stream.start()
        except Exception as exc:
            raise MicrophoneUnavailable(f"The microphone could not be opened ({exc}).") from exc

    def frames(self) -> Iterator[np.ndarray]:
        pending = np.zeros(0, np.int16)
        started = time.monotonic()
        while self._stream is not None:
            if self.max_seconds is not None and time.monotonic() - started > self.max_seconds:
                return
            try:
                block = self._queue.get(timeout=2.0)
            except queue.Empty:
                raise MicrophoneUnavailable("The microphone stopped sending sound.") from None
            if self._input_rate != SAMPLE_RATE:
                block = to_int16_mono(block, self._input_rate)
            pending = np.concatenate([pending, block])
            while len(pending) >= FRAME_SAMPLES:
                frame, pending = pending[:FRAME_SAMPLES], pending[FRAME_SAMPLES:]
                if self.on_level is not None:
                    self.on_level(level_fraction(frame))
                yield frame

    def drain(self) -> None:
        """Forget audio captured so far (e.g. the assistant's own voice)."""
        while not self._queue.empty():
            self._queue.get_nowait()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@dataclass
class Utterance:
    """What :func:`listen` captured, and why it stopped."""

    clip: AudioClip
    heard_speech: bool
    ended_by: str  # "silence", "max_length", "no_speech", "end_of_input"
    speech_end_time: float | None = None  # time.monotonic() when the trailing silence began


class EndOfSpeech:
    """Voice-activity detection over 30 ms frames: speech starts, then ~0.7 s of silence ends it.

    A fresh webrtcvad has not yet learnt the room: over its first frames it takes a room's steady hum for
    speech. So the first ``warm_up_frames`` (240 ms) only teach it; speech can start after them, and what
    was said meanwhile is kept by the listener's 300 ms preroll.
    """

    def __init__(self, end_silence_s: float = END_SILENCE_S, aggressiveness: int = 2, start_frames: int = 3,
                 warm_up_frames: int = 8):
        import webrtcvad

        self.vad = webrtcvad.Vad(aggressiveness)
        self.end_silence_frames = max(1, int(round(end_silence_s * 1000 / FRAME_MS)))
        self.start_frames = start_frames
        self.warm_up_frames = warm_up_frames
        self.frames_seen = 0
        self.recent: deque[bool] = deque(maxlen=5)
        self.in_speech = False
        self.silent_run = 0

    def is_speech(self, frame: np.ndarray) -> bool:
        return self.vad.is_speech(frame.astype("<i2").tobytes(), SAMPLE_RATE)

    def update(self, frame: np.ndarray) -> str:
        """'waiting', 'started', 'speaking' or 'ended' after this frame."""
        voiced = self.is_speech(frame)
        self.recent.append(voiced)
        self.frames_seen += 1
        if not self.in_speech:
            if self.frames_seen > self.warm_up_frames and sum(self.recent) >= self.start_frames:
                self.in_speech = True
                self.silent_run = 0
                return "started"
            return "waiting"
        self.silent_run = 0 if voiced else self.silent_run + 1
        return "ended" if self.silent_run >= self.end_silence_frames else "speaking"


def listen(
    source: AudioSource,
    end_silence_s: float = END_SILENCE_S,
    max_seconds: float = MAX_UTTERANCE_S,
    no_speech_timeout_s: float | None = 8.0,
    on_speech_start: Callable[[], None] | None = None,
    on_frame: Callable[[np.ndarray, str], None] | None = None,
) -> Utterance:
    """Capture one utterance: from shortly before speech starts until it ends."""
    detector = EndOfSpeech(end_silence_s)
    preroll: deque[np.ndarray] = deque(maxlen=10)  # 300 ms before speech was detected
    captured: list[np.ndarray] = []
    waited = 0
    state = "waiting"
    for frame in source.frames():
        state = detector.update(frame)
        if on_frame is not None:
            on_frame(frame, state)
        if not detector.in_speech:
            preroll.append(frame)
            waited += 1
            if no_speech_timeout_s is not None and waited * FRAME_MS / 1000.0 >= no_speech_timeout_s:
                return Utterance(AudioClip(np.zeros(0, np.int16)), False, "no_speech")
            continue
        if state == "started":
            captured.extend(preroll)
            if on_speech_start is not None:
                on_speech_start()
        captured.append(frame)
        if state == "ended":
            end_time = time.monotonic() - detector.silent_run * FRAME_MS / 1000.0
            return Utterance(AudioClip(np.concatenate(captured)), True, "silence", end_time)
        if len(captured) * FRAME_MS / 1000.0 >= max_seconds:
            return Utterance(AudioClip(np.concatenate(captured)), True, "max_length", time.monotonic())
    if captured:
        return Utterance(AudioClip(np.concatenate(captured)), True, "end_of_input", time.monotonic())
    return Utterance(AudioClip(np.zeros(0, np.int16)), False, "end_of_input")
