"""The machine's Redis for tests that need a real one: a client, or a skip (a failure on CI) when none answers."""

from __future__ import annotations


def redis_client(url: str):
    import redis

    from tests.conftest import require

    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        require(False, "Redis is not running on 127.0.0.1:6379")
    return client
