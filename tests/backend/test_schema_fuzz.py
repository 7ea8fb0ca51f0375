"""A bounded schemathesis run against the real server: no request may cause a 5xx."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx


def test_no_server_errors_for_generated_requests(live_backend, tmp_path):
    demo = live_backend.demo_customers[-1]
    tokens = httpx.post(f"{live_backend.url}/api/auth/login/",
                        json={"username": demo["mobile"], "pin": demo["pin"]}).json()
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    examples = os.environ.get("SMARTBANK_FUZZ_EXAMPLES", "25")
    result = subprocess.run(
        [cli, "run", f"{live_backend.url}/api/schema/", "--checks", "not_a_server_error",
         "--header", f"Authorization: Bearer {tokens['access']}", "--max-examples", examples,
         "--workers", "1", "--seed", "20261121", "--request-timeout", "20"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "Fuzzing" in output and "passed" in output  # the generated requests really ran
