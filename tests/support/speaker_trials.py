"""Speaker verification trials on nine real speakers, per channel and per impostor class.

Speakers: the five LibriSpeech readers (enrolled from utterances 0-2, tested on
3 s of each of utterances 3-9) and the four speakers of the spoken digits
(enrolled from three six-digit passcodes of their development takes, tested on
seven passcodes of their held-out takes, the way voice sign-in hears them).
The thresholds were set on the LibriSpeech readers; the digit speakers were
never used to tune speaker verification.

Each channel is applied to enrolment and test alike (a customer enrols on the
microphone they sign in with). Impostor classes: every other of the nine
speakers, and espeak-ng voices. A replayed enrolment with the wrong digits is
refused by the digits check of voice sign-in, not by the voice score (see
tests/backend/test_biometric_sign_in.py).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tests.support import corpus, degrade
from tests.support.metrics import equal_error_rate, error_rates, threshold_for_far

SPEECH = Path(__file__).resolve().parent.parent / "data" / "speech"
LIBRISPEECH = SPEECH / "librispeech"
ESPEAK = sorted((SPEECH / "espeak").glob("*.wav"))
TESTS_PER_SPEAKER = 7
BABBLE_TALKERS = 3


def _babble_behind(audio: np.ndarray, speaker: str, snr_db: float, seed: int) -> np.ndarray:
    """Three LibriSpeech readers other than ``speaker`` talking behind, at ``snr_db`` below the speech."""
    rng = random.Random(seed)
    others = [d for d in sorted(LIBRISPEECH.iterdir()) if d.is_dir() and d.name != speaker]
    talk = np.zeros(len(audio))
    for reader in rng.sample(others, BABBLE_TALKERS):
        utterance = corpus._utterance(rng.choice(sorted(reader.glob("*.flac"))))
        while len(utterance) < len(audio):
            utterance = np.concatenate([utterance, utterance])
        start = rng.randrange(0, len(utterance) - len(audio) + 1)
        talk += utterance[start:start + len(audio)]
    speech_power = np.mean(audio.astype(np.float64) ** 2) + 1e-12
    talk *= np.sqrt(speech_power / 10 ** (snr_db / 10) / (np.mean(talk**2) + 1e-12))
    return np.clip(audio + talk, -1, 1).astype(np.float32)


# name -> channel(audio, speaker, seed)
CHANNELS = {
    "clean": lambda audio, speaker, seed: audio,
    "telephone_20dB": lambda audio, speaker, seed: degrade.cheap_microphone(audio, snr_db=20, seed=seed),
    "telephone_10dB": lambda audio, speaker, seed: degrade.cheap_microphone(audio, snr_db=10, seed=seed),
    "babble_20dB": lambda audio, speaker, seed: _babble_behind(audio, speaker, 20, seed),
    "babble_10dB": lambda audio, speaker, seed: _babble_behind(audio, speaker, 10, seed),
}


@dataclass
class SpeakerMaterial:
    enrolment: list[np.ndarray]
    tests: list[np.ndarray]
    kind: str  # "librispeech" or "digits"


def speaker_material(seed: int = 20261203) -> dict[str, SpeakerMaterial]:
    """speaker -> three enrolment recordings and seven test recordings (16 kHz float32)."""
    from smartbank_desktop.core.audio import decode_audio

    material = {}
    for reader in sorted(d for d in LIBRISPEECH.iterdir() if d.is_dir()):
        clips = sorted(reader.glob("*.flac"))
        audio = [decode_audio(c) for c in clips]
        material[reader.name] = SpeakerMaterial(audio[:3], [a[8000:56000] for a in audio[3:3 + TESTS_PER_SPEAKER]],
                                                "librispeech")
    rng = random.Random(seed)
    for speaker in corpus.DIGIT_SPEAKERS:
        def said(split):
            return corpus.passcode(rng, speaker, split).clip.samples.astype(np.float32) / 32767
        material[speaker] = SpeakerMaterial([said("development") for _ in range(3)],
                                            [said("held_out") for _ in range(TESTS_PER_SPEAKER)], "digits")
    return material


@dataclass
class ChannelScores:
    genuine: list[float] = field(default_factory=list)
    impostors: dict[str, list[float]] = field(default_factory=lambda: {"other_person": [], "espeak": []})
    rejected_as_no_speech: int = 0  # genuine test recordings the verifier would not score at all


@dataclass
class Embedded:
    """One channel's enrolment templates, test embeddings (None: no speech found) and espeak-ng voices."""

    templates: dict
    tests: dict[str, list]
    voices: list


def embed_channels(verifier, material: dict[str, SpeakerMaterial], channels=CHANNELS) -> dict[str, Embedded]:
    """channel -> every recording of ``material`` and the espeak-ng voices, through it, embedded."""
    from smartbank_desktop.biometrics import BiometricError
    from smartbank_desktop.core.audio import decode_audio

    def embedding(audio):
        try:
            return verifier.embed(audio)
        except BiometricError:
            return None

    espeak = [decode_audio(p) for p in ESPEAK]
    embedded = {}
    for index, (name, channel) in enumerate(channels.items()):
        seed = 1000 * index
        embedded[name] = Embedded(
            {who: verifier.enrol([channel(a, who, seed + i) for i, a in enumerate(m.enrolment)])
             for who, m in material.items()},
            {who: [embedding(channel(a, who, seed + 100 + i)) for i, a in enumerate(m.tests)]
             for who, m in material.items()},
            [verifier.embed(channel(a, "espeak", seed + 500 + i)) for i, a in enumerate(espeak)])
    return embedded


def score(verifier, embedded: Embedded, among=None) -> ChannelScores:
    """Every genuine and impostor score of one channel (the verifier's own: cohort-normalised by default),
    over the speakers in ``among`` (all when None)."""
    speakers = [who for who in embedded.templates if among is None or who in among]
    scores = ChannelScores()
    for who in speakers:
        template = embedded.templates[who]
        for other in speakers:
            for test in embedded.tests[other]:
                if test is None:
                    scores.rejected_as_no_speech += other == who
                    continue
                value = verifier.score(template, test)[0]
                (scores.genuine if other == who else scores.impostors["other_person"]).append(value)
        scores.impostors["espeak"] += [verifier.score(template, v)[0] for v in embedded.voices]
    return scores


def rates(scores: ChannelScores, threshold: float) -> dict:
    """False accepts per impostor class, false rejects (unscorable recordings count as rejected), EER."""
    every_impostor = [s for values in scores.impostors.values() for s in values]
    genuine_trials = len(scores.genuine) + scores.rejected_as_no_speech
    false_rejects = sum(s < threshold for s in scores.genuine) + scores.rejected_as_no_speech
    eer, eer_threshold = equal_error_rate(scores.genuine, every_impostor)
    report = {"FRR": round(false_rejects / genuine_trials, 4), "false_rejects": false_rejects,
              "genuine_trials": genuine_trials, "EER": round(eer, 4), "EER_threshold": round(eer_threshold, 3),
              "threshold_for_FAR_1pct": round(threshold_for_far(every_impostor, 0.01), 3)}
    for kind, values in scores.impostors.items():
        far, _ = error_rates(scores.genuine, values, threshold)
        report[f"FAR_{kind}"] = round(far, 4)
        report[f"false_accepts_{kind}"] = int(sum(v >= threshold for v in values))
        report[f"trials_{kind}"] = len(values)
    return report
