"""Typed events of the voice pipeline and the dialogue, all delivered to one callback.

Every stage reports through ``on_event(event)`` (:data:`EventCallback`), so a
screen can show live captions, a level meter and the conversation from one
place. Each event is a frozen dataclass with a ``kind`` (:class:`EventKind`)
and ``at`` (``time.monotonic()`` when it happened):

=============  ==================  =============================================
kind           class               fields
=============  ==================  =============================================
listening      Listening           (the microphone is open for a command)
level          Level               level: 0..1 for a meter
speech_start   SpeechStarted       (the customer started speaking)
partial        Partial             text: the words so far (engines that stream)
final          Final               text, confidence (0..1 or None)
intent         IntentRecognized    intent, slots, text
reply          Replied             reply: the dialogue's Reply
error          Failed              message: a plain sentence
=============  ==================  =============================================
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from smartbank_desktop.voice.dialogue_state import Reply


class EventKind(StrEnum):
    LISTENING = "listening"
    LEVEL = "level"
    SPEECH_START = "speech_start"
    PARTIAL = "partial"
    FINAL = "final"
    INTENT = "intent"
    REPLY = "reply"
    ERROR = "error"


@dataclass(frozen=True, kw_only=True)
class VoiceEvent:
    kind: ClassVar[EventKind]
    at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True, kw_only=True)
class Listening(VoiceEvent):
    kind: ClassVar[EventKind] = EventKind.LISTENING


@dataclass(frozen=True, kw_only=True)
class Level(VoiceEvent):
    kind: ClassVar[EventKind] = EventKind.LEVEL
    level: float


@dataclass(frozen=True, kw_only=True)
class SpeechStarted(VoiceEvent):
    kind: ClassVar[EventKind] = EventKind.SPEECH_START


@dataclass(frozen=True, kw_only=True)
class Partial(VoiceEvent):
    kind: ClassVar[EventKind] = EventKind.PARTIAL
    text: str


@dataclass(frozen=True, kw_only=True)
class Final(VoiceEvent):
    kind: ClassVar[EventKind] = EventKind.FINAL
    text: str
    confidence: float | None = None


@dataclass(frozen=True, kw_only=True)
class IntentRecognized(VoiceEvent):
    kind: ClassVar[EventKind] = EventKind.INTENT
    intent: str
    slots: dict[str, Any]
    text: str


@dataclass(frozen=True, kw_only=True)
class Replied(VoiceEvent):
    kind: ClassVar[EventKind] = EventKind.REPLY
    reply: Reply


@dataclass(frozen=True, kw_only=True)
class Failed(VoiceEvent):
    kind: ClassVar[EventKind] = EventKind.ERROR
    message: str


EventCallback = Callable[[VoiceEvent], None]
