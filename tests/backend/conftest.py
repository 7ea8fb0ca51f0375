"""Fixtures for backend tests: API clients signed in as real customers."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .factories import make_customer


@pytest.fixture(autouse=True)
def fresh_cache(request):
    """Each test that uses the database starts with an empty shared cache (rate-limit counters, conversations).

    The cache is a table of the database, outside the models, so a transactional test's flush leaves it."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        from django.core.cache import cache

        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()


@pytest.fixture(autouse=True)
def quick_pin_hashing(settings):
    """PBKDF2's deliberate slowness is Django's to test; the suite hashes PINs quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    """The OpenAPI schema the backend serves."""
    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/?format=json").json()


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
