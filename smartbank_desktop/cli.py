"""The ``smartbank`` command: one entry point for operators, support staff and tools.

Each layer adds its own sub-commands through a ``register(subparsers)``
function in its ``cli`` module; heavy libraries are imported only inside the
command that needs them, so ``smartbank --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from smartbank_desktop.core.console import UserError

# Layer modules that contribute sub-commands; each has register(subparsers).
LAYER_COMMANDS = (
    "smartbank_desktop.backend.cli",
    "smartbank_desktop.client.cli",
    "smartbank_desktop.voice.cli",
    "smartbank_desktop.biometrics.cli",
    "smartbank_desktop.ui.cli",
    "smartbank_desktop.product",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartbank", description="SmartBank Desktop: voice-first banking for elderly customers."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for module_name in LAYER_COMMANDS:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    # `smartbank manage ...` hands everything after it to Django untouched.
    if argv[:1] == ["manage"]:
        args = argparse.Namespace(handler=None, manage_args=argv[1:])
        from smartbank_desktop.backend.cli import manage

        return manage(args)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"smartbank: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
