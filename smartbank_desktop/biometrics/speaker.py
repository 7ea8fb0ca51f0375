"""Speaker verification: a `SpeakerEncoder` interface (Resemblyzer by default, SpeechBrain ECAPA
from local weights), enrolment from a few utterances, and scores calibrated for cheap microphones.

Audio is cleared of steady room noise, trimmed to its voiced parts and embedded;
the score is the cosine similarity to the enrolment, less how much both resemble
a cohort of other voices (cheap microphones make every voice resemble every
other one more; the cohort measures that rise and takes it out).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from smartbank_desktop.biometrics import BiometricError
from smartbank_desktop.core.audio import SAMPLE_RATE, AudioDecodeError, decode_audio

# Measured on LibriSpeech test-other (5 speakers; 3-utterance enrolments, 3 s test
# clips; 70 genuine and 400 impostor trials per condition; bench/biometrics.py),
# thresholds set so that false accepts stay at or below 1% in every condition:
#
# ==========================================  ==================  ==================
# enrolment / test channel                    raw cosine >= 0.87  normalised >= 0.22
# ==========================================  ==================  ==================
# clean / clean                               FAR 0%, FRR 44%     FAR 1.0%, FRR 2.9%
# telephone band + noise 15 dB, both          FAR 0.25%, FRR 34%  FAR 0.25%, FRR 34%
# telephone band + noise 10 dB, both          FAR 0.75%, FRR 41%  FAR 0.25%, FRR 43%
# clean / room noise 15 dB                    FAR 0%, FRR 97%     FAR 0%, FRR 60%
# ==========================================  ==================  ==================
#
# EER, normalised: 1.5% clean, 7.3% and 11.5% through the noisy telephone band,
# 4.3% clean-enrolled/noisy test. A threshold tuned on clean audio (0.75 raw) lets
# impostors in through the noisy telephone band. espeak-ng voices scored at most
# -0.09 normalised against every enrolled speaker. So enrol through the microphone
# that will be used for login.
#
# Four speakers never used to set it (the spoken digits' speakers, 8 kHz recordings
# of six-digit passcodes; tests/support/speaker_trials.py) showed what the cohort
# lacked: centred on the whole cohort, at 0.27, 11 of their 84 impostor trials were
# accepted in a quiet room. With 8 kHz voices in the cohort and the centring on the
# 200 closest cohort voices, 1 of 84 is, and 2 of 504 among all nine speakers.
RAW_THRESHOLD = 0.87  # cosine similarity, when no cohort is given
NORMALISED_THRESHOLD = 0.22  # cohort-normalised score (the default, with the built-in cohort)
COHORT_TOP = 200  # the cohort voices closest to a recording that its score is centred on
MIN_SPEECH_SECONDS = 0.8
VAD_FRAME_MS = 30
MIN_PEAK_LEVEL = 0.003  # -50 dBFS: quieter than this is no speech at all

NO_SPEECH = "We could not hear enough speech. Please speak a little louder and closer to the microphone."


class EncoderUnavailable(BiometricError):
    """The chosen speaker model is not installed here."""


def load_audio(source, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Mono float32 at `sample_rate` from a WAV/FLAC path, bytes, or an array already at that rate."""
    if isinstance(source, (str, Path)) and not Path(source).is_file():
        raise BiometricError(f"No such audio file: {source}")
    try:
        return decode_audio(source, sample_rate)
    except AudioDecodeError as exc:
        raise BiometricError("This file is not a recording we can read (WAV or FLAC, please).") from exc


def trim_silence(audio: np.ndarray, sample_rate: int = SAMPLE_RATE, aggressiveness: int = 3,
                 padding_ms: int = 90) -> np.ndarray:
    """Only the voiced parts (webrtcvad), each with a little padding; silence and pauses dropped."""
    import webrtcvad

    vad = webrtcvad.Vad(aggressiveness)
    frame = sample_rate * VAD_FRAME_MS // 1000
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    if peak < MIN_PEAK_LEVEL:
        return audio[:0]  # nothing above the microphone's own hiss
    pcm = (np.clip(audio / peak, -1, 1) * 32767 * 0.9).astype(np.int16)
    count = len(pcm) // frame
    voiced = np.array([vad.is_speech(pcm[i * frame:(i + 1) * frame].tobytes(), sample_rate) for i in range(count)], bool)
    if not voiced.any():
        return audio[:0]
    pad = max(1, padding_ms // VAD_FRAME_MS)
    keep = np.convolve(voiced.astype(int), np.ones(2 * pad + 1, int), mode="same") > 0
    mask = np.repeat(keep, frame)
    return audio[: len(mask)][mask]


def reduce_noise(audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Spectral subtraction: the quietest 15% of frames give the room's noise spectrum, removed everywhere.

    Measured with Resemblyzer on 3 s LibriSpeech clips through a telephone band with
    room noise at 15 dB SNR (enrolment through the same channel): EER 10% without, 5.6% with.
    """
    from scipy import signal

    if len(audio) < 1024:
        return audio
    _, _, spectrum = signal.stft(audio, sample_rate, nperseg=512)
    power = np.abs(spectrum) ** 2
    frame_energy = power.sum(axis=0)
    noise = power[:, frame_energy <= np.quantile(frame_energy, 0.15)].mean(axis=1, keepdims=True)
    gain = np.maximum(1 - 1.5 * noise / (power + 1e-12), 0.08)  # 1.5x over-subtraction, floor -22 dB
    _, cleaned = signal.istft(spectrum * np.sqrt(gain), sample_rate, nperseg=512)
    return cleaned[: len(audio)].astype(np.float32)


class SpeakerEncoder(ABC):
    """Turns 16 kHz mono speech into a unit-length voice embedding."""

    name: str = ""
    sample_rate: int = SAMPLE_RATE

    @abstractmethod
    def embed(self, audio: np.ndarray) -> np.ndarray:
        """The embedding of trimmed speech (float32 at `sample_rate`), L2-normalised."""


class ResemblyzerEncoder(SpeakerEncoder):
    """Resemblyzer's GE2E encoder; its weights ship inside its wheel."""

    name = "resemblyzer"
    _lock = threading.Lock()
    _shared = None

    def __init__(self):
        with ResemblyzerEncoder._lock:
            if ResemblyzerEncoder._shared is None:
                from resemblyzer import VoiceEncoder

                ResemblyzerEncoder._shared = VoiceEncoder("cpu", verbose=False)
        self.model = ResemblyzerEncoder._shared

    def embed(self, audio: np.ndarray) -> np.ndarray:
        from resemblyzer.audio import normalize_volume

        wav = normalize_volume(audio, -30, increase_only=True)
        embedding = self.model.embed_utterance(wav.astype(np.float32))
        return embedding / (np.linalg.norm(embedding) or 1.0)


def model_folders() -> list[Path]:
    """Where local model weights are looked for, in order: $SMARTBANK_MODELS_DIR, the project's
    models/ folder, and models/ in the data folder (the same places as the speech models)."""
    import os

    folders = [Path(os.environ["SMARTBANK_MODELS_DIR"])] if os.environ.get("SMARTBANK_MODELS_DIR") else []
    folders.append(Path(__file__).resolve().parents[2] / "models")
    from smartbank_desktop.core.paths import data_dir

    folders.append(data_dir() / "models")
    return folders


class EcapaEncoder(SpeakerEncoder):
    """SpeechBrain's ECAPA-TDNN speaker model, from local weights in models/spkrec-ecapa-voxceleb/.

    No built-in cohort exists for it yet, so it scores by raw cosine similarity
    unless a cohort is given; its threshold must be measured before use.
    """

    name = "ecapa"
    FOLDER = "spkrec-ecapa-voxceleb"
    REQUIRED = ("hyperparams.yaml", "embedding_model.ckpt")
    RAW_THRESHOLD = 0.25  # SpeechBrain's own verification default; not measured here (no weights)

    def __init__(self, model_dir: Path | None = None):
        candidates = [Path(model_dir)] if model_dir else [root / self.FOLDER for root in model_folders()]
        folder = next((c for c in candidates if all((c / name).is_file() for name in self.REQUIRED)), None)
        if folder is None:
            raise EncoderUnavailable(
                f"The ECAPA speaker model is not installed: put {' and '.join(self.REQUIRED)} in "
                f"{candidates[0]}."
            )
        try:
            from speechbrain.inference.speaker import EncoderClassifier
        except Exception as exc:  # ImportError, or torchaudio failing to load beside the CPU torch
            raise EncoderUnavailable(
                "The ECAPA speaker model is not installed: the speechbrain package (with torchaudio) is missing."
            ) from exc
        self.model = EncoderClassifier.from_hparams(source=str(folder), savedir=str(folder), run_opts={"device": "cpu"})

    def embed(self, audio: np.ndarray) -> np.ndarray:
        import torch

        with torch.no_grad():
            embedding = self.model.encode_batch(torch.from_numpy(audio[None, :].copy())).reshape(-1).numpy()
        return embedding / (np.linalg.norm(embedding) or 1.0)


ENCODERS = {"resemblyzer": ResemblyzerEncoder, "ecapa": EcapaEncoder}


def make_encoder(name: str = "resemblyzer") -> SpeakerEncoder:
    try:
        return ENCODERS[name]()
    except KeyError:
        raise EncoderUnavailable(f"Unknown speaker model {name!r}; choose one of {', '.join(ENCODERS)}.") from None


@dataclass
class SpeakerTemplate:
    """An enrolled voice: the unit mean of the enrolment embeddings."""

    embedding: np.ndarray
    utterances: int
    encoder: str

    def to_bytes(self) -> bytes:
        return np.asarray(self.embedding, dtype=np.float32).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, encoder: str = "resemblyzer", utterances: int = 0) -> SpeakerTemplate:
        return cls(np.frombuffer(data, dtype=np.float32).copy(), utterances, encoder)


@dataclass
class SpeakerVerdict:
    score: float  # cohort-normalised when a cohort is set, else the raw cosine similarity
    raw_score: float
    match: bool
    normalised: bool


def _is_embedding(source) -> bool:
    """An embedding already computed (at most 1024 numbers), rather than audio or a file."""
    return isinstance(source, np.ndarray) and source.ndim == 1 and len(source) <= 1024


def _closest_mean(similarities: np.ndarray) -> float:
    """The mean of the ``COHORT_TOP`` highest similarities (all of them in a smaller cohort)."""
    top = min(COHORT_TOP, len(similarities))
    return float(np.partition(similarities, len(similarities) - top)[-top:].mean())


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / (np.linalg.norm(vector) or 1.0)


class SpeakerVerifier:
    def __init__(self, encoder: SpeakerEncoder, cohort: np.ndarray | None = None, threshold: float | None = None):
        self.encoder = encoder
        self.cohort = None
        self._threshold = threshold
        if cohort is not None:
            self.set_cohort(cohort)

    @classmethod
    def create(cls, encoder: str = "resemblyzer", threshold: float | None = None,
               cohort: str | None = "builtin") -> SpeakerVerifier:
        """A verifier with the named encoder and, by default, the built-in cohort (if one exists for it)."""
        from smartbank_desktop.biometrics.cohort import load_builtin_cohort

        speaker_encoder = make_encoder(encoder)
        embeddings = load_builtin_cohort(speaker_encoder.name) if cohort == "builtin" else None
        return cls(speaker_encoder, cohort=embeddings, threshold=threshold)

    @property
    def threshold(self) -> float:
        if self._threshold is not None:
            return self._threshold
        if self.encoder.name == EcapaEncoder.name and self.cohort is None:
            return EcapaEncoder.RAW_THRESHOLD
        return NORMALISED_THRESHOLD if self.cohort is not None else RAW_THRESHOLD

    def set_cohort(self, embeddings) -> None:
        """Other people's voice embeddings (N x D), for s-normalisation; None turns it off."""
        if embeddings is None:
            self.cohort = None
            return
        cohort = np.asarray(embeddings, dtype=np.float32)
        if cohort.ndim != 2 or len(cohort) < 5:
            raise BiometricError("A cohort needs at least 5 recordings of other people.")
        self.cohort = cohort / np.linalg.norm(cohort, axis=1, keepdims=True)

    def embed(self, source) -> np.ndarray:
        audio = load_audio(source, self.encoder.sample_rate)
        speech = trim_silence(reduce_noise(audio, self.encoder.sample_rate), self.encoder.sample_rate)
        if len(speech) < MIN_SPEECH_SECONDS * self.encoder.sample_rate:
            raise BiometricError(NO_SPEECH)
        return self.encoder.embed(speech)

    def enrol(self, sources) -> SpeakerTemplate:
        """A template from enrolment recordings (three are asked for; any number from one works).

        Each source is a file, audio bytes, a 16 kHz audio array, or an embedding from `embed`.
        """
        sources = list(sources)
        if not sources:
            raise BiometricError("Enrolment needs at least one recording.")
        embeddings = [s if _is_embedding(s) else self.embed(s) for s in sources]
        return SpeakerTemplate(_unit(np.mean(embeddings, axis=0)), len(embeddings), self.encoder.name)

    def score(self, template: SpeakerTemplate, embedding: np.ndarray) -> tuple[float, float]:
        """(normalised or raw score, raw cosine similarity).

        Normalised: the raw similarity less the mean of how the enrolment and the test
        each resemble the cohort voices closest to them (adaptive s-norm's centring over
        the top ``COHORT_TOP``; dividing by the cohort's spread as full s-norm does was
        measured worse with the cohorts available here).
        """
        enrolled = _unit(np.asarray(template.embedding, dtype=np.float32))
        raw = float(np.dot(enrolled, embedding))
        if self.cohort is None:
            return raw, raw
        return raw - 0.5 * (_closest_mean(self.cohort @ enrolled) + _closest_mean(self.cohort @ embedding)), raw

    def verify(self, template: SpeakerTemplate, source) -> SpeakerVerdict:
        embedding = source if _is_embedding(source) else self.embed(source)
        score, raw = self.score(template, embedding)
        return SpeakerVerdict(score, raw, score >= self.threshold, self.cohort is not None)


AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")


def load_cohort(encoder_or_verifier, path) -> np.ndarray:
    """Cohort embeddings from a .npy file (N x D) or a folder of recordings (searched recursively)."""
    verifier = encoder_or_verifier if isinstance(encoder_or_verifier, SpeakerVerifier) else SpeakerVerifier(encoder_or_verifier)
    path = Path(path)
    if path.suffix == ".npy" and path.is_file():
        return np.load(path)
    if not path.is_dir():
        raise BiometricError(f"No such cohort folder or .npy file: {path}")
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES)
    if not files:
        raise BiometricError(f"No recordings (WAV or FLAC) in the cohort folder {path}.")
    embeddings = []
    for file in files:
        try:
            embeddings.append(verifier.embed(file))
        except BiometricError:
            continue  # a silent or unreadable cohort file is skipped, not fatal
    return np.array(embeddings)
