"""The voice pipeline: audio source -> end of speech -> recognizer -> parser -> dialogue -> speech.

Every stage reports to one callback with the typed events of
:mod:`smartbank_desktop.voice.events` (the dialogue reports to the same
callback), so a screen can show live captions and a level meter. Recognition runs
while the customer speaks (streaming), so when end of speech is detected only
the last bit of decoding and the parse remain.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from smartbank_desktop.voice.audio import (
    END_SILENCE_S,
    FRAME_MS,
    MAX_UTTERANCE_S,
    AudioClip,
    AudioSource,
    EndOfSpeech,
    level_fraction,
)
from smartbank_desktop.voice.events import (
    EventCallback,
    Failed,
    Final,
    IntentRecognized,
    Level,
    Listening,
    Partial,
    SpeechStarted,
    VoiceEvent,
)
from smartbank_desktop.voice.nlu import IntentParser, ParseResult
from smartbank_desktop.voice.recognizers import Recognizer, Transcript

# After this much silence the utterance is decoded speculatively, while the
# pipeline waits out the rest of the 0.7 s that ends a command; if the customer
# speaks again, or the early decode makes no sense, it is thrown away.
SPECULATE_AFTER_S = 0.3


@dataclass
class Heard:
    """The outcome of one turn of listening."""

    transcript: Transcript | None
    result: ParseResult | None
    heard_speech: bool
    ended_by: str  # "silence", "max_length", "no_speech", "end_of_input"
    end_to_intent_ms: float | None = None  # from the end-of-speech decision to the parsed intent
    audio: AudioClip | None = None


class VoicePipeline:
    """Listens for one command at a time and turns it into a parsed intent."""

    def __init__(
        self,
        recognizer: Recognizer,
        parser: IntentParser,
        on_event: EventCallback | None = None,
        end_silence_s: float = END_SILENCE_S,
        max_seconds: float = MAX_UTTERANCE_S,
    ):
        self.recognizer = recognizer
        self.parser = parser
        self.on_event = on_event
        self.end_silence_s = end_silence_s
        self.max_seconds = max_seconds

    def emit(self, event: VoiceEvent) -> None:
        if self.on_event is not None:
            self.on_event(event)

    def listen(self, source: AudioSource, no_speech_timeout_s: float | None = 8.0, on_speech_start: Callable[[], None] | None = None, keep_audio: bool = False) -> Heard:
        """One command from the source: streaming recognition until end of speech, then the parse."""
        self.emit(Listening())
        detector = EndOfSpeech(self.end_silence_s)
        preroll: list[np.ndarray] = []
        captured: list[np.ndarray] = []
        stream = None
        waited_frames = 0
        speech_frames = 0
        speculation: _Speculation | None = None
        speculate_after = max(1, int(SPECULATE_AFTER_S * 1000 / FRAME_MS))
        ended_by = "end_of_input"
        try:
            for frame in source.frames():
                state = detector.update(frame)
                self.emit(Level(level=level_fraction(frame)))
                if not detector.in_speech:
                    preroll = (preroll + [frame])[-10:]
                    waited_frames += 1
                    if no_speech_timeout_s is not None and waited_frames * FRAME_MS / 1000.0 >= no_speech_timeout_s:
                        ended_by = "no_speech"
                        break
                    continue
                if state == "started":
                    self.emit(SpeechStarted())
                    if on_speech_start is not None:
                        on_speech_start()
                    stream = self.recognizer.stream()
                    for early in preroll:
                        self._feed(stream, early)
                        if keep_audio:
                            captured.append(early)
                    preroll = []
                self._feed(stream, frame)
                if keep_audio:
                    captured.append(frame)
                if detector.silent_run == 0 and speculation is not None:
                    speculation.valid = False  # speech again: the early decode is out of date
                if detector.silent_run == speculate_after and hasattr(stream, "snapshot"):
                    if speculation is not None:
                        speculation.thread.join()  # one decode at a time
                    speculation = _Speculation(stream, self.parser)
                if state == "ended":
                    ended_by = "silence"
                    break
                speech_frames += 1
                if speech_frames * FRAME_MS / 1000.0 >= self.max_seconds:
                    ended_by = "max_length"
                    break
        except Exception as exc:
            self.emit(Failed(message=str(exc)))
            raise
        audio = AudioClip(np.concatenate(captured)) if captured else None
        if stream is None:
            return Heard(None, None, False, "no_speech" if ended_by == "no_speech" else ended_by, audio=audio)
        end_decided = time.perf_counter()
        if speculation is not None and speculation.valid:
            speculation.thread.join()
            # An early decode that made no sense is not trusted: decode the whole capture. A
            # cross-checked recognizer that refused the utterance would refuse it again.
            refused = speculation.transcript is not None and not speculation.transcript.accepted
            speculation.valid = speculation.result is not None and (speculation.result.intent != "none" or refused)
        if speculation is not None and speculation.valid:
            transcript, result = speculation.transcript, speculation.result
        else:
            if speculation is not None:
                speculation.thread.join()
            transcript = stream.finish()
            result = None
        self.emit(Final(text=transcript.text, confidence=transcript.confidence))
        if result is None:
            result = self.parser.parse(transcript.text).from_speech(transcript)
        latency = (time.perf_counter() - end_decided) * 1000.0
        self.emit(IntentRecognized(intent=result.intent, slots=dict(result.slots), text=result.text))
        return Heard(transcript, result, True, ended_by, latency, audio)

    def _feed(self, stream, frame: np.ndarray) -> None:
        partial = stream.accept(frame)
        if partial:
            self.emit(Partial(text=partial))


class _Speculation:
    """An early decode of the utterance on a background thread."""

    def __init__(self, stream, parser: IntentParser):
        import threading

        self.valid = True
        self.transcript: Transcript | None = None
        self.result: ParseResult | None = None

        def run() -> None:
            self.transcript = stream.snapshot()
            self.result = parser.parse(self.transcript.text).from_speech(self.transcript)

        self.thread = threading.Thread(target=run, name="speculative-decode", daemon=True)
        self.thread.start()


class Assistant:
    """The whole assistant for one session: listen, understand, answer (spoken), repeat until goodbye.

    The dialogue reports its replies to its own ``on_event`` (give it the pipeline's callback
    to see the whole conversation in one place).
    """

    def __init__(self, pipeline: VoicePipeline, dialogue, speaker=None, barge_in: bool = True):
        self.pipeline = pipeline
        self.dialogue = dialogue
        self.speaker = speaker
        self.barge_in = barge_in

    def respond(self, reply) -> None:
        if self.speaker is not None:
            try:
                self.speaker.say(reply.text, wait=not self.barge_in)
            except Exception as exc:  # the words are still on screen
                self.pipeline.emit(Failed(message=str(exc)))

    def run(self, source: AudioSource, max_turns: int = 50) -> None:
        reply = self.dialogue.start()
        self.respond(reply)
        for _ in range(max_turns):
            stop_speaking = self.speaker.stop if (self.speaker is not None and self.barge_in) else None
            heard = self.pipeline.listen(source, on_speech_start=stop_speaking)
            if not heard.heard_speech:
                if heard.ended_by == "end_of_input":
                    return
                reply = self.dialogue.handle_silence()
            else:
                reply = self.dialogue.handle_parse(heard.result)
            self.respond(reply)
            if not self.barge_in and hasattr(source, "drain"):
                source.drain()  # the microphone heard the assistant's own reply: not a command
            if reply.end_session:
                return
