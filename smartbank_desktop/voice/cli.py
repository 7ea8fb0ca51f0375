"""``smartbank voice ...`` and ``smartbank models ...``: the voice assistant from a terminal.

- ``voice parse TEXT``: intent and slots from text, no audio;
- ``voice recognize FILE...``: the same from WAV/FLAC files (models load once);
- ``voice say TEXT --out FILE.wav``: speech output to a file (or the speakers);
- ``models list|download|verify``: the speech models in the models folder.

With ``--json`` each prints one JSON object per line (DESIGN.md's contract).
"""

from __future__ import annotations

import json
import sys
import time

from smartbank_desktop.core.console import UserError


def register(subparsers) -> None:
    voice = subparsers.add_parser("voice", help="the voice assistant: parse, recognize, say, listen")
    voice_sub = voice.add_subparsers(dest="voice_command", metavar="VOICE_COMMAND")
    voice_sub.required = True

    parse = voice_sub.add_parser("parse", help="intent and slots from text")
    parse.add_argument("text", help="what the customer said, as text")
    _add_common(parse)
    parse.set_defaults(handler=parse_command)

    recognize = voice_sub.add_parser("recognize", help="intent and slots from audio files (WAV/FLAC)")
    recognize.add_argument("files", nargs="+", metavar="FILE")
    _add_common(recognize)
    recognize.add_argument("--engine", choices=("vosk", "pocketsphinx"), help="speech recognizer (default: the best installed for the language)")
    recognize.add_argument("--model", help="vosk model folder (default: from the models folder)")
    recognize.add_argument("--no-check", action="store_true", help="take the grammar engine's words without Whisper's re-check")
    recognize.set_defaults(handler=recognize_command)

    say = voice_sub.add_parser("say", help="speak text, or render it to a WAV file")
    say.add_argument("text")
    say.add_argument("--out", help="write a WAV file instead of playing")
    say.add_argument("--lang", choices=("en", "hi"), default="en")
    say.add_argument("--rate", type=int, help="words per minute (default: a slow, clear pace)")
    say.set_defaults(handler=say_command)

    listen = voice_sub.add_parser("listen", help="hear one command from the microphone")
    _add_common(listen)
    listen.add_argument("--engine", choices=("vosk", "pocketsphinx"))
    listen.add_argument("--model", help="vosk model folder")
    listen.add_argument("--device", help="microphone: device number or part of its name")
    listen.add_argument("--timeout", type=float, default=8.0, help="seconds to wait for speech to start")
    listen.set_defaults(handler=listen_command)

    devices = voice_sub.add_parser("devices", help="list microphones")
    devices.set_defaults(handler=devices_command)

    models = subparsers.add_parser("models", help="speech models: list, download, verify")
    models_sub = models.add_subparsers(dest="models_command", metavar="MODELS_COMMAND")
    models_sub.required = True
    listing = models_sub.add_parser("list", help="models in the manifest and whether they are installed")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=models_list_command)
    download = models_sub.add_parser("download", help="download, check and unpack a model")
    download.add_argument("names", nargs="+", metavar="NAME")
    download.add_argument("--quiet", action="store_true", help="no progress bar")
    download.set_defaults(handler=models_download_command)
    verify = models_sub.add_parser("verify", help="check downloaded archives' size and hash")
    verify.add_argument("names", nargs="*", metavar="NAME")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=models_verify_command)


def _add_common(parser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--lang", choices=("en", "hi"), default="en")
    parser.add_argument("--payees", default="", help='saved payees, comma separated: "Ramesh Kumar,Sita Devi"')


def _print_result(obj: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(obj, ensure_ascii=False), flush=True)
    else:
        slots = ", ".join(f"{k}={v}" for k, v in obj["slots"].items())
        where = f"{obj['file']}: " if obj.get("file") else ""
        print(f"{where}{obj['text']!r} -> {obj['intent']}" + (f" ({slots})" if slots else ""), flush=True)


def parse_command(args) -> int:
    from smartbank_desktop.voice.nlu import parse_text

    if not args.text.strip():
        raise UserError("give the text to parse, for example: smartbank voice parse \"what is my balance\"")
    result, ms = parse_text(args.text, args.lang, args.payees)
    _print_result(result.to_json(ms=ms), args.json)
    return 0


def recognize_command(args) -> int:
    from pathlib import Path

    from smartbank_desktop.voice.audio import AudioFileError, read_audio_file
    from smartbank_desktop.voice.nlu import IntentParser
    from smartbank_desktop.voice.recognizers import (
        RecognizerUnavailable,
        create_recognizer,
    )

    for name in args.files:
        if not Path(name).is_file():
            raise UserError(f"no such audio file: {name}")
    parser = IntentParser(args.lang, args.payees)
    try:
        recognizer = create_recognizer(args.lang, engine=args.engine, payees=parser.payees, model_path=args.model, check=not args.no_check)
    except RecognizerUnavailable as exc:
        raise UserError(str(exc)) from exc
    for name in args.files:
        start = time.perf_counter()
        try:
            audio = read_audio_file(name)
        except AudioFileError as exc:
            raise UserError(str(exc)) from exc
        transcript = recognizer.transcribe(audio)
        result = parser.parse(transcript.text).from_speech(transcript)
        ms = (time.perf_counter() - start) * 1000.0
        _print_result(result.to_json(file=name, engine=recognizer.engine, ms=ms), args.json)
    return 0


def say_command(args) -> int:
    from smartbank_desktop.voice.tts import Speaker, SpeechOutputError

    if not args.text.strip():
        raise UserError("give the text to speak")
    try:
        with Speaker(language=args.lang, rate=args.rate) as speaker:
            if args.out:
                speaker.render_to_file(args.text, args.out)
            else:
                speaker.say(args.text, wait=True)
    except SpeechOutputError as exc:
        raise UserError(str(exc)) from exc
    return 0


def listen_command(args) -> int:
    from smartbank_desktop.voice.audio import MicrophoneSource, MicrophoneUnavailable
    from smartbank_desktop.voice.nlu import IntentParser
    from smartbank_desktop.voice.pipeline import VoicePipeline
    from smartbank_desktop.voice.recognizers import (
        RecognizerUnavailable,
        create_recognizer,
    )

    parser = IntentParser(args.lang, args.payees)
    try:
        recognizer = create_recognizer(args.lang, engine=args.engine, payees=parser.payees, model_path=args.model)
    except RecognizerUnavailable as exc:
        raise UserError(str(exc)) from exc
    try:
        with MicrophoneSource(args.device) as mic:
            print("Listening... please speak.", file=sys.stderr, flush=True)
            heard = VoicePipeline(recognizer, parser).listen(mic, no_speech_timeout_s=args.timeout)
    except MicrophoneUnavailable as exc:
        raise UserError(str(exc)) from exc
    if heard.result is None:
        obj = {"file": None, "text": "", "intent": "none", "slots": {}, "engine": recognizer.engine, "ms": 0.0}
    else:
        obj = heard.result.to_json(engine=recognizer.engine, ms=heard.end_to_intent_ms or 0.0)
    _print_result(obj, args.json)
    return 0


def devices_command(args) -> int:
    from smartbank_desktop.voice.audio import MicrophoneUnavailable, list_microphones

    try:
        mics = list_microphones()
    except MicrophoneUnavailable as exc:
        raise UserError(str(exc)) from exc
    for index, name in mics:
        print(f"{index}: {name}")
    return 0


def models_list_command(args) -> int:
    from smartbank_desktop.voice.models import ModelManager

    manager = ModelManager()
    for entry in manager.entries():
        row = {"name": entry.name, "language": entry.language, "size": entry.size, "installed": manager.is_installed(entry.name), "licence": entry.licence, "url": entry.url}
        if args.json:
            print(json.dumps(row))
        else:
            mark = "installed" if row["installed"] else "not installed"
            print(f"{entry.name:34} {entry.language:6} {entry.size / 1e6:7.1f} MB  {mark:14} {entry.licence}")
    return 0


def models_download_command(args) -> int:
    from smartbank_desktop.voice.models import (
        ModelError,
        ModelManager,
        terminal_progress,
    )

    manager = ModelManager()
    for name in args.names:
        try:
            path = manager.download(name, progress=None if args.quiet else terminal_progress(name))
        except ModelError as exc:
            raise UserError(str(exc)) from exc
        print(f"{name}: installed in {path}", file=sys.stderr)
    return 0


def models_verify_command(args) -> int:
    from smartbank_desktop.voice.models import ModelError, ModelManager

    manager = ModelManager()
    names = args.names or [e.name for e in manager.entries()]
    for name in names:
        try:
            report = manager.verify(name)
        except ModelError as exc:
            raise UserError(str(exc)) from exc
        if args.json:
            print(json.dumps(report))
        else:
            print(f"{name}: {report['status']}" + (f" ({report['detail']})" if report.get("detail") else ""))
    return 0  # the verdict is in the output; exit 0 when the check ran (house rule)
