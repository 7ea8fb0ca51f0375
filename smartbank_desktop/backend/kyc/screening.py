"""KYC/AML screening: a provider interface and a built-in local sanctions/PEP list provider.

A :class:`ScreeningProvider` takes a :class:`ScreeningSubject` (name, date
of birth, country) and returns a :class:`ScreeningResult` that records the
provider and the list version it checked against. :class:`LocalListProvider`
fuzzy-matches the name (rapidfuzz, after the same normalisation as the name
rule: case, punctuation, honorifics) against every name and alias of a CSV
list, then weighs the date of birth: the same date (or year, where the list
only has a year) confirms a hit, a different one clears it.

The list file starts with ``#`` comment lines, one of them
``# version: ...``; then a CSV header ``id,list,category,name,aliases,
date_of_birth,country,note`` (aliases separated by ``|``, dates
``YYYY-MM-DD`` or ``YYYY``). The package ships a small sample list of
fictitious entries; ``SMARTBANK_SCREENING_LIST`` points at a bank's own.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import time
from dataclasses import dataclass
from datetime import date
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Protocol, runtime_checkable

from rapidfuzz import fuzz, process

from .errors import TransientKycError
from .rules import normalise_name

LIST_ENV = "SMARTBANK_SCREENING_LIST"
SAMPLE_LIST = "sanctions_pep_list.csv"

NAME_THRESHOLD = 85.0  # rapidfuzz score (0-100) at which a name is a possible hit
STRONG_NAME = 92.0  # with a confirming date of birth, a hit this close is a match
DOB_MISMATCH_PENALTY = 30.0  # a different date of birth takes this off the score


class ScreeningUnavailable(TransientKycError):
    """The screening service or list could not be reached or read; retry later."""


class ScreeningOutcome(str, Enum):
    CLEAR = "CLEAR"
    POTENTIAL_MATCH = "POTENTIAL_MATCH"  # a similar name; the date of birth does not settle it
    MATCH = "MATCH"  # a close name and the same date (or year) of birth


@dataclass(frozen=True)
class ScreeningSubject:
    name: str
    date_of_birth: date | None = None
    country: str | None = None


@dataclass(frozen=True)
class ListEntry:
    id: str
    list: str
    category: str  # SANCTIONS or PEP
    name: str
    aliases: tuple[str, ...] = ()
    date_of_birth: str = ""  # "YYYY-MM-DD", "YYYY" or ""
    country: str = ""
    note: str = ""


@dataclass(frozen=True)
class ScreeningHit:
    entry: ListEntry
    matched_name: str  # the name or alias that matched
    name_score: float
    dob_check: str  # "same", "same_year", "different", "unknown"
    score: float  # name score after the date of birth is weighed

    def as_dict(self) -> dict:
        return {"id": self.entry.id, "list": self.entry.list, "category": self.entry.category,
                "listed_name": self.entry.name, "matched_name": self.matched_name,
                "name_score": round(self.name_score, 1), "dob_check": self.dob_check,
                "score": round(self.score, 1)}


@dataclass(frozen=True)
class ScreeningResult:
    provider: str
    list_version: str
    outcome: ScreeningOutcome
    hits: tuple[ScreeningHit, ...] = ()  # hits still standing, best first
    cleared: tuple[ScreeningHit, ...] = ()  # similar names cleared by a different date of birth
    list_sha256: str = ""
    ms: float = 0.0

    def as_dict(self) -> dict:
        return {"provider": self.provider, "list_version": self.list_version, "list_sha256": self.list_sha256,
                "outcome": self.outcome.value, "hits": [h.as_dict() for h in self.hits],
                "cleared": [h.as_dict() for h in self.cleared], "ms": round(self.ms, 1)}


@runtime_checkable
class ScreeningProvider(Protocol):
    """What every KYC/AML screening provider offers (a vendor's API client would too)."""

    name: str

    def screen(self, subject: ScreeningSubject) -> ScreeningResult: ...


@dataclass(frozen=True)
class WatchList:
    version: str
    entries: tuple[ListEntry, ...]
    sha256: str

    @classmethod
    def parse(cls, text: str) -> "WatchList":
        version, body = "", []
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("#"):
                key, _, value = stripped.lstrip("#").partition(":")
                if key.strip().lower() == "version":
                    version = value.strip()
            elif stripped:
                body.append(line)
        if not version:
            raise ValueError("the screening list has no '# version: ...' line")
        entries = []
        for row in csv.DictReader(io.StringIO("\n".join(body))):
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            entries.append(ListEntry(row["id"].strip(), (row.get("list") or "").strip(),
                                     (row.get("category") or "").strip().upper(), row["name"].strip(), aliases,
                                     (row.get("date_of_birth") or "").strip(), (row.get("country") or "").strip(),
                                     (row.get("note") or "").strip()))
        if not entries:
            raise ValueError("the screening list has no entries")
        return cls(version, tuple(entries), hashlib.sha256(text.encode("utf-8")).hexdigest())

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "WatchList":
        """The list at ``path``, else ``SMARTBANK_SCREENING_LIST``, else the sample list in the package."""
        path = path or os.environ.get(LIST_ENV)
        try:
            if path:
                text = Path(path).read_text(encoding="utf-8")
            else:
                text = resources.files(__package__).joinpath(SAMPLE_LIST).read_text(encoding="utf-8")
        except OSError as exc:
            raise ScreeningUnavailable(f"cannot read the screening list: {exc}") from exc
        return cls.parse(text)


def name_score(a: str, b: str, **_) -> float:
    """0-100 similarity of two normalised names; word order does not count.

    A name that holds every word of the other (a middle name left out) scores
    a little below an exact match, when at least two words are shared.
    """
    if not a or not b:
        return 0.0
    score = fuzz.token_sort_ratio(a, b)
    shared = set(a.split()) & set(b.split())
    if len(shared) >= 2:
        score = max(score, fuzz.token_set_ratio(a, b) * 0.95)
    return float(score)


def compare_dates(subject_dob: date | None, listed: str) -> str:
    if subject_dob is None or not listed:
        return "unknown"
    if len(listed) == 4 and listed.isdigit():
        return "same_year" if int(listed) == subject_dob.year else "different"
    try:
        return "same" if date.fromisoformat(listed) == subject_dob else "different"
    except ValueError:
        return "unknown"


class LocalListProvider:
    """Screening against a local sanctions/PEP list file, loaded once."""

    name = "local-list"

    def __init__(self, path: str | os.PathLike | None = None, *, threshold: float = NAME_THRESHOLD,
                 watch_list: WatchList | None = None):
        self.watch_list = watch_list or WatchList.load(path)
        self.threshold = threshold
        self._names: list[str] = []
        self._owners: list[tuple[ListEntry, str]] = []
        for entry in self.watch_list.entries:
            for listed_name in (entry.name, *entry.aliases):
                normalised = normalise_name(listed_name)
                if normalised:
                    self._names.append(normalised)
                    self._owners.append((entry, listed_name))

    @property
    def list_version(self) -> str:
        return self.watch_list.version

    def screen(self, subject: ScreeningSubject) -> ScreeningResult:
        started = time.perf_counter()
        query = normalise_name(subject.name)
        best: dict[str, ScreeningHit] = {}
        candidates = process.extract(query, self._names, scorer=name_score, score_cutoff=self.threshold,
                                     limit=None) if query else []
        for _, score, index in candidates:
            entry, listed_name = self._owners[index]
            dob_check = compare_dates(subject.date_of_birth, entry.date_of_birth)
            weighed = score - DOB_MISMATCH_PENALTY if dob_check == "different" else score
            hit = ScreeningHit(entry, listed_name, score, dob_check, weighed)
            if entry.id not in best or hit.score > best[entry.id].score:
                best[entry.id] = hit
        ranked = sorted(best.values(), key=lambda h: -h.score)
        standing = tuple(h for h in ranked if h.score >= self.threshold)
        cleared = tuple(h for h in ranked if h.score < self.threshold)
        if any(h.dob_check in ("same", "same_year") and h.name_score >= STRONG_NAME for h in standing):
            outcome = ScreeningOutcome.MATCH
        elif standing:
            outcome = ScreeningOutcome.POTENTIAL_MATCH
        else:
            outcome = ScreeningOutcome.CLEAR
        return ScreeningResult(self.name, self.watch_list.version, outcome, standing, cleared,
                               self.watch_list.sha256, (time.perf_counter() - started) * 1000)


PROVIDERS = {LocalListProvider.name: LocalListProvider}


def get_provider(name: str = LocalListProvider.name, **options) -> ScreeningProvider:
    """A screening provider by name (``local-list`` is built in)."""
    try:
        return PROVIDERS[name](**options)
    except KeyError:
        raise ValueError(f"unknown screening provider {name!r}; known: {', '.join(PROVIDERS)}") from None


def screen(name: str, date_of_birth: date | None = None, country: str | None = None,
           provider: ScreeningProvider | None = None) -> ScreeningResult:
    return (provider or get_provider()).screen(ScreeningSubject(name, date_of_birth, country))
