"""Money under load with a process killed: 16 concurrent HTTP clients make transfers through gunicorn's
2 web processes on PostgreSQL, with duplicate idempotency keys (one after another and at the same moment),
keys reused for another body, and overdraft attempts; one web process is SIGKILLed a third of the way
through (gunicorn starts another) and every client retries an answer it lost, with the same key and body.

Afterwards, read from the database: the sum of all balances is unchanged, no customer balance is
negative, each account's balance equals its ledger, every key moved money at most once, and every
client that retried after a lost answer ended with exactly one transfer for that payment (the one it was
finally answered with, of the amount it sent), or none where the payment itself was to be refused.

Bounded: SMARTBANK_RELIABILITY_TRANSFERS requests in all (default 5,000), each client's lost answer
retried at most 30 times, the whole run under the test's time-out.
"""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import pytest

from smartbank_desktop.backend.process import BackendProcess, fresh_database_url
from smartbank_desktop.backend.topology import children_of

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

CLIENTS = 16
TRANSFERS = int(os.environ.get("SMARTBANK_RELIABILITY_TRANSFERS", 5000))
KILL_AT = TRANSFERS // 3
MAX_RETRIES = 30
OVERDRAFT_PAISE = 10**11  # far above any balance (each customer starts with ₹5,00,000)
LOST = (httpx.TransportError,)


@dataclass
class Answer:
    status: int
    body: dict
    tries: int  # more than 1: the client lost an answer and sent the same request again
    request: dict = field(default_factory=dict)  # the transfer it asked for


@dataclass
class Ledger:
    """What the clients saw: every key's body and final answer, the lost answers and the retries."""

    sent: dict = field(default_factory=dict)  # (customer, key) -> body
    answers: dict = field(default_factory=lambda: defaultdict(list))  # (customer, key) -> [Answer]
    lost: int = 0
    done: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, who: str, key: str, body: dict, answer: Answer) -> None:
        answer.request = body
        with self.lock:
            self.sent.setdefault((who, key), body)
            self.answers[who, key].append(answer)
            self.lost += answer.tries - 1
            self.done += 1


def post_transfer(http: httpx.Client, token: str, key: str, body: dict) -> Answer:
    """POST until an answer arrives: a lost one (connection dropped, 502/503) is sent again, same key and body."""
    for tries in range(1, MAX_RETRIES + 1):
        try:
            response = http.post("/api/transactions/", json=body,
                                 headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})
        except LOST:
            time.sleep(0.05 * tries)
            continue
        if response.status_code in (502, 503):
            time.sleep(0.05 * tries)
            continue
        return Answer(response.status_code, response.json(), tries)
    raise AssertionError(f"no answer for key {key} after {MAX_RETRIES} tries")


def sign_in(url: str, customer: dict) -> str:
    for _ in range(MAX_RETRIES):
        try:
            response = httpx.post(f"{url}/api/auth/login/", json={"username": customer["mobile"],
                                                                  "pin": customer["pin"]}, timeout=60)
        except LOST:
            continue
        assert response.status_code == 200, response.text
        return response.json()["access"]
    raise AssertionError("could not sign in")


def run_client(number: int, url: str, customer: dict, payees: list[str], share: int, ledger: Ledger) -> None:
    rng = random.Random(number)
    token = sign_in(url, customer)
    who, mine = customer["mobile"], customer["account"]
    completed: list[tuple[str, dict]] = []  # keys answered 201, with their body
    with httpx.Client(base_url=url, timeout=60) as http:
        sent = 0
        while sent < share:
            roll = rng.random()
            if roll < 0.10 and completed:  # the same key and body again: the first answer, no new money
                key, body = rng.choice(completed)
            elif roll < 0.14 and completed:  # the same key for another transfer: refused
                key, first = rng.choice(completed)
                body = {**first, "amount_paise": first["amount_paise"] + 1}
            elif roll < 0.20:  # more than the balance: refused
                key, body = str(uuid.uuid4()), {"from_account": mine, "to_account": rng.choice(payees),
                                               "amount_paise": OVERDRAFT_PAISE}
            elif roll < 0.25 and sent + 2 <= share:  # one key sent twice at the same moment
                key = str(uuid.uuid4())
                body = {"from_account": mine, "to_account": rng.choice(payees),
                        "amount_paise": rng.randint(100, 50_000)}
                with httpx.Client(base_url=url, timeout=60) as twin, ThreadPoolExecutor(2) as pair:
                    answers = list(pair.map(lambda client: post_transfer(client, token, key, body), (http, twin)))
                for answer in answers:
                    ledger.record(who, key, body, answer)
                if answers[0].status == 201:
                    completed.append((key, body))
                sent += 2
                continue
            else:
                key, body = str(uuid.uuid4()), {"from_account": mine, "to_account": rng.choice(payees),
                                               "amount_paise": rng.randint(100, 50_000)}
            answer = post_transfer(http, token, key, body)
            ledger.record(who, key, body, answer)
            if answer.status == 201 and ledger.sent[who, key] == body:
                completed.append((key, body))
            sent += 1


def query(url: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_no_money_is_lost_or_moved_twice_when_a_web_process_is_killed(tmp_path):
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith("postgres"):
        pytest.skip("row locks are PostgreSQL's: this suite runs in the PostgreSQL pass")
    database = fresh_database_url(database, "reliability")
    env = {"SMARTBANK_HOME": str(tmp_path), "DATABASE_URL": database, "SMARTBANK_SIGN_IN_RATE": "100000/min",
           "SMARTBANK_DAILY_LIMIT_PAISE": str(10**15), "SMARTBANK_STEP_UP_THRESHOLD_PAISE": str(10**15)}
    with BackendProcess(env=env, log_path=tmp_path / "web.log", server="gunicorn", workers=2) as backend:
        customers = json.loads(backend.manage("seed_demo", "--customers", str(CLIENTS), "--json"))
        total_before = query(database, "SELECT SUM(balance_paise) FROM banking_account")[0][0]
        ledger = Ledger()
        killed: list[int] = []

        def kill_one_web_process():
            while ledger.done < KILL_AT:
                time.sleep(0.02)
            victim = children_of(backend.process.pid)[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

        killer = threading.Thread(target=kill_one_web_process, daemon=True)
        killer.start()
        accounts = [c["account"] for c in customers]
        shares = [TRANSFERS // CLIENTS + (1 if i < TRANSFERS % CLIENTS else 0) for i in range(CLIENTS)]
        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [pool.submit(run_client, i, backend.url, c, [a for a in accounts if a != c["account"]],
                                   shares[i], ledger) for i, c in enumerate(customers)]
            for future in futures:
                future.result()
        killer.join(timeout=5)
        assert killed and killed[0] not in children_of(backend.process.pid)
        assert len(children_of(backend.process.pid)) == 2  # gunicorn started another
        assert httpx.get(f"{backend.url}/readyz", timeout=30).status_code == 200

    # What the clients saw.
    assert ledger.done == TRANSFERS
    assert ledger.lost > 0, "the killed process took no request with it: nothing was retried"
    statuses = Counter(a.status for answers in ledger.answers.values() for a in answers)
    assert set(statuses) <= {201, 200, 422}, statuses
    for (who, key), answers in ledger.answers.items():
        references = {a.body["reference"] for a in answers if a.status in (200, 201)}
        assert len(references) <= 1, (key, answers)  # one transfer per key, whatever was answered
        for answer in answers:
            if answer.status == 422:
                assert answer.body["code"] in ("insufficient_funds", "idempotency_key_reused"), answer.body

    # What the database holds.
    total_after = query(database, "SELECT SUM(balance_paise) FROM banking_account")[0][0]
    assert total_after == total_before
    negative = query(database, """SELECT a.number FROM banking_account a JOIN customers_customer c
                                  ON c.id = a.customer_id WHERE a.balance_paise < 0""")
    assert negative == []
    mismatched = query(database, """SELECT a.number, a.balance_paise, COALESCE(SUM(e.amount_paise), 0)
                                    FROM banking_account a LEFT JOIN banking_ledgerentry e ON e.account_id = a.id
                                    GROUP BY a.id HAVING a.balance_paise <> COALESCE(SUM(e.amount_paise), 0)""")
    assert mismatched == []
    unbalanced = query(database, """SELECT transfer_id FROM banking_ledgerentry GROUP BY transfer_id
                                    HAVING SUM(amount_paise) <> 0 OR COUNT(*) <> 2""")
    assert unbalanced == []
    # Every customer transfer came with a key, and every key moved money at most once.
    per_key = query(database, """SELECT t.reference, t.amount_paise, u.username, r.key
                                 FROM banking_transfer t
                                 LEFT JOIN banking_idempotencyrecord r ON r.transfer_id = t.id
                                 LEFT JOIN auth_user u ON u.id = r.user_id WHERE t.kind = 'transfer'""")
    assert all(key is not None for *_, key in per_key)
    moved = Counter((user, key) for _, _, user, key in per_key)
    assert max(moved.values()) == 1
    username = dict(query(database, "SELECT c.mobile, u.username FROM customers_customer c "
                                    "JOIN auth_user u ON u.id = c.user_id"))
    by_key = {(user, key): (reference, amount) for reference, amount, user, key in per_key}
    for (who, key), answers in ledger.answers.items():
        stored = by_key.get((username[who], key))
        succeeded = [a for a in answers if a.status in (200, 201)]
        if succeeded:  # exactly one transfer, of the first body sent with this key
            assert stored == (succeeded[0].body["reference"], ledger.sent[who, key]["amount_paise"]), key
        else:
            assert stored is None, key
    assert len(by_key) == len({k for k, answers in ledger.answers.items() if any(a.status in (200, 201)
                                                                                  for a in answers)})
    # Every client that retried after a lost answer: for each payment it retried, exactly one transfer, the
    # one it was finally answered with, of the amount it asked for; none where the payment was one to refuse.
    retries_by_client: Counter = Counter()
    for (who, key), answers in ledger.answers.items():
        for answer in (a for a in answers if a.tries > 1):
            retries_by_client[who] += 1
            transfers = moved[username[who], key]
            if answer.request["amount_paise"] == OVERDRAFT_PAISE:
                assert (answer.status, answer.body["code"], transfers) == (422, "insufficient_funds", 0), answer
            elif answer.request != ledger.sent[who, key]:  # a key already used for another payment
                assert (answer.status, answer.body["code"]) == (422, "idempotency_key_reused"), answer
            else:
                assert answer.status == 201 and transfers == 1, (key, answer, transfers)
                assert by_key[username[who], key] == (answer.body["reference"], answer.request["amount_paise"])
    assert retries_by_client, "no client lost an answer: nothing was retried"
