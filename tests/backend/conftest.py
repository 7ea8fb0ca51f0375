"""Fixtures for backend tests: API clients signed in as real customers."""

from __future__ import annotations

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
