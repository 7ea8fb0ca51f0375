"""The outcome of one sign-in check (PIN, passcode, face or voice), shared by the checks and the lockout rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from smartbank_desktop.core.refusals import Code


@dataclass(frozen=True)
class CheckResult:
    """What a check found. ``reason`` is a plain sentence safe to show (how to retry); ``code`` names it;
    ``details`` are for the audit log only."""

    ok: bool
    reason: str | None = None
    details: dict = field(default_factory=dict)
    code: Code | None = None
