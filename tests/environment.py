"""Loaded first (``-p tests.environment``): a private data folder per test run.

It must be set before pytest-django reads the settings, which happens before
any conftest is imported; tests never touch a real customer's data folder.
"""

import os
import tempfile

os.environ["SMARTBANK_HOME"] = tempfile.mkdtemp(prefix="smartbank-test-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartbank_desktop.backend.settings")
