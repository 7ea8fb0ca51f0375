"""The PySide6 desktop app: large-type, high-contrast screens, spoken aloud.

Empty so far: the screens come with their own issue. They will reach the bank
only through ``smartbank_desktop.client`` and speak through ``smartbank_desktop.voice``.
"""
