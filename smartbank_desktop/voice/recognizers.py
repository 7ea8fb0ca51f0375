"""Speech recognizers behind one interface: pocketsphinx (JSGF grammar) and vosk (grammar mode).

Both take their grammar from the intent templates (voice.grammar), so they
only listen for what the assistant understands. A recognizer turns a clip
into text (:meth:`Recognizer.transcribe`) or follows live audio frame by frame
(:meth:`Recognizer.stream`) with partial results for live captions. Models
load once, when the recognizer is made; make one per session, not per
utterance. :func:`create_recognizer` picks the engine a language can use:
for Hindi with no vosk model, pocketsphinx's English acoustic model with the
Hindi grammar and the committed Hindi dictionary (voice.hindi_lexicon).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from smartbank_desktop.voice.audio import SAMPLE_RATE, AudioClip
from smartbank_desktop.voice.recognition import (  # noqa: F401 (part of this module's interface)
    RecognitionStream,
    Recognizer,
    RecognizerUnavailable,
    Transcript,
)


def conditioned(clip: AudioClip, margin_s: float = 0.0, noise_level: float = 3.0) -> AudioClip:
    """The clip with a quiet margin before and after and a trace of noise throughout.

    Synthetic or gated audio has stretches of exact digital silence, whose
    log-energy features throw the decoder off; a microphone never produces
    them. The noise is seeded, so the same audio always gives the same result.
    """
    rng = np.random.default_rng(12345)
    margin = np.zeros(int(margin_s * clip.sample_rate), np.float64)
    samples = np.concatenate([margin, clip.samples.astype(np.float64), margin])
    samples += rng.standard_normal(len(samples)) * noise_level
    return AudioClip(np.clip(samples, -32768, 32767).astype(np.int16), clip.sample_rate)


def trim_silence(clip: AudioClip, floor_db: float = 50.0, keep_s: float = 0.25) -> AudioClip:
    """The clip without long quiet stretches before and after the speech.

    Decoding near-silent audio is slow and adds nothing (a capture ends with the
    0.7 s of silence that told us the command was over); ``keep_s`` of quiet
    stays on each side.
    """
    hop = clip.sample_rate // 100  # 10 ms
    n = len(clip.samples) // hop
    if n < 3:
        return clip
    frames = clip.samples[: n * hop].astype(np.float64).reshape(n, hop)
    energy_db = 10.0 * np.log10(np.mean(frames**2, axis=1) + 1.0)
    loud = np.nonzero(energy_db > energy_db.max() - floor_db)[0]
    keep = int(keep_s * 100)
    start = max(0, int(loud[0]) - keep) * hop
    end = min(n, int(loud[-1]) + 1 + keep) * hop
    return AudioClip(clip.samples[start:end], clip.sample_rate)


def _clean(text: str) -> str:
    return " ".join(w for w in text.split() if w not in ("[unk]", "<unk>", "<s>", "</s>", "<sil>", "[NOISE]"))


# ---------------------------------------------------------------- pocketsphinx


class PocketsphinxRecognizer:
    """US-English acoustic model from the pocketsphinx wheel, constrained by a JSGF grammar."""

    engine = "pocketsphinx"

    # Narrower beams than pocketsphinx's defaults (a grammar needs far less search: about 4x faster),
    # and whole-utterance feature normalisation ("batch"), which short commands need.
    DECODER_OPTIONS = {"maxhmmpf": 8000, "beam": 1e-40, "pbeam": 1e-40, "wbeam": 1e-25, "cmn": "batch"}

    # A second, wide search when the narrow one lost the way (nothing, or words that
    # are not a whole command): short words like "no" and "log out" mostly. Rare, so cheap.
    RETRY_OPTIONS = {"maxhmmpf": 30000, "beam": 1e-48, "pbeam": 1e-48, "wbeam": 7e-29}
    # The wide search is for short commands only: on seconds of talk or noise
    # it costs several times the audio's length and finds nothing better.
    RETRY_MAX_SECONDS = 2.5

    def __init__(self, language: str = "en", payees=(), intents=None, jsgf: str | None = None, decoder_options: dict | None = None):
        """``language`` "en", or "hi": the same English acoustic model with the Hindi grammar and its
        committed dictionary of Devanagari words in English phones (voice.hindi_lexicon)."""
        if language not in ("en", "hi"):
            raise RecognizerUnavailable(f"pocketsphinx here has no model for language {language!r}")
        from pocketsphinx import Config, Decoder, get_model_path

        from smartbank_desktop.voice.grammar import grammar_words, jsgf_grammar
        from smartbank_desktop.voice.intents import load_intents
        from smartbank_desktop.voice.payees import as_payees
        from smartbank_desktop.voice.pronounce import pronunciations

        self.language = language
        started = time.perf_counter()
        model_dir = os.path.join(get_model_path(), "en-us")
        if language == "hi":
            from smartbank_desktop.voice.hindi_lexicon import dictionary_path

            dictionary = dictionary_path()
        else:
            dictionary = os.path.join(model_dir, "cmudict-en-us.dict")
        self._make_config = lambda options: Config(
            hmm=os.path.join(model_dir, "en-us"),
            dict=dictionary,
            lm=None,
            loglevel="FATAL",
            samprate=SAMPLE_RATE,
            **options,
        )
        self._Decoder = Decoder
        self.options = {**self.DECODER_OPTIONS, **(decoder_options or {})}
        self.jsgf = jsgf or jsgf_grammar(intents or load_intents(language), payees, language=language)
        name_words = {w for p in as_payees(payees) for w in p.name.lower().split()}
        self._probe = Decoder(self._make_config(self.options))
        missing = sorted(w for w in grammar_words(self.jsgf) if self._probe.lookup_word(w) is None)
        self.added_words = [
            (word if n == 0 else f"{word}({n + 1})", " ".join(phones))
            for word in missing
            for n, phones in enumerate(pronunciations(word, is_name=word in name_words))
        ]
        self.decoder = self._new_decoder(self.options, self._probe)
        del self._probe
        from smartbank_desktop.voice.nlu import IntentParser

        self._checker = IntentParser(language, payees, intents)
        self._wide_decoder = None
        self.retries = 0
        self.load_seconds = time.perf_counter() - started

    def _new_decoder(self, options: dict, decoder=None):
        decoder = decoder or self._Decoder(self._make_config(options))
        for i, (word, phones) in enumerate(self.added_words):
            decoder.add_word(word, phones, i == len(self.added_words) - 1)
        decoder.add_jsgf_string("commands", self.jsgf)
        decoder.activate_search("commands")
        return decoder

    @staticmethod
    def _decode(decoder, audio: bytes) -> str | None:
        decoder.start_utt()
        decoder.process_raw(audio, no_search=False, full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
        return _clean(hyp.hypstr) if hyp is not None else None

    def transcribe(self, clip: AudioClip) -> Transcript:
        started = time.perf_counter()
        trimmed = trim_silence(clip)
        audio = conditioned(trimmed).to_bytes()
        text = self._decode(self.decoder, audio)
        if (not text or self._checker.parse(text).intent == "none") and trimmed.duration <= self.RETRY_MAX_SECONDS:
            first = text
            if self._wide_decoder is None:
                self._wide_decoder = self._new_decoder({**self.options, **self.RETRY_OPTIONS})
            self.retries += 1
            text = self._decode(self._wide_decoder, audio) or first
        return Transcript(text or "", self.engine, (time.perf_counter() - started) * 1000.0, clip.duration)

    def stream(self) -> _PocketsphinxStream:
        return _PocketsphinxStream(self)


class _PocketsphinxStream:
    """Collects the utterance and decodes it whole at the end.

    The whole-utterance decode (batch normalisation of the features) is what
    makes pocketsphinx accurate on short commands; it costs a fraction of the
    utterance's length (real-time factor about 0.1-0.2), so there are no
    partial results from this engine.
    """

    def __init__(self, recognizer: PocketsphinxRecognizer):
        self.recognizer = recognizer
        self.frames: list[np.ndarray] = []
        self.seconds = 0.0

    def accept(self, frame: np.ndarray) -> str | None:
        self.frames.append(frame)
        self.seconds += len(frame) / SAMPLE_RATE
        return None

    def snapshot(self) -> Transcript:
        """Decode what has been heard so far (the pipeline does this while it waits for the end of speech)."""
        samples = np.concatenate(self.frames) if self.frames else np.zeros(0, np.int16)
        return self.recognizer.transcribe(AudioClip(samples))

    def finish(self) -> Transcript:
        return self.snapshot()


# ------------------------------------------------------------------------ vosk


class VoskRecognizer:
    """A vosk (Kaldi) model in grammar mode: only the template vocabulary is allowed."""

    engine = "vosk"

    def __init__(self, model_path: str | Path, language: str = "en", payees=(), intents=None, phrases: Iterable[str] | None = None):
        import vosk

        from smartbank_desktop.voice.grammar import vosk_phrases
        from smartbank_desktop.voice.intents import load_intents

        vosk.SetLogLevel(-1)
        self.language = language
        model_path = Path(model_path)
        if not (model_path / "am").is_dir() and not (model_path / "conf").is_dir():
            raise RecognizerUnavailable(f"{model_path} is not a vosk model folder")
        started = time.perf_counter()
        self.model = vosk.Model(str(model_path))
        if phrases is None:
            phrases = vosk_phrases(intents or load_intents(language), language, payees)
        # Words the model does not know cannot be in its grammar (vosk would warn and drop them).
        # "[unk]" stays: vosk treats it as the garbage word even where its lexicon lacks it.
        known = [p for p in phrases if p == "[unk]" or all(self.model.vosk_model_find_word(w) >= 0 for w in p.split())]
        self.missing_words = sorted({w for p in phrases if p != "[unk]" for w in p.split() if self.model.vosk_model_find_word(w) < 0})
        self.phrases = known
        self.grammar = json.dumps(self.phrases, ensure_ascii=False)
        self._vosk = vosk
        self.load_seconds = time.perf_counter() - started

    def new_kaldi_recognizer(self):
        return self._vosk.KaldiRecognizer(self.model, SAMPLE_RATE, self.grammar)

    def transcribe(self, clip: AudioClip) -> Transcript:
        started = time.perf_counter()
        recognizer = self.new_kaldi_recognizer()
        texts = []
        data = clip.to_bytes()
        chunk = 8000  # 0.25 s
        for offset in range(0, len(data), chunk):
            if recognizer.AcceptWaveform(data[offset : offset + chunk]):
                texts.append(json.loads(recognizer.Result()).get("text", ""))
        texts.append(json.loads(recognizer.FinalResult()).get("text", ""))
        text = _clean(" ".join(texts))
        return Transcript(text, self.engine, (time.perf_counter() - started) * 1000.0, clip.duration)

    def stream(self) -> _VoskStream:
        return _VoskStream(self)


class _VoskStream:
    """Streaming vosk: partial results as audio arrives; vosk's own endpointing marks utterance ends."""

    def __init__(self, recognizer: VoskRecognizer):
        self.kaldi = recognizer.new_kaldi_recognizer()
        self.last_partial = ""
        self.finals: list[str] = []
        self.seconds = 0.0
        self.busy = 0.0
        self.endpoint_seen = False

    def accept(self, frame: np.ndarray) -> str | None:
        started = time.perf_counter()
        self.seconds += len(frame) / SAMPLE_RATE
        if self.kaldi.AcceptWaveform(frame.astype("<i2").tobytes()):
            text = _clean(json.loads(self.kaldi.Result()).get("text", ""))
            if text:
                self.finals.append(text)
                self.endpoint_seen = True
            self.last_partial = ""
            self.busy += time.perf_counter() - started
            return None
        partial = _clean(json.loads(self.kaldi.PartialResult()).get("partial", ""))
        self.busy += time.perf_counter() - started
        if partial != self.last_partial:
            self.last_partial = partial
            return " ".join([*self.finals, partial])
        return None

    def take_final(self) -> str | None:
        """The utterance vosk ended by its own endpointing, if one is waiting."""
        if self.finals:
            return self.finals.pop(0)
        return None

    def finish(self) -> Transcript:
        started = time.perf_counter()
        tail = _clean(json.loads(self.kaldi.FinalResult()).get("text", ""))
        text = " ".join(t for t in [*self.finals, tail] if t)
        return Transcript(text, "vosk", (self.busy + time.perf_counter() - started) * 1000.0, self.seconds, self.endpoint_seen)


# --------------------------------------------------------------------- factory


def installed_vosk_model(language: str) -> Path | None:
    """The folder of an installed vosk model for the language, from the models folder."""
    try:
        from smartbank_desktop.voice.models import ModelManager
    except ImportError:
        return None
    return ModelManager().installed_model_for_language(language)


def create_recognizer(language: str = "en", engine: str | None = None, payees=(), model_path: str | Path | None = None, intents=None, check: bool = True) -> Recognizer:
    """The engine asked for, or the best one installed: vosk with a model, else pocketsphinx.

    Pocketsphinx's English acoustic model hears Hindi too, through a Hindi
    grammar and pronunciations (less well than a Hindi vosk model would).

    ``check``: where Whisper is installed (English), every result of the
    grammar engine is re-checked by it (voice.crosscheck) and unsure ones are
    not accepted. Custom ``intents`` are never checked (Whisper's matcher
    knows only the language's own templates).
    """
    primary = _grammar_recognizer(language, engine, payees, model_path, intents)
    if not check or intents is not None or language != "en":
        return primary
    from smartbank_desktop.voice.whisper import shared_whisper

    try:
        checker = shared_whisper()
    except RecognizerUnavailable:
        return primary
    from smartbank_desktop.voice.crosscheck import CrossCheckedRecognizer

    return CrossCheckedRecognizer(primary, checker, payees=payees)


def _grammar_recognizer(language, engine, payees, model_path, intents) -> Recognizer:
    if engine not in (None, "vosk", "pocketsphinx"):
        raise RecognizerUnavailable(f"unknown speech engine {engine!r}")
    if engine in (None, "vosk"):
        path = Path(model_path) if model_path else installed_vosk_model(language)
        if path is not None and path.is_dir():
            return VoskRecognizer(path, language, payees, intents)
        if engine == "vosk":
            if model_path:
                raise RecognizerUnavailable(f"no vosk model folder at {model_path}")
            raise RecognizerUnavailable(
                f"no vosk model for language {language!r} is installed; see `smartbank models list` and `smartbank models download NAME`"
            )
    return PocketsphinxRecognizer(language, payees, intents)
