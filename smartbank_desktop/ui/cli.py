"""``smartbank chat``: the assistant's front ends, started from a terminal."""

from __future__ import annotations


def register(subparsers) -> None:
    chat = subparsers.add_parser("chat", help="talk to the assistant in the terminal (microphone or typing)")
    chat.add_argument("--lang", choices=("en", "hi"), default="en")
    chat.add_argument("--type", dest="typed", action="store_true", help="type instead of speaking")
    chat.add_argument("--engine", choices=("vosk", "pocketsphinx"))
    chat.add_argument("--device", help="microphone: device number or part of its name")
    chat.add_argument("--mute", action="store_true", help="print replies without speaking them")
    chat.add_argument("--url", default=None, help="the bank's address (default: this computer's backend)")
    chat.set_defaults(handler=chat_command)


def chat_command(args) -> int:
    from smartbank_desktop.ui.terminal import run_terminal_chat

    return run_terminal_chat(args)
