"""``smartbank serve | worker | manage``: the backend's commands (``smartbank run`` is the product's)."""

from __future__ import annotations

DEFAULT_PORT = 8765


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="serve the backend alone (migrates first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--threads", type=int, default=16)
    serve.set_defaults(handler=serve_backend)

    worker = subparsers.add_parser("worker", help="run the KYC worker (Celery) on the configured broker")
    worker.add_argument("--concurrency", type=int, default=1, help="cases at once (default 1)")
    worker.add_argument("--pool", choices=["prefork", "solo", "threads"],
                        help="default prefork (solo on Windows)")
    worker.add_argument("--name", help="worker name (default kyc-PID@host)")
    worker.add_argument("--loglevel", default="INFO")
    worker.add_argument("--no-clamd", action="store_true",
                        help="do not start a private clamd; scan with clamscan or SMARTBANK_CLAMD_SOCKET")
    worker.set_defaults(handler=run_worker)

    manage = subparsers.add_parser("manage", help="Django management commands, as manage.py would run them",
                                   add_help=False)
    manage.add_argument("manage_args", nargs="*")
    manage.set_defaults(handler=manage)


def serve_backend(args) -> int:
    from smartbank_desktop.backend.server import serve

    serve(host=args.host, port=args.port, threads=args.threads)
    return 0


def run_worker(args) -> int:
    from smartbank_desktop.backend.kyc import worker

    return worker.run(concurrency=args.concurrency, pool=args.pool, name=args.name, loglevel=args.loglevel,
                      start_clamd=not args.no_clamd)


def manage(args) -> int:
    from smartbank_desktop.backend.server import setup_django

    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["smartbank manage", *args.manage_args])
    return 0
