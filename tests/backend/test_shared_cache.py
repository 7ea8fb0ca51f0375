"""Several server processes share one cache: the assistant's conversations and the rate-limit counters.

The embedded default keeps them in the database's cache table; at scale in
Redis (``SMARTBANK_CACHE_URL``). Each test runs on both, with two real
``smartbank serve`` processes on one database, reached over HTTP.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from smartbank_desktop.backend.process import BackendProcess
from smartbank_desktop.voice.catalogue import spelled
from tests.support.redis_server import redis_client

pytestmark = pytest.mark.slow  # real server processes, started and restarted

REDIS_URL = "redis://127.0.0.1:6379/12"  # a database index of its own, and a key prefix per run


@pytest.fixture(scope="module", params=["database", "redis"])
def cache_env(request):
    """What the servers need to share a cache: nothing for the database's table, a URL for Redis.

    A key prefix of its own keeps this module's counters apart from the other tests' servers."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    if request.param == "database":
        yield {"SMARTBANK_CACHE_PREFIX": prefix}
        return
    client = redis_client(REDIS_URL)
    yield {"SMARTBANK_CACHE_URL": REDIS_URL, "SMARTBANK_CACHE_PREFIX": prefix}
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def start_server(live_backend, tmp_path_factory, **env) -> BackendProcess:
    """One more ``smartbank serve`` on the live backend's database and data folder."""
    log = tmp_path_factory.mktemp("server") / "backend.log"
    return BackendProcess(env={**live_backend.env, **env}, log_path=log).start()


@pytest.fixture(scope="module")
def two_servers(live_backend, cache_env, tmp_path_factory):
    servers = [start_server(live_backend, tmp_path_factory, **cache_env) for _ in range(2)]
    yield [server.url for server in servers]
    for server in servers:
        server.stop()


def sign_in(url: str, demo: dict) -> dict:
    response = httpx.post(f"{url}/api/auth/login/", json={"username": demo["mobile"], "pin": demo["pin"]})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access']}"}


def say(url: str, headers: dict, text: str, conversation: str | None = None) -> dict:
    body = {"text": text, **({"conversation_id": conversation} if conversation else {})}
    response = httpx.post(f"{url}/api/chatbot/command/", json=body, headers=headers, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()


def sent_by(url: str, headers: dict) -> list[dict]:
    history = httpx.get(f"{url}/api/transactions/history/", headers=headers).json()["results"]
    return [entry for entry in history if entry["direction"] == "out"]


def test_a_conversation_continues_on_another_server(two_servers, live_backend):
    first, second = two_servers
    me, payee = live_backend.take_customer(), live_backend.demo_customers[0]
    headers = sign_in(first, me)
    asked = say(first, headers, f"send money to {payee['name']}")
    assert asked["expecting"] == "amount"
    conversation = asked["conversation_id"]
    read_back = say(second, headers, "one hundred rupees", conversation)
    assert read_back["expecting"] == "confirm" and payee["name"] in read_back["reply"]
    done = say(first, headers, "yes", conversation)
    [sent] = sent_by(second, headers)
    assert sent["amount_paise"] == -100_00 and spelled(sent["reference"]) in done["reply"]


@pytest.mark.parametrize("answers", [2, 6])
def test_simultaneous_yes_on_two_servers_sends_the_money_once(two_servers, live_backend, answers):
    me, payee = live_backend.take_customer(), live_backend.demo_customers[0]
    headers = sign_in(two_servers[0], me)
    asked = say(two_servers[0], headers, f"send 100 rupees to {payee['name']}")
    assert asked["expecting"] == "confirm"
    together = threading.Barrier(answers)

    def answer(i: int) -> dict:
        together.wait()
        return say(two_servers[i % 2], headers, "yes", asked["conversation_id"])

    with ThreadPoolExecutor(answers) as pool:
        replies = list(pool.map(answer, range(answers)))
    [sent] = sent_by(two_servers[1], headers)
    assert sent["amount_paise"] == -100_00
    # Every answer is the first one's: the retrying client learns that its money went, and where.
    assert {reply["reply"] for reply in replies} == {replies[0]["reply"]}
    assert spelled(sent["reference"]) in replies[0]["reply"]


def test_sign_in_throttle_survives_a_restart(live_backend, cache_env, tmp_path_factory):
    env = {**cache_env, "SMARTBANK_SIGN_IN_RATE": "3/hour",
           "SMARTBANK_CACHE_PREFIX": f"{cache_env['SMARTBANK_CACHE_PREFIX']}-throttle"}
    wrong = {"username": "9000000000", "pin": "4826"}
    server = start_server(live_backend, tmp_path_factory, **env)
    try:
        before = [httpx.post(f"{server.url}/api/auth/login/", json=wrong).status_code for _ in range(3)]
    finally:
        server.stop()
    assert 429 not in before
    restarted = start_server(live_backend, tmp_path_factory, **env)
    try:
        after = httpx.post(f"{restarted.url}/api/auth/login/", json=wrong)
    finally:
        restarted.stop()
    assert after.status_code == 429, after.text
    assert after.json()["code"] == "throttled"
