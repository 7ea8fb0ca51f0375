"""``smartbank chat --type``: the assistant in a terminal, signed in on this computer, against the real server."""

from __future__ import annotations

import os
import subprocess
import sys

from smartbank_desktop.client.api import BankClient
from smartbank_desktop.client.session import forget_username, remember_username
from smartbank_desktop.client.token_store import TokenStore


def test_typed_chat_over_the_saved_sign_in(live_backend, secret_service):  # noqa: F811
    me, payee = live_backend.demo_customers[2], live_backend.demo_customers[0]
    with BankClient(live_backend.url, token_store=TokenStore(secret_service)) as client:
        client.sign_in(me["mobile"], me["pin"])
    remember_username(me["mobile"])
    try:
        done = subprocess.run(
            [sys.executable, "-m", "smartbank_desktop", "chat", "--type", "--mute", "--url", live_backend.url],
            input=f"what is my balance\nsend 500 rupees to {payee['name']}\nyes\nlog out\n",
            capture_output=True, text=True, timeout=120, env=os.environ.copy(),
        )
    finally:
        forget_username()
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Assistant: Your balance is " in out and " rupees." in out
    assert f"You want to send five hundred rupees to {payee['name']}, account ending" in out
    assert f"Done. I have sent five hundred rupees to {payee['name']}." in out
    assert out.rstrip().endswith("Goodbye.")


def test_chat_before_signing_in_says_how(live_backend):
    forget_username()
    done = subprocess.run([sys.executable, "-m", "smartbank_desktop", "chat", "--type", "--mute",
                           "--url", live_backend.url], input="", capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Please sign in first, with: smartbank signin" in done.stderr
