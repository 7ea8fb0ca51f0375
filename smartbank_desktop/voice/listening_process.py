"""Listening in a process of its own: the microphone, end-of-speech detection, the recognizer and the parser.

pocketsphinx (and vosk) keep Python's global lock while they load a model and
while they decode, for hundreds of milliseconds: in an app's own process that
would freeze its window. So a screen hands listening to this process and reads
what it reports: the pipeline's typed events (voice.events) as they happen,
then the parsed result of each turn. Commands go one way, reports the other:

- ``load(language, payees)`` -> ``("ready",)`` or ``("unavailable", reason)``
- ``listen()`` -> events..., then ``("heard", ParseResult or None)``, or ``("microphone", reason)``;
  ``listen(expecting=...)`` when the turn answers a question ("digits" for a passcode, "sign_in_method",
  "yes_no"): that answer's own grammar where the language has one (voice.answers: Hindi), else the
  command recognizer
- ``cancel()`` ends a turn early (its words are not wanted), ``close()`` ends the process -> ``("closed",)``.

Only the process writes reports and only this side writes commands, so the
one queue thread of this side (the one feeding commands) ends in ``close()``:
an app that opens and closes windows leaves no thread behind.

The microphone is a sound device (number or name), or a WAV file played as if
spoken, continuing turn after turn.
"""

from __future__ import annotations

import multiprocessing
import queue
from pathlib import Path

NO_SPEECH_TIMEOUT_S = 8.0


class ListeningProcess:
    def __init__(self, microphone: str | None = None):
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._commands = context.Queue()
        self._reports = context.Queue()
        self._cancel = context.Event()
        self._process = context.Process(target=_serve, args=(microphone, self._commands, self._reports, self._cancel),
                                        name="smartbank-listening", daemon=True)
        self._process.start()

    def load(self, language: str, payees) -> None:
        self._commands.put(("load", language, [(p.name, p.account_masked, p.payee_id) for p in payees]))

    def listen(self, no_speech_timeout_s: float = NO_SPEECH_TIMEOUT_S, expecting: str | None = None) -> None:
        """One turn; ``expecting="digits"``: the turn answers a request for a passcode."""
        self._cancel.clear()
        self._commands.put(("listen", no_speech_timeout_s, expecting))

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, timeout: float | None = None):
        """The next report (blocking); None when there is none within ``timeout``."""
        try:
            return self._reports.get(timeout=timeout)
        except queue.Empty:
            return None
        except (OSError, EOFError, TypeError, ValueError):  # the process is gone and its pipe with it
            return ("closed",)

    def close(self) -> None:
        """End the process (it reports ``("closed",)`` as it goes) and the thread feeding it commands."""
        self._cancel.set()
        self._commands.put(("stop",))
        self._process.join(timeout=5)
        if self._process.is_alive():  # stuck: no "closed" comes, so readers wait with a timeout
            self._process.terminate()
            self._process.join(timeout=2)
            self._commands.cancel_join_thread()  # nobody reads the commands now: never wait to write them
        self._commands.close()
        self._commands.join_thread()


class _Cancelled(Exception):
    pass


def _serve(microphone, commands, reports, cancel) -> None:
    from smartbank_desktop.core.bank import Payee

    recognizer = parser = file_source = None
    answers = {}  # what a turn expects -> (recognizer, parser) for it, or None: the command recognizer
    while True:
        command = commands.get()
        if command[0] == "stop":
            reports.put(("closed",))  # wakes whoever waits for a report
            return
        if command[0] == "load":
            from smartbank_desktop.voice.nlu import IntentParser
            from smartbank_desktop.voice.recognizers import RecognizerUnavailable, create_recognizer

            _, language, payees = command
            answers = {}
            try:
                parser = IntentParser(language, [Payee(*p) for p in payees])
                recognizer = create_recognizer(language, payees=parser.payees)
            except RecognizerUnavailable as exc:
                recognizer = None
                reports.put(("unavailable", str(exc)))
                continue
            reports.put(("ready",))
        elif command[0] == "listen":
            if recognizer is None:
                reports.put(("unavailable", "no recognizer is loaded"))
                continue
            expecting = command[2]
            if expecting is not None and expecting not in answers:  # made at the first such turn
                from smartbank_desktop.voice.answers import answer_listener
                from smartbank_desktop.voice.recognizers import RecognizerUnavailable

                try:
                    answers[expecting] = answer_listener(parser.language, expecting, parser)
                except RecognizerUnavailable:
                    answers[expecting] = None
            heard_by, parsed_by = answers.get(expecting) or (recognizer, parser)
            file_source = _listen_once(heard_by, parsed_by, microphone, file_source, command[1], reports, cancel)


def _listen_once(recognizer, parser, microphone, file_source, timeout, reports, cancel):
    from smartbank_desktop.voice.audio import ClipSource, MicrophoneSource, MicrophoneUnavailable
    from smartbank_desktop.voice.pipeline import VoicePipeline

    def on_event(event) -> None:
        if cancel.is_set():
            raise _Cancelled
        reports.put(("event", event))

    try:
        if microphone and Path(microphone).is_file():
            file_source = file_source or ClipSource(microphone, realtime=True, trailing_silence_s=1.0)
            source, opened = file_source, False
        else:
            source, opened = MicrophoneSource(microphone or None), True
        try:
            heard = VoicePipeline(recognizer, parser, on_event=on_event).listen(source, no_speech_timeout_s=timeout)
        finally:
            if opened:
                source.close()
        reports.put(("heard", heard.result if heard.heard_speech and not cancel.is_set() else None))
    except _Cancelled:
        reports.put(("heard", None))
    except MicrophoneUnavailable as exc:
        reports.put(("microphone", str(exc)))
    except Exception as exc:  # noqa: BLE001 - a recognizer failure must not end listening for good
        reports.put(("heard", None))
        reports.put(("failed", f"{type(exc).__name__}: {exc}"))
    return file_source
