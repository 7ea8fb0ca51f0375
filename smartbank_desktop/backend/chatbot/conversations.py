"""The assistant's conversations between turns, in the shared cache, one turn at a time.

The shared cache is the database's cache table by default and Redis at scale
(settings), so every server process continues the same conversation. A turn
holds its conversation: a lock key taken with ``cache.add`` (an atomic
insert in the table, ``SET NX`` in Redis), waited for a bounded time, and
lapsing by itself if the process holding it dies. The lock lives in the same
store as the conversation and holds no database transaction across the turn,
whose transfer takes its own row locks. Money does not rest on the lock
alone: a payment's idempotency key is derived from the conversation and the
read-back it answers, so a turn run again (after a lapsed lock, or a process
that died after the transfer) replays the receipt instead of paying twice.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache

from smartbank_desktop.core.refusals import Code, refuse
from smartbank_desktop.voice.dialogue_state import DialogueState

CONVERSATION_SECONDS = 15 * 60
TURN_SECONDS = 60  # longer than any turn; the hold of a process that died lapses after it
WAIT_SECONDS = 30  # for the turn before, then a "try again" (429)


@dataclass
class Conversation:
    id: str
    state: DialogueState = field(default_factory=DialogueState)
    answer: tuple[str, str] | None = None  # the last turn's words and language, when they answered a question
    reply: dict | None = None  # and the API's answer to them, given again when the same answer comes again
    ended: bool = False

    def replays(self, words: tuple[str, str]) -> bool:
        return self.answer == words and self.reply is not None

    def remember(self, words: tuple[str, str], answered: bool, reply: dict) -> None:
        self.answer, self.reply = (words if answered else None), reply


def _key(user_pk: int, conversation_id: str) -> str:
    return f"chatbot:{user_pk}:{conversation_id}"


@contextmanager
def turn(user_pk: int, conversation_id: str | None) -> Iterator[Conversation]:
    """One turn of a customer's conversation, the only one running: saved when the turn ends.

    An id this customer has no conversation under (none given, ended, expired,
    or another customer's) starts a new conversation under a new id, so the
    numbering of read-backs, and with it the payments' idempotency keys, never
    starts again under an id already used."""
    with ExitStack() as stack:
        conversation = None
        if conversation_id:
            stack.enter_context(_held(_key(user_pk, conversation_id)))
            conversation = cache.get(_key(user_pk, conversation_id))
        if conversation is None:
            conversation = Conversation(str(uuid.uuid4()))
        yield conversation
        key = _key(user_pk, conversation.id)
        if conversation.ended:
            cache.delete(key)
        else:
            cache.set(key, conversation, CONVERSATION_SECONDS)


@contextmanager
def _held(key: str) -> Iterator[None]:
    lock, token = f"{key}:turn", uuid.uuid4().hex
    deadline, pause = time.monotonic() + WAIT_SECONDS, 0.02
    while not cache.add(lock, token, TURN_SECONDS):
        if time.monotonic() > deadline:
            raise refuse(Code.THROTTLED, "The assistant is still answering what you said before. "
                         "Please try again in a moment.", retry_after_seconds=1)
        time.sleep(pause)
        pause = min(pause * 2, 0.25)
    try:
        yield
    finally:
        if cache.get(lock) == token:  # not a hold taken over after ours lapsed
            cache.delete(lock)
