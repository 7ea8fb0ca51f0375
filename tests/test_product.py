"""``smartbank run`` on a computer with no screen: one plain sentence, and the bank keeps running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request

from smartbank_desktop.backend.process import free_port


def test_run_without_a_screen_says_so_and_keeps_the_bank_running(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(SMARTBANK_HOME=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'bank.sqlite3'}")
    port = free_port()
    run = subprocess.Popen([sys.executable, "-m", "smartbank_desktop", "run", "--port", str(port)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = ""
        for line in run.stdout:
            if "no screen" in line:
                break
        assert line.strip() == (f"This computer has no screen, so the app cannot open; the bank keeps running at "
                                f"http://127.0.0.1:{port}/ (press Ctrl+C to stop).")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema/", timeout=10) as answer:
            assert answer.status == 200
    finally:
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=60) == 0
