"""Test-wide fixtures (the private data folder is set by tests/environment.py, loaded first)."""

import json
import os
import shutil
import subprocess
import time

import pytest

SHARED_DEMO_CUSTOMERS = 4
OWN_DEMO_CUSTOMERS = 72  # for the tests that take a customer of their own (the app's, the Bank contract's)


@pytest.fixture(scope="session")
def live_backend(tmp_path_factory):
    """The real server (``smartbank serve``, waitress) in a child process, with demo customers.

    On the same kind of database as the rest of the run: a fresh PostgreSQL
    database when DATABASE_URL names one, else SQLite in a private data folder.
    """
    from smartbank_desktop.backend.process import BackendProcess, fresh_database_url

    home = tmp_path_factory.mktemp("live-backend")
    database = os.environ.get("DATABASE_URL", "")
    if database.startswith("postgres"):
        database = fresh_database_url(database, "live_test")
    else:
        database = f"sqlite:///{home / 'smartbank.sqlite3'}"
    env = {"SMARTBANK_HOME": str(home), "DATABASE_URL": database,
           # The generated requests of the schema fuzzer must reach the views, not the rate limiter.
           "SMARTBANK_REGISTRATION_RATE": "10000/min", "SMARTBANK_SIGN_IN_RATE": "10000/min"}
    backend = BackendProcess(env=env,
                             log_path=home / "backend.log")
    backend.start()
    # All demo customers are made now, before any test registers a real customer (after which seed_demo
    # refuses the database). The first four are shared; tests that change a customer take one of their own.
    demo = json.loads(backend.manage("seed_demo", "--customers", str(SHARED_DEMO_CUSTOMERS + OWN_DEMO_CUSTOMERS),
                                     "--payees", str(SHARED_DEMO_CUSTOMERS), "--json"))
    backend.demo_customers, spare = demo[:SHARED_DEMO_CUSTOMERS], demo[SHARED_DEMO_CUSTOMERS:]

    def take_customer() -> dict:
        assert spare, "every demo customer of the live bank is taken: raise OWN_DEMO_CUSTOMERS"
        return spare.pop(0)

    backend.take_customer = take_customer
    yield backend
    backend.stop()


def require(condition: bool, reason: str) -> None:
    """Skip when a machine lacks what a test needs; on CI, where setup installs it, fail instead."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide this: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory):
    """A real Secret Service (dbus + gnome-keyring) for keyring tests, started by the tests."""
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
