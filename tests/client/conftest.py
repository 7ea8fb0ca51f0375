"""The client tests' fixtures: the real Secret Service is the test-wide ``secret_service`` (tests/conftest.py)."""
