"""Speech output: pyttsx3 renders to a WAV file on its own thread; sounddevice plays it.

pyttsx3 (SAPI5 on Windows, NSSpeechSynthesizer on macOS, espeak-ng on Linux)
is created and run on one worker thread (its engines are not thread-safe,
and its ``say()`` path lags an utterance behind with espeak-ng), and always
renders to a file (``save_to_file`` + ``runAndWait``): on Linux a file in
memory (``memfd``: in no folder, on no disk), elsewhere a temporary file in
the system's temporary folder, deleted at once. Playback through
sounddevice can be stopped at once, e.g. when the customer starts talking.
The default pace is slower than the engines' 200 words per minute, for older
listeners.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from smartbank_desktop.voice.audio import AudioClip, read_audio_file

DEFAULT_RATE = 145  # words per minute
LANGUAGE_VOICE_HINTS = {"en": ("en-in", "en-gb", "en_in", "en_gb", "english", "en-us", "en"), "hi": ("hi", "hindi")}


class SpeechOutputError(Exception):
    """Speech output cannot work here; the message says why in plain words."""


def _choose_voice(voices, language: str):
    """The installed voice that best fits the language (Indian English first)."""
    hints = LANGUAGE_VOICE_HINTS.get(language, (language,))
    for hint in hints:
        for voice in voices:
            langs = [str(lang).lower() for lang in (getattr(voice, "languages", None) or [])]
            tags = langs + [str(voice.id).lower().rsplit("/", 1)[-1], str(getattr(voice, "name", "")).lower()]
            if hint in tags:
                return voice
    return None


@contextlib.contextmanager
def scratch_wav():
    """A path for one rendering: a file in memory where the system has them (Linux), else a temporary file
    in the system's temporary folder; gone when the block ends."""
    if hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd"):
        fd = os.memfd_create("smartbank-tts", getattr(os, "MFD_CLOEXEC", 0))
        try:
            yield f"/proc/self/fd/{fd}"
        finally:
            os.close(fd)
        return
    handle, name = tempfile.mkstemp(suffix=".wav", prefix="smartbank-tts-")
    os.close(handle)
    try:
        yield name
    finally:
        Path(name).unlink(missing_ok=True)


class Speaker:
    """Text to speech with one engine thread; ``say`` plays, ``render_to_file`` writes a WAV."""

    def __init__(self, language: str = "en", rate: int | None = None, volume: float = 1.0, output_device=None, voice_id: str | None = None):
        self.language = language
        self.requested_voice = voice_id
        self.rate = int(rate or DEFAULT_RATE)
        self.volume = volume
        self.output_device = output_device
        self._jobs: queue.Queue = queue.Queue()
        self._stop_playback = threading.Event()
        self._playing = threading.Event()
        self._thread = threading.Thread(target=self._engine_loop, name="speech-output", daemon=True)
        self._ready: Future = Future()
        self._thread.start()
        self._ready.result(timeout=30)  # raises SpeechOutputError if the engine cannot start

    # -- the engine thread
    def _engine_loop(self) -> None:
        try:
            import pyttsx3

            engine = pyttsx3.init()
            voice = _choose_voice(engine.getProperty("voices") or [], self.language)
            voice_id = self.requested_voice or (voice.id if voice is not None else None)
            if voice_id is not None:
                engine.setProperty("voice", voice_id)
            engine.setProperty("rate", self.rate)
            engine.setProperty("volume", self.volume)
        except Exception as exc:  # no speech engine installed
            self._ready.set_exception(SpeechOutputError(f"Speech output is not available on this computer ({exc})."))
            return
        self.voice_id = voice_id
        self._ready.set_result(True)
        while True:
            job = self._jobs.get()
            if job is None:
                break
            text, path, future = job
            try:
                # Set again before every run: espeak keeps voice and pace in one global state
                # per process, so another Speaker's settings would otherwise leak into ours
                # (seen once: a reply rendered at the fast pace, too fast for older listeners).
                if voice_id is not None:
                    engine.setProperty("voice", voice_id)
                engine.setProperty("rate", self.rate)
                engine.setProperty("volume", self.volume)
                # pyttsx3's espeak driver now and then finishes a run without writing the
                # file (most often the first run of a new engine): try again, up to 3 times.
                for _attempt in range(3):
                    with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to ..."
                        engine.save_to_file(text, str(path))
                        engine.runAndWait()
                    if Path(path).exists() and Path(path).stat().st_size > 44:
                        break
                else:
                    raise SpeechOutputError("the speech engine produced no sound")
                future.set_result(Path(path))
            except Exception as exc:
                future.set_exception(exc if isinstance(exc, SpeechOutputError) else SpeechOutputError(str(exc)))
        try:
            engine.stop()
        except Exception:
            pass

    # -- rendering
    def render_to_file(self, text: str, path: str | Path, timeout: float = 60.0) -> Path:
        future: Future = Future()
        self._jobs.put((text, Path(path), future))
        return future.result(timeout=timeout)

    def render(self, text: str) -> AudioClip:
        """The spoken text as 16 kHz audio (for playback, tests and the round trip)."""
        with scratch_wav() as name:
            self.render_to_file(text, name)
            return read_audio_file(name)

    # -- playback
    @property
    def speaking(self) -> bool:
        return self._playing.is_set()

    def stop(self) -> None:
        """Stop speaking now (the customer started talking)."""
        self._stop_playback.set()

    def play(self, clip: AudioClip, wait: bool = True) -> threading.Thread:
        try:
            import sounddevice as sd
        except OSError as exc:
            raise SpeechOutputError("Sound output is not available on this computer.") from exc
        self._stop_playback.clear()
        self._playing.set()
        done = threading.Event()

        samples = clip.samples

        def run():
            stream = None
            position = 0
            finished = threading.Event()

            def callback(outdata, frames, time_info, status):  # PortAudio's thread pulls the audio
                nonlocal position
                chunk = samples[position : position + frames]
                outdata[: len(chunk), 0] = chunk
                outdata[len(chunk) :] = 0
                position += frames
                if len(chunk) < frames:
                    raise sd.CallbackStop

            try:
                stream = sd.OutputStream(
                    samplerate=clip.sample_rate, channels=1, dtype="int16", device=self.output_device,
                    callback=callback, finished_callback=finished.set,
                )
                stream.start()
                while not finished.wait(0.02):
                    if self._stop_playback.is_set():
                        stream.abort()  # silence now, whatever is buffered
                        break
            except Exception as exc:  # no output device: the text is still shown on screen
                self.last_error = SpeechOutputError(f"The speakers could not be used ({exc}).")
            finally:
                self._playing.clear()
                if stream is not None:
                    stream.close()
                done.set()

        self.last_error = None
        thread = threading.Thread(target=run, name="speech-playback", daemon=True)
        thread.start()
        if wait:
            done.wait()
            if self.last_error is not None:
                raise self.last_error
        return thread

    def say(self, text: str, wait: bool = True) -> threading.Thread:
        return self.play(self.render(text), wait=wait)

    # -- lifetime
    def close(self) -> None:
        self.stop()
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
