"""``smartbank run`` and ``smartbank app``: the whole product on this computer, the backend, its KYC
worker and the desktop app, each part in its own process so one crash does not take the others with it.

It sits above both the app and the backend (the app never imports the
backend): it starts the local bank when no bank answers, opens the window,
and stops what it started when the window closes. On a computer with no
screen, ``run`` says so in one sentence and keeps the bank running.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
import urllib.error
import urllib.request

DEFAULT_PORT = 8765


def register(subparsers) -> None:
    run = subparsers.add_parser("run", help="start everything on the embedded defaults: the bank, its worker, the app")
    run.add_argument("--port", type=int, default=DEFAULT_PORT)
    _app_options(run)
    run.set_defaults(handler=run_everything)

    app = subparsers.add_parser("app", help="open the desktop app (starting this computer's bank if none answers)")
    app.add_argument("--url", help="a bank elsewhere (default: this computer's, started when it does not answer)")
    app.add_argument("--screenshots", metavar="DIR",
                     help="render every screen and state, English and Hindi, 100%% and 200%% text, as PNG files")
    app.add_argument("--only", metavar="PATTERN",
                     help="with --screenshots: only the pictures named so, LANGUAGE-SIZE-STATE with * and ? "
                          "(en-100-home, hi-*-voice-sign-in-*, *-200-setup-*)")
    _app_options(app)
    kiosk = app.add_argument_group("kiosk", "a shared computer at a branch: full screen, keeps nothing, forgets "
                                            "each customer after a time with no touch, key or speech")
    kiosk.add_argument("--kiosk", action="store_true", help="run as a kiosk")
    kiosk.add_argument("--idle-warning", type=_seconds, metavar="SECONDS",
                       help="the spoken warning after this long idle (default 60, or SMARTBANK_KIOSK_IDLE_WARNING)")
    kiosk.add_argument("--idle-sign-out", type=_seconds, metavar="SECONDS",
                       help="sign-out, everything forgotten, after this long idle (default 90, or "
                            "SMARTBANK_KIOSK_IDLE_SIGN_OUT)")
    app.add_argument("--language", choices=("en", "hi"),
                     help="the language to start in (at a kiosk: each new customer's; or SMARTBANK_KIOSK_LANGUAGE)")
    app.set_defaults(handler=open_app)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 24 * 3600:
        raise argparse.ArgumentTypeError("give a number of seconds above 0 and at most a day")
    return value


def _app_options(parser) -> None:
    parser.add_argument("--camera", help="camera number, video file or folder of pictures (default: camera 0)")
    parser.add_argument("--microphone", help="microphone number or name, or a WAV file to play as the microphone")


def has_screen() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "vnc", "eglfs", "linuxfb"))


def bank_answers(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/schema/", timeout=timeout):
            return True
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class LocalBank:
    """The bank and its KYC worker as child processes, stopped together."""

    def __init__(self, port: int = DEFAULT_PORT):
        from smartbank_desktop.backend.kyc.worker import WorkerProcess
        from smartbank_desktop.backend.process import BackendProcess

        self.backend = BackendProcess(port=port)
        self.worker = WorkerProcess()

    @property
    def url(self) -> str:
        return self.backend.url

    def start(self) -> "LocalBank":
        self.backend.start()  # migrates first, so the worker finds its tables
        self.worker.start()
        return self

    def stopped_part(self) -> tuple[str, int] | None:
        for name, process in (("bank", self.backend.process), ("KYC worker", self.worker.process)):
            if process is not None and process.poll() is not None:
                return name, process.returncode
        return None

    def stop(self) -> None:
        self.worker.stop()
        self.backend.stop()


def _stop_on_sigterm() -> None:
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # a service manager's stop: clean up as Ctrl+C does


def run_everything(args) -> int:
    _stop_on_sigterm()
    bank = LocalBank(args.port)
    try:
        bank.start()
        if has_screen():
            from smartbank_desktop.ui.app import run

            print(f"SmartBank is running: the bank at {bank.url}/ (staff pages at {bank.url}/admin/). "
                  "Close the window to stop.", flush=True)
            return run(bank.url, camera=args.camera, microphone=args.microphone)
        print(f"This computer has no screen, so the app cannot open; the bank keeps running at {bank.url}/ "
              "(press Ctrl+C to stop).", flush=True)
        while True:
            stopped = bank.stopped_part()
            if stopped is not None:
                print(f"The {stopped[0]} stopped (exit status {stopped[1]}).", flush=True)
                return stopped[1] or 1
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        bank.stop()


def open_app(args) -> int:
    from smartbank_desktop.client.api import DEFAULT_URL
    from smartbank_desktop.core.console import UserError

    if args.only and not args.screenshots:
        raise UserError("--only chooses among the screenshots: add --screenshots DIR.")
    if args.screenshots:
        from smartbank_desktop.ui.screenshots import Only

        try:
            Only(args.only).passes()
        except ValueError as exc:
            raise UserError(f"--only {exc}.") from exc
        saved = render_screenshots(args.screenshots, only=args.only)
        print(f"{len(saved)} pictures of the app's screens are in {args.screenshots}", flush=True)
        return 0
    kiosk = None
    if args.kiosk:
        from smartbank_desktop.ui.kiosk import KioskOptions

        try:
            kiosk = KioskOptions.configured(args.idle_warning, args.idle_sign_out, args.language)
        except ValueError as exc:
            raise UserError(f"{exc} (--idle-warning, --idle-sign-out).") from exc
    elif args.idle_warning or args.idle_sign_out:
        raise UserError("--idle-warning and --idle-sign-out are for a kiosk: add --kiosk.")
    if not has_screen():
        raise UserError("This computer has no screen, so the app cannot open.")
    url = args.url or os.environ.get("SMARTBANK_URL") or DEFAULT_URL
    bank = None
    # A kiosk never starts a bank of its own: that would keep its customers' data on the machine.
    if not args.url and not kiosk and not bank_answers(url):
        _stop_on_sigterm()
        bank = LocalBank().start()
        url = bank.url
    elif (args.url or kiosk) and not bank_answers(url):
        print(f"The bank at {url} does not answer yet; the app will say so until it does.", file=sys.stderr)
    try:
        from smartbank_desktop.ui.app import run

        return run(url, camera=args.camera, microphone=args.microphone, kiosk=kiosk, language=args.language)
    except KeyboardInterrupt:
        return 0
    finally:
        if bank is not None:
            bank.stop()


def render_screenshots(out_dir: str, only: str | None = None) -> list:
    """Every screen and state as PNG files (``only``: those whose name matches this pattern), against a fresh
    local bank with demo customers (offscreen)."""
    import json
    import tempfile
    from pathlib import Path

    import numpy as np
    import soundfile
    from PIL import Image, ImageDraw

    from smartbank_desktop.backend.process import BackendProcess

    home = Path(tempfile.mkdtemp(prefix="smartbank-screenshots-"))
    os.environ["SMARTBANK_HOME"] = str(home)  # an empty data folder: nothing of this computer's customer shows
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    camera = home / "camera"
    camera.mkdir()
    picture = Image.new("RGB", (640, 480), (92, 96, 104))
    ImageDraw.Draw(picture).ellipse((230, 90, 410, 330), fill=(168, 132, 110))
    for i in range(6):  # a burst needs several pictures: a face check gets the bank's own answer
        picture.save(camera / f"frame{i}.png")
    microphone = home / "quiet-room.wav"
    soundfile.write(str(microphone), np.zeros(16000 * 20, np.int16), 16000)
    bank = BackendProcess(env={"SMARTBANK_HOME": str(home), "DATABASE_URL": f"sqlite:///{home / 'bank.sqlite3'}"},
                          log_path=home / "bank.log").start()
    try:
        customers = json.loads(bank.manage("seed_demo", "--customers", "3", "--json"))
        from smartbank_desktop.ui.screenshots import render

        return render(bank.url, customers[0], customers[1]["name"], out_dir, camera=str(camera),
                      microphone=str(microphone), setup_customer=customers[2], payee_account=customers[0]["account"],
                      only=only)
    finally:
        bank.stop()
