"""The Dockerfile and compose.yaml, checked without a container engine: every SmartBank command they run is one
the ``smartbank`` command accepts, every setting they pass is one the code reads, and secrets come from outside."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from smartbank_desktop.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SOURCE = "\n".join(p.read_text() for p in (ROOT / "smartbank_desktop").rglob("*.py"))


def smartbank_commands(command) -> list[list[str]]:
    """The ``smartbank ...`` invocations in a service's command (an argv, or ``sh -c "a && b"``)."""
    if command[:2] == ["sh", "-c"]:
        parts = [shlex.split(part) for part in re.split(r"&&|\(|\)|&", command[2])]
    else:
        parts = [command]
    return [part for part in parts if part and part[0] == "smartbank"]


def dockerfile_cmd() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", "")
    return json.loads(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))


COMMANDS = [(name, argv) for name, service in COMPOSE["services"].items()
            for argv in smartbank_commands(service.get("command") or [])] + [("Dockerfile", dockerfile_cmd())]


@pytest.mark.parametrize("where,argv", COMMANDS, ids=[f"{w}:{' '.join(a[1:3])}" for w, a in COMMANDS])
def test_every_command_is_one_smartbank_accepts(where, argv):
    if argv[1] == "manage":
        assert argv[2] in {"migrate", "prepare_storage"}
        return
    args = build_parser().parse_args(argv[1:])
    assert callable(args.handler)


def test_the_services_of_the_topology_are_all_there():
    services = COMPOSE["services"]
    assert {"web", "worker", "flower", "postgres", "redis", "minio", "migrate", "clamav"} <= set(services)
    assert [c[1] for c in smartbank_commands(services["web"]["command"])] == ["serve"]
    assert "--server" in services["web"]["command"] and "gunicorn" in services["web"]["command"]
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert services["flower"]["ports"] == ["127.0.0.1:5555:5555"]  # staff only, never on every address


def test_every_setting_is_read_by_the_code_and_secrets_come_from_outside():
    settings = {}
    for service in COMPOSE["services"].values():
        settings.update(service.get("environment") or {})
    names = [name for name in settings if name.startswith(("SMARTBANK_", "DATABASE_URL"))]
    assert len(names) > 10
    for name in names:
        assert f'"{name}"' in SOURCE or f"'{name}'" in SOURCE, f"{name} is read nowhere"
    for secret in ("SMARTBANK_SECRET_KEY", "SMARTBANK_DATA_KEY", "AWS_SECRET_ACCESS_KEY", "FLOWER_BASIC_AUTH"):
        assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", settings[secret]), secret
    assert ":?" in settings["DATABASE_URL"]
