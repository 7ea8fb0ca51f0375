"""The one way to write the audit log."""

from __future__ import annotations

from typing import Any

from .models import AuditEvent


def client_address(request) -> tuple[str | None, str]:
    """The caller's IP address and user agent, from a Django/DRF request (or None)."""
    if request is None:
        return None, ""
    meta = request.META
    ip = meta.get("REMOTE_ADDR") or None
    return ip, meta.get("HTTP_USER_AGENT", "")[:300]


def event(
    action: str,
    *,
    request=None,
    actor=None,
    actor_label: str = "",
    outcome: str = "success",
    target=None,
    target_type: str = "",
    target_id: str = "",
    **details: Any,
) -> AuditEvent:
    """One event, not yet written (for a writer that sends it with other rows). ``target`` (a model
    instance) fills target type and id."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            actor = request.user
    if actor is not None and not actor_label:
        actor_label = actor.get_username()
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    ip, agent = client_address(request)
    return AuditEvent(
        action=action,
        actor=actor,
        actor_label=actor_label,
        outcome=outcome,
        target_type=target_type,
        target_id=str(target_id),
        ip_address=ip,
        user_agent=agent,
        details=details,
    )


def record(action: str, **fields: Any) -> AuditEvent:
    """Append one event (``event``'s fields)."""
    written = event(action, **fields)
    written.save(force_insert=True)
    return written
