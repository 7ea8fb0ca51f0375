"""What the app says: one speaking queue that never blocks the window.

Everything shown as a caption is also spoken, through the voice package's
speech output (pyttsx3 rendered to a WAV, played with sounddevice), in the
customer's language and pace. A new sentence replaces anything not yet said;
:meth:`SpeechOutput.stop` (the customer speaks or taps) silences it at once.
With ``record_to`` set, every sentence is also written as a numbered WAV file,
so tests and people can listen to exactly what the app said.
"""

from __future__ import annotations

import logging
import queue
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class SpeechOutput(QObject):
    started = Signal(str, float)  # a sentence starts being said (or would be, when muted), and its seconds
    unavailable = Signal(str)  # speech output cannot work here: a plain sentence, said once

    def __init__(self, rate: int = 145, *, play: bool = True, record_to: str | Path | None = None):
        super().__init__()
        self.rate = rate
        self.play = play
        self.record_to = Path(record_to) if record_to else None
        if self.record_to:
            self.record_to.mkdir(parents=True, exist_ok=True)
        self.said: list[tuple[str, str]] = []  # (language, text), in order
        self._queue: queue.Queue = queue.Queue()
        self._generation = 0
        self._speakers: dict[str, object] = {}
        self._current = None
        self._failed = False
        self._count = 0
        self._unfinished = 0  # sentences asked for and not yet said, skipped or failed
        self._unfinished_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="speech-queue", daemon=True)
        self._thread.start()

    def say(self, text: str, language: str = "en") -> None:
        """Say ``text`` after whatever is being said now is stopped; returns at once."""
        if not text:
            return
        self.stop()
        self.said.append((language, text))
        with self._unfinished_lock:
            self._unfinished += 1
        self._queue.put((self._generation, language, text))

    def stop(self) -> None:
        self._generation += 1
        current = self._current
        if current is not None:
            current.stop()

    @property
    def idle(self) -> bool:
        """Nothing is being or about to be said: no sentence waiting, rendering or playing.

        The microphone opens only then, so the app never records its own voice; a sentence
        taken off the queue but still being rendered is not idle.
        """
        return self._unfinished == 0

    def close(self) -> None:
        self.stop()
        self._queue.put(None)
        for speaker in self._speakers.values():
            speaker.close()

    # -- the speaking thread
    def _speaker(self, language: str):
        from smartbank_desktop.voice.tts import Speaker

        speaker = self._speakers.get(language)
        if speaker is None:
            speaker = self._speakers[language] = Speaker(language=language, rate=self.rate)
        speaker.rate = self.rate
        return speaker

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            generation, language, text = item
            try:
                if generation != self._generation:
                    continue  # something newer was asked for
                speaker = self._speaker(language)
                clip = speaker.render(text)
                if generation != self._generation:
                    continue
                self._count += 1
                if self.record_to:
                    import soundfile

                    soundfile.write(str(self.record_to / f"{self._count:03d}-{language}.wav"), clip.samples,
                                    clip.sample_rate, subtype="PCM_16")
                self.started.emit(text, clip.duration)
                if self.play:
                    self._current = speaker
                    speaker.play(clip, wait=True)
            except Exception as exc:  # noqa: BLE001 - no speakers or no engine: the words are on screen
                if not self._failed:
                    self._failed = True
                    log.warning("speech output failed: %s", exc)
                    self.unavailable.emit(str(exc))
            finally:
                self._current = None
                with self._unfinished_lock:
                    self._unfinished -= 1
