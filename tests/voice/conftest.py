"""Shared fixtures for the voice tests: a private PulseAudio server with a null sink."""

import os
import shutil
import subprocess
import time

import pytest

from tests.conftest import require

SINK = "smartbank_test_mic"


@pytest.fixture(scope="session")
def pulse(tmp_path_factory):
    """A private PulseAudio server with a null sink whose monitor is the default microphone."""
    require(shutil.which("pulseaudio") is not None and shutil.which("pactl") is not None,
            "PulseAudio is not installed (Debian: pulseaudio pulseaudio-utils)")
    runtime = tmp_path_factory.mktemp("pulse")
    env = {**os.environ, "PULSE_RUNTIME_PATH": str(runtime / "run"), "HOME": str(runtime)}
    (runtime / "run").mkdir()
    server = subprocess.Popen(
        ["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--realtime=no", "--high-priority=no",
         "--load=module-native-protocol-unix", f"--load=module-null-sink sink_name={SINK} rate=16000 channels=1",
         "--log-level=error"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    for _ in range(50):
        if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
            break
        if server.poll() is not None:
            require(False, f"PulseAudio could not start: {server.stderr.read().decode(errors='replace')[:300]}")
        time.sleep(0.1)
    else:
        server.kill()
        require(False, "PulseAudio did not answer within 5 seconds")
    subprocess.run(["pactl", "set-default-source", f"{SINK}.monitor"], env=env, check=True)
    yield env
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()


