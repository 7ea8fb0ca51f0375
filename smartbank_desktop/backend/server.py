"""Serve the backend: waitress (the default, at home and on Windows) or gunicorn (many processes, Linux).

Both migrate first, once, in the process that starts them. gunicorn runs ``workers``
processes with ``threads`` threads each (gthread; sync workers with one thread); a worker
that dies is replaced by its master at once.
"""

from __future__ import annotations

import os
import sys

SERVERS = ("waitress", "gunicorn")
WAITRESS_THREADS = 16
GUNICORN_THREADS = 4


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartbank_desktop.backend.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def serve(host: str = "127.0.0.1", port: int = 8765, threads: int | None = None, server: str = "waitress",
          workers: int = 2, timeout: int = 120, migrate_first: bool = True) -> None:
    """Migrate (unless told not to), then serve until interrupted (gunicorn: until its master is told to stop)."""
    if server == "gunicorn" and sys.platform == "win32":
        raise SystemExit("gunicorn does not run on Windows; serve with waitress (the default).")
    if server not in SERVERS:
        raise SystemExit(f"unknown server {server!r}: choose one of {', '.join(SERVERS)}")
    setup_django()
    if migrate_first:
        migrate()
    if server == "gunicorn":
        _serve_gunicorn(host, port, workers=workers, threads=threads or GUNICORN_THREADS, timeout=timeout)
        return
    from waitress import serve as waitress_serve

    from smartbank_desktop.backend.wsgi import application

    print(f"SmartBank backend listening on http://{host}:{port}/", flush=True)
    # connection_limit well above threads: waitress queues the rest quietly.
    waitress_serve(application, host=host, port=port, threads=threads or WAITRESS_THREADS, connection_limit=200,
                   channel_timeout=30, ident="SmartBank")


def gunicorn_options(host: str, port: int, *, workers: int, threads: int, timeout: int) -> dict:
    from django.conf import settings

    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        # A face or voice check's first call loads its models: well above that, yet a stuck process is replaced.
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        "accesslog": None,  # the backend logs each request itself, with its request id
        "errorlog": "-",
        "logconfig_dict": settings.LOGGING,
        "proc_name": "smartbank-web",
        "forwarded_allow_ips": os.environ.get("SMARTBANK_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    }


def _serve_gunicorn(host: str, port: int, *, workers: int, threads: int, timeout: int) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    options = gunicorn_options(host, port, workers=workers, threads=threads, timeout=timeout)

    class Application(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from smartbank_desktop.backend.wsgi import application

            return application

    connections.close_all()  # the migration's connection must not be shared by the forked workers
    print(f"SmartBank backend listening on http://{host}:{port}/ ({workers} gunicorn processes)", flush=True)
    Application().run()
