"""The assistant under load across web processes: two gunicorn servers (three web processes) on one PostgreSQL
database and one Redis cache; 16 customers at once hold conversations whose turns go to either server by
turn, and send each confirming "yes" to both servers at the same moment (a client retrying elsewhere).

A conversation continues whichever process answers; both copies of a "yes" get the same reply; each
confirmed payment moves money exactly once, and nothing else moves.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from smartbank_desktop.backend.process import BackendProcess, fresh_database_url
from tests.support.redis_server import redis_client

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

CLIENTS = 16
CONVERSATIONS = 6  # per client
REDIS_URL = "redis://127.0.0.1:6379/7"


def say(http: httpx.Client, token: str, text: str, conversation: str | None = None) -> dict:
    body = {"text": text, "language": "en", **({"conversation_id": conversation} if conversation else {})}
    response = http.post("/api/chatbot/command/", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()


def run_client(number: int, urls: list[str], customer: dict, payees: list[dict]) -> list[tuple]:
    """The payments this customer confirmed: (from account, to account, paise)."""
    rng = random.Random(number)
    servers = [httpx.Client(base_url=url, timeout=120) for url in urls]
    try:
        token = servers[0].post("/api/auth/login/", json={"username": customer["mobile"],
                                                          "pin": customer["pin"]}).json()["access"]
        confirmed = []
        for turn in range(CONVERSATIONS):
            payee, rupees = rng.choice(payees), rng.randint(1, 90) * 10
            first = servers[turn % 2]
            if turn % 3 == 0:  # three turns: who, then how much
                asked = say(first, token, f"send money to {payee['name']}")
                assert asked["expecting"] == "amount", asked
                asked = say(servers[(turn + 1) % 2], token, f"{rupees} rupees", asked["conversation_id"])
            else:
                asked = say(first, token, f"send {rupees} rupees to {payee['name']}")
            assert asked["expecting"] == "confirm" and payee["name"] in asked["reply"], asked
            conversation = asked["conversation_id"]
            with ThreadPoolExecutor(2) as both:  # the same "yes" to each server at once
                replies = list(both.map(lambda server: say(server, token, "yes", conversation), servers))
            assert replies[0] == replies[1], replies
            assert "Done" in replies[0]["reply"], replies[0]
            confirmed.append((customer["account"], payee["account"], rupees * 100))
        return confirmed
    finally:
        for server in servers:
            server.close()


def query(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_conversations_continue_across_processes_and_each_yes_pays_once(tmp_path):
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        pytest.skip("the reliability suite runs in the PostgreSQL pass")
    redis = redis_client(REDIS_URL)
    prefix = f"smartbank-test-{uuid.uuid4().hex[:8]}"
    database = fresh_database_url(database, "reliability_chat")
    env = {"SMARTBANK_HOME": str(tmp_path / "home"), "DATABASE_URL": database, "SMARTBANK_CACHE_URL": REDIS_URL,
           "SMARTBANK_CACHE_PREFIX": prefix, "SMARTBANK_SIGN_IN_RATE": "100000/min"}
    try:
        with BackendProcess(env=env, log_path=tmp_path / "web-a.log", server="gunicorn", workers=2) as a, \
                BackendProcess(env=env, log_path=tmp_path / "web-b.log", server="gunicorn", workers=1) as b:
            customers = json.loads(a.manage("seed_demo", "--customers", str(CLIENTS), "--json"))
            total_before = query(database, "SELECT SUM(balance_paise) FROM banking_account")[0][0]
            with ThreadPoolExecutor(CLIENTS) as pool:
                futures = [pool.submit(run_client, i, [a.url, b.url], c,
                                       [p for p in customers if p["account"] != c["account"]][:6])
                           for i, c in enumerate(customers)]
                confirmed = [payment for future in futures for payment in future.result()]
    finally:
        for key in redis.scan_iter(f"{prefix}*"):
            redis.delete(key)

    assert len(confirmed) == CLIENTS * CONVERSATIONS
    moved = query(database, """SELECT f.number, t2.number, t.amount_paise FROM banking_transfer t
                               JOIN banking_account f ON f.id = t.from_account_id
                               JOIN banking_account t2 ON t2.id = t.to_account_id WHERE t.kind = 'transfer'""")
    assert Counter(moved) == Counter(confirmed)  # each confirmed payment once, nothing else
    assert query(database, "SELECT SUM(balance_paise) FROM banking_account")[0][0] == total_before
    mismatched = query(database, """SELECT a.number FROM banking_account a
                                    LEFT JOIN banking_ledgerentry e ON e.account_id = a.id
                                    GROUP BY a.id HAVING a.balance_paise <> COALESCE(SUM(e.amount_paise), 0)""")
    assert mismatched == []
