"""``smartbank run | serve | manage``: the backend's commands."""

from __future__ import annotations

DEFAULT_PORT = 8765


def register(subparsers) -> None:
    run = subparsers.add_parser("run", help="start everything on the embedded defaults")
    run.add_argument("--port", type=int, default=DEFAULT_PORT)
    run.set_defaults(handler=run_all)

    serve = subparsers.add_parser("serve", help="serve the backend alone (migrates first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--threads", type=int, default=16)
    serve.set_defaults(handler=serve_backend)

    manage = subparsers.add_parser("manage", help="Django management commands, as manage.py would run them",
                                   add_help=False)
    manage.add_argument("manage_args", nargs="*")
    manage.set_defaults(handler=manage)


def serve_backend(args) -> int:
    from smartbank_desktop.backend.server import serve

    serve(host=args.host, port=args.port, threads=args.threads)
    return 0


def manage(args) -> int:
    from smartbank_desktop.backend.server import setup_django

    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["smartbank manage", *args.manage_args])
    return 0


def run_all(args) -> int:
    """Start the backend on 127.0.0.1 in a child process and keep it running.

    Each part of the product runs as its own process, so one crash does not
    take the others with it; Ctrl+C stops them all.
    """
    from smartbank_desktop.backend.process import BackendProcess

    backend = BackendProcess(port=args.port)
    try:
        backend.start()
        print(f"SmartBank is running: backend at {backend.url}/ (staff pages at {backend.url}/admin/). "
              "Press Ctrl+C to stop.", flush=True)
        return backend.process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        backend.stop()
