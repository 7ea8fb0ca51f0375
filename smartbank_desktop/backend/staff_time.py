"""Times on staff pages: one zone everywhere (the bank's, named), the date and time kept on one line."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

NBSP = "\u00a0"


def staff_time(moment: datetime | None, *, seconds: bool = True) -> str:
    """``02 Dec 2026, 01:50:36 IST``: in the bank's zone (``TIME_ZONE``), with its name; "" for None."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    text = local.strftime("%d %b %Y, %H:%M:%S" if seconds else "%d %b %Y, %H:%M") + f" {local.tzname()}"
    return text.replace(" ", NBSP)
