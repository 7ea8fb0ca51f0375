"""A bounded schemathesis run with all its checks against the real server, as a bank runs it: gunicorn with
two web processes (on PostgreSQL in the PostgreSQL pass), at least 1,000 generated requests.

No request may cause a 5xx; every answer must be documented (status, content type and
body); what the schema calls invalid must be refused and what it calls valid accepted,
except for the refusals ``schemathesis.toml`` names, for rules no schema can state.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from smartbank_desktop.backend.process import BackendProcess, fresh_database_url

CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"


@pytest.fixture(scope="module")
def multi_process_backend(tmp_path_factory):
    """gunicorn with 2 web processes on a database of its own (the kind of the run), with one demo customer."""
    home = tmp_path_factory.mktemp("fuzz-backend")
    database = os.environ.get("DATABASE_URL", "")
    database = (fresh_database_url(database, "fuzz_test") if database.startswith("postgres")
                else f"sqlite:///{home / 'smartbank.sqlite3'}")
    env = {"SMARTBANK_HOME": str(home), "DATABASE_URL": database,
           # The generated requests must reach the views, not the rate limiter.
           "SMARTBANK_REGISTRATION_RATE": "10000/min", "SMARTBANK_SIGN_IN_RATE": "10000/min"}
    with BackendProcess(env=env, log_path=home / "backend.log", server="gunicorn", workers=2) as backend:
        backend.demo = json.loads(backend.manage("seed_demo", "--customers", "2", "--payees", "1", "--json"))
        yield backend


def test_generated_requests_meet_every_check(multi_process_backend, tmp_path):
    live_backend = multi_process_backend
    assert httpx.get(f"{live_backend.url}/healthz").headers["server"] == "gunicorn"
    demo = live_backend.demo[-1]
    tokens = httpx.post(f"{live_backend.url}/api/auth/login/",
                        json={"username": demo["mobile"], "pin": demo["pin"]}).json()
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    examples = os.environ.get("SMARTBANK_FUZZ_EXAMPLES", "50")
    result = subprocess.run(
        [cli, "--config-file", str(CONFIG), "run", f"{live_backend.url}/api/schema/", "--checks", "all",
         "--header", f"Authorization: Bearer {tokens['access']}", "--max-examples", examples,
         "--workers", "1", "--seed", "20261121", "--request-timeout", "20"],
        capture_output=True, text=True, timeout=900, cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-12000:]
    assert "Fuzzing" in output and "passed" in output  # the generated requests really ran
    generated = int(re.search(r"(\d+) generated", output).group(1))
    assert generated >= (1000 if examples == "50" else 1), output[-3000:]
