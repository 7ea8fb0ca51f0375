"""A real Secret Service (dbus + gnome-keyring) for keyring tests, started by the tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from tests.conftest import require


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory):
    require(bool(shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")),
            "dbus-daemon and gnome-keyring-daemon (Debian: dbus, gnome-keyring)")
    home = tmp_path_factory.mktemp("keyring-home")
    bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                         capture_output=True, text=True, check=True).stdout.split()
    address, bus_pid = bus[0], int(bus[1])
    saved = {k: os.environ.get(k) for k in ("DBUS_SESSION_BUS_ADDRESS", "XDG_DATA_HOME", "XDG_RUNTIME_DIR")}
    os.environ.update(DBUS_SESSION_BUS_ADDRESS=address, XDG_DATA_HOME=str(home), XDG_RUNTIME_DIR=str(home))
    daemon = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
                            input="test-password", capture_output=True, text=True, check=True)
    time.sleep(0.3)
    from keyring.backends.SecretService import Keyring

    try:
        yield Keyring()
    finally:
        subprocess.run(["pkill", "-f", f"gnome-keyring-daemon.*{home}"], check=False)
        for line in daemon.stdout.splitlines():
            if line.startswith("GNOME_KEYRING_PID="):
                subprocess.run(["kill", line.split("=", 1)[1]], check=False)
        os.kill(bus_pid, 15)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
