"""Test-wide set-up: a private data folder per run, so tests never touch a real one."""

import os
import tempfile

# Before Django's settings are read: keys, SQLite files and documents go here.
os.environ["SMARTBANK_HOME"] = tempfile.mkdtemp(prefix="smartbank-test-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartbank_desktop.backend.settings")
