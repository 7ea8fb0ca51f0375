"""``smartbank serve | worker | flower | topology | manage``: the backend's commands (``smartbank run`` is the
product's)."""

from __future__ import annotations

DEFAULT_PORT = 8765


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="serve the backend alone (migrates first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--server", choices=["waitress", "gunicorn"], default="waitress",
                       help="waitress (default; also on Windows) or gunicorn (many processes; Linux)")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn: web processes (default 2)")
    serve.add_argument("--threads", type=int, help="threads per process (default 16 for waitress, 4 for gunicorn)")
    serve.add_argument("--timeout", type=int, default=120,
                       help="gunicorn: seconds before a process stuck on one request is replaced")
    serve.add_argument("--no-migrate", action="store_true",
                       help="do not migrate first (a deployment migrates once, before starting its web processes)")
    serve.set_defaults(handler=serve_backend)

    worker = subparsers.add_parser("worker", help="run the KYC worker (Celery) on the configured broker")
    worker.add_argument("--concurrency", type=int, default=1, help="cases at once (default 1)")
    worker.add_argument("--pool", choices=["prefork", "solo", "threads"],
                        help="default prefork (solo on Windows)")
    worker.add_argument("--name", help="worker name (default kyc-PID@host)")
    worker.add_argument("--loglevel", default="INFO")
    worker.add_argument("--no-clamd", action="store_true",
                        help="do not start a private clamd; scan with clamscan or SMARTBANK_CLAMD_SOCKET")
    worker.add_argument("--events", action="store_true", help="send task events and heartbeats (for Flower)")
    worker.set_defaults(handler=run_worker)

    flower = subparsers.add_parser("flower", help="Flower, the Celery monitor, on the configured broker "
                                                  "(needs the 'server' extra)")
    flower.add_argument("--address", default="127.0.0.1")
    flower.add_argument("--port", type=int, default=5555)
    flower.set_defaults(handler=run_flower)

    from smartbank_desktop.backend import topology

    topology.register(subparsers)

    manage = subparsers.add_parser("manage", help="Django management commands, as manage.py would run them",
                                   add_help=False)
    manage.add_argument("manage_args", nargs="*")
    manage.set_defaults(handler=manage)


def serve_backend(args) -> int:
    from smartbank_desktop.backend.server import serve

    serve(host=args.host, port=args.port, threads=args.threads, server=args.server, workers=args.workers,
          timeout=args.timeout, migrate_first=not args.no_migrate)
    return 0


def run_worker(args) -> int:
    from smartbank_desktop.backend.kyc import worker

    return worker.run(concurrency=args.concurrency, pool=args.pool, name=args.name, loglevel=args.loglevel,
                      start_clamd=not args.no_clamd, events=args.events)


def run_flower(args) -> int:
    from smartbank_desktop.backend.kyc import worker

    return worker.run_flower(address=args.address, port=args.port)


def manage(args) -> int:
    from smartbank_desktop.backend.server import setup_django

    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["smartbank manage", *args.manage_args])
    return 0
