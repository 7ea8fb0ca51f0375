"""Fixtures for backend tests: API clients signed in as real customers."""

from __future__ import annotations

import json
import os

import pytest
from rest_framework.test import APIClient

from .factories import make_customer


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Each test starts with empty rate-limit counters (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def quick_pin_hashing(settings):
    """PBKDF2's deliberate slowness is Django's to test; the suite hashes PINs quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api():
    return APIClient()


def signed_in_client(customer) -> APIClient:
    client = APIClient()
    response = client.post("/api/auth/login/", {"username": customer.mobile, "pin": customer.pin}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    return client


@pytest.fixture
def customer(db):
    return make_customer()


@pytest.fixture
def client_for():
    return signed_in_client


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
        database = fresh_database_url(database, "smartbank_live_test")
    else:
        database = f"sqlite:///{home / 'smartbank.sqlite3'}"
    env = {"SMARTBANK_HOME": str(home), "DATABASE_URL": database,
           # The generated requests of the schema fuzzer must reach the views, not the rate limiter.
           "SMARTBANK_REGISTRATION_RATE": "10000/min", "SMARTBANK_SIGN_IN_RATE": "10000/min"}
    backend = BackendProcess(env=env,
                             log_path=home / "backend.log")
    backend.start()
    backend.demo_customers = json.loads(backend.manage("seed_demo", "--customers", "4", "--json"))
    yield backend
    backend.stop()
