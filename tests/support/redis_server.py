"""The machine's Redis for tests that need a real one: a client, or a skip (a failure on CI) when none answers;
and a Redis of a test's own (:class:`RedisServer`), to stop and start again while the machine's stays up."""

from __future__ import annotations

import subprocess
import time


def redis_client(url: str):
    import redis

    from tests.conftest import require

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        require(False, "Redis is not running on 127.0.0.1:6379")
    return client


class RedisServer:
    """``redis-server`` on a free port in ``folder``; ``persistent`` keeps an append-only file there, so a
    restart (even after SIGKILL) finds the queue as it was."""

    def __init__(self, folder, persistent: bool = False):
        from smartbank_desktop.backend.topology import free_port

        self.port, self.folder, self.persistent, self.process = free_port(), folder, persistent, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        durability = ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else ["--appendonly", "no"]
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", *durability, "--dir", str(self.folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            probe = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
            if probe.stdout.strip() == "PONG":
                return self
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
