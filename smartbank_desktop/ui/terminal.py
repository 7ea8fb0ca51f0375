"""``smartbank chat``: the whole assistant in a terminal, by microphone or typed text.

Replies are printed and (unless muted) spoken. The bank is the one this
computer signed in to with ``smartbank signin`` (the API client, tokens in the
OS keyring).
"""

from __future__ import annotations

import sys

from smartbank_desktop.core.console import UserError


def _bank(args):
    from smartbank_desktop.client.bank import ApiBank
    from smartbank_desktop.client.session import saved_sign_in
    from smartbank_desktop.core.refusals import Refusal

    try:
        return ApiBank(saved_sign_in(args.url))
    except Refusal as exc:
        raise UserError(str(exc)) from exc


def run_terminal_chat(args) -> int:
    from smartbank_desktop.voice.dialogue import Dialogue

    bank = _bank(args)
    dialogue = Dialogue(bank, language=args.lang, on_event=_print_event)
    speaker = None
    if not args.mute:
        from smartbank_desktop.voice.tts import Speaker, SpeechOutputError

        try:
            speaker = Speaker(language=args.lang)
        except SpeechOutputError as exc:
            print(f"(speech output is off: {exc})", file=sys.stderr)

    try:
        if args.typed:
            return _typed_chat(dialogue, speaker)
        return _spoken_chat(args, dialogue, speaker)
    finally:
        if speaker is not None:
            speaker.close()


def _speak(speaker, text: str) -> None:
    if speaker is None:
        return
    try:
        speaker.say(text, wait=True)
    except Exception as exc:  # no speakers: the text is on screen
        print(f"(could not speak: {exc})", file=sys.stderr)


def _print_event(event) -> None:
    """What the customer said and what the assistant answered, as a transcript."""
    from smartbank_desktop.voice.events import EventKind

    if event.kind == EventKind.FINAL and event.text:
        print(f"You: {event.text}", flush=True)
    elif event.kind == EventKind.LISTENING:
        print("(listening...)", file=sys.stderr, flush=True)
    elif event.kind == EventKind.REPLY:
        print(f"Assistant: {event.reply.text}", flush=True)


def _typed_chat(dialogue, speaker) -> int:
    reply = dialogue.start()
    while True:
        _speak(speaker, reply.text)
        if reply.end_session:
            return 0
        try:
            line = input("You: ")
        except EOFError:
            return 0
        reply = dialogue.handle_text(line)


def _spoken_chat(args, dialogue, speaker) -> int:
    from smartbank_desktop.voice.audio import MicrophoneSource, MicrophoneUnavailable
    from smartbank_desktop.voice.pipeline import Assistant, VoicePipeline
    from smartbank_desktop.voice.recognizers import (
        RecognizerUnavailable,
        create_recognizer,
    )

    try:
        recognizer = create_recognizer(args.lang, engine=args.engine, payees=dialogue.bank.payees())
    except RecognizerUnavailable as exc:
        raise UserError(str(exc)) from exc

    pipeline = VoicePipeline(recognizer, dialogue.parser(), on_event=_print_event)
    try:
        with MicrophoneSource(args.device) as mic:
            Assistant(pipeline, dialogue, speaker=speaker, barge_in=False).run(mic)
    except MicrophoneUnavailable as exc:
        raise UserError(f"{exc} You can type instead: smartbank chat --type") from exc
    return 0
