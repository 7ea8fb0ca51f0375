"""SmartBank Desktop: a voice-first banking assistant and its bundled backend."""

__version__ = "0.1.0"
