"""Build the Hindi pronunciation dictionary that ships with the package (smartbank_desktop/voice/lexicons/hi.dict).

Every Devanagari word of the Hindi recognizer's grammar (the Hindi intent
templates and number words) is given to espeak-ng's Hindi voice for its IPA,
which voice.hindi_lexicon turns into the ARPAbet phones of pocketsphinx's
US-English model. Run it after changing the Hindi templates (needs espeak-ng;
made with espeak-ng 1.51); ``--check`` only says whether the committed file is
current.

    .venv/bin/python scripts/hindi_lexicon.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smartbank_desktop.voice.hindi_lexicon import build_dictionary, hindi_grammar_words, written_spellings
from smartbank_desktop.voice.pronounce import espeak_ipa

OUT = Path(__file__).resolve().parent.parent / "smartbank_desktop" / "voice" / "lexicons" / "hi.dict"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed dictionary")
    args = parser.parse_args(argv)

    def ipa(word: str) -> str:
        text = espeak_ipa(word, "hi")
        if not text:
            raise SystemExit("espeak-ng is not installed (Debian: espeak-ng)")
        return text

    text = build_dictionary(hindi_grammar_words(), ipa, written_spellings())
    if args.check:
        current = OUT.read_text("utf-8") if OUT.exists() else ""
        print("current" if current == text else f"out of date: run {Path(__file__).name}")
        return 0 if current == text else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, "utf-8")
    print(f"{len(text.splitlines())} words -> {OUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
