"""Serve the backend with waitress (a production WSGI server that also runs on Windows)."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartbank_desktop.backend.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def serve(host: str = "127.0.0.1", port: int = 8765, threads: int = 16) -> None:
    """Migrate, then serve until interrupted."""
    setup_django()
    migrate()
    from waitress import serve as waitress_serve

    from smartbank_desktop.backend.wsgi import application

    print(f"SmartBank backend listening on http://{host}:{port}/", flush=True)
    # connection_limit well above threads: waitress queues the rest quietly.
    waitress_serve(application, host=host, port=port, threads=threads, connection_limit=200,
                   channel_timeout=30, ident="SmartBank")
