"""From words to an intent with slots, using the per-language sentence templates.

``IntentParser("en", payees=[...]).parse("send 2,500 rupees to ramesh")`` gives
``transfer_money`` with ``{"amount": 2500, "payee": "Ramesh Kumar"}``. Numbers
are found first (voice.numbers) and replaced by placeholders, the templates
(hassil) decide the intent, then slots are checked: the amount must be whole
rupees, the payee must fit a saved payee (two close names are reported as
candidates for the dialogue to ask about). Text that fits no template gets
intent ``none``, with the closest template sentence's intent as a guess.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from hassil import Intents, recognize_all

from smartbank_desktop.voice.intents import check_language, load_intents
from smartbank_desktop.voice.numbers import (
    AMOUNT_PLACEHOLDER,
    DIGITS_PLACEHOLDER,
    NUMBER_PLACEHOLDER,
    NumberSpan,
    TaggedText,
    tag_numbers,
)
from smartbank_desktop.voice.payees import Payee, PayeeMatch, as_payees, match_payee
from smartbank_desktop.voice.text import normalize

INTENTS = (
    "check_balance", "transfer_money", "transaction_history", "request_account", "kyc_status",
    "help", "repeat", "cancel", "yes", "no", "logout", "digits", "next", "previous", "none",
)
GUESS_THRESHOLD = 80.0


@dataclass
class ParseResult:
    """What the parser understood from one utterance."""

    text: str
    intent: str
    slots: dict[str, Any] = field(default_factory=dict)
    language: str = "en"
    payee_spoken: str | None = None
    payee_candidates: tuple[Payee, ...] = ()
    amount_spoken: str | None = None
    numbers: tuple[NumberSpan, ...] = ()
    guess: str | None = None
    guess_score: float = 0.0
    # From speech: False when the recognition was unsure (intent "none": ask again);
    # ``agreed`` when two engines heard the same command (take a "yes" only then);
    # ``confidence`` 0..1 where the recognizer gives one. Typed text is always accepted.
    accepted: bool = True
    agreed: bool | None = None
    confidence: float | None = None

    @property
    def payee_ambiguous(self) -> bool:
        return self.payee_spoken is not None and "payee" not in self.slots and len(self.payee_candidates) > 1

    @property
    def payee_object(self) -> Payee | None:
        if "payee" not in self.slots:
            return None
        return next((p for p in self.payee_candidates if p.name == self.slots["payee"]), Payee(self.slots["payee"]))

    @property
    def clearly_heard(self) -> bool:
        """Accepted, and (from two engines) agreed on: enough to take a confirming "yes"."""
        return self.accepted and self.agreed is not False

    def from_speech(self, transcript) -> ParseResult:
        """This result with the recognizer's verdict (accepted, agreed, confidence) on it."""
        self.accepted, self.agreed, self.confidence = transcript.accepted, transcript.agreed, transcript.confidence
        return self

    def to_json(self, file: str | None = None, engine: str | None = None, ms: float = 0.0) -> dict[str, Any]:
        """The command-line contract: file, text, intent, slots, engine, ms (and the recognition's verdict)."""
        out = {"file": file, "text": self.text, "intent": self.intent, "slots": dict(self.slots), "engine": engine, "ms": round(ms, 1)}
        if file is not None or engine is not None:
            out.update(accepted=self.accepted, agreed=self.agreed, confidence=None if self.confidence is None else round(self.confidence, 3))
        return out


class IntentParser:
    """Parses text in one language against its templates and the customer's payees."""

    def __init__(self, language: str = "en", payees=(), intents: Intents | None = None):
        """``intents``: other templates than the language's own (e.g. built with ``Intents.from_dict``)."""
        self.language = language if intents is not None else check_language(language)
        self.payees = as_payees(payees)
        self.intents = intents if intents is not None else load_intents(language)
        self.custom_templates = intents is not None

    def parse(self, text: str) -> ParseResult:
        normalised = normalize(text)
        tagged = tag_numbers(normalised)
        best: tuple[tuple, ParseResult] | None = None
        if tagged.text:
            for match in recognize_all(tagged.text, self.intents, language=self.language):
                result, rank = self._result_from_match(text, tagged, match)
                if best is None or rank > best[0]:
                    best = (rank, result)
        if best is not None:
            return best[1]
        return self._guess(text, tagged)

    def _result_from_match(self, text: str, tagged: TaggedText, match) -> tuple[ParseResult, tuple]:
        intent = match.intent.name
        entities = {name: entity for name, entity in match.entities.items()}
        result = ParseResult(text=text, intent=intent, language=self.language, numbers=tagged.spans)
        quality = 0
        if "amount" in entities:
            span = tagged.first("amount", "number") if entities["amount"].value in (AMOUNT_PLACEHOLDER, NUMBER_PLACEHOLDER) else None
            if span is not None:
                result.amount_spoken = span.words
                if span.value is not None and span.value > 0:
                    result.slots["amount"] = span.value
                    quality += 1
        if "digits" in entities:
            span = tagged.first("digits", "number") if entities["digits"].value in (DIGITS_PLACEHOLDER, NUMBER_PLACEHOLDER) else None
            if span is not None and span.digits:
                result.slots["digits"] = span.digits
                quality += 1
        if "account_type" in entities:
            result.slots["account_type"] = str(entities["account_type"].value)
            quality += 1
        if "payee" in entities:
            spoken = str(entities["payee"].text or entities["payee"].value).strip()
            result.payee_spoken = spoken
            found: PayeeMatch = match_payee(spoken, self.payees)
            result.payee_candidates = found.candidates
            if found.payee is not None:
                result.slots["payee"] = found.payee.name
                quality += 2
            elif found.ambiguous:
                quality += 1
        # Prefer the reading whose slots made sense, then the one that matched the most literal words.
        return result, (quality, match.text_chunks_matched)

    def _guess(self, text: str, tagged: TaggedText) -> ParseResult:
        from smartbank_desktop.voice.matching import SentenceMatcher

        result = ParseResult(text=text, intent="none", language=self.language, numbers=tagged.spans)
        if tagged.text and not self.custom_templates:
            match = SentenceMatcher(self.language, self.payees).match(text)
            if match is not None and match.score >= GUESS_THRESHOLD:
                result.guess = match.intent
                result.guess_score = match.score
        return result


def parse_text(text: str, language: str = "en", payees=()) -> tuple[ParseResult, float]:
    """Parse once and time it (milliseconds), for the command line."""
    start = time.perf_counter()
    result = IntentParser(language, payees).parse(text)
    return result, (time.perf_counter() - start) * 1000.0
