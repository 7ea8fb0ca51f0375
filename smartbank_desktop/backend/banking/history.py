"""The one history query: every movement on a customer's accounts, newest first, and the bank's day bounds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from smartbank_desktop.core.refusals import Code, refuse

from .models import LedgerEntry

# The days a history can be asked about: well before any account and after any deposit's maturity, and
# far inside what Python's dates and the databases' timestamps can hold (a day's bounds cross into the
# next day, and into UTC, which year 1 and year 9999 cannot).
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
DAYS_PHRASE = f"between {EARLIEST_DAY.day} {EARLIEST_DAY:%B %Y} and {LATEST_DAY.day} {LATEST_DAY:%B %Y}"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start of ``day`` and of the next, in the bank's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def entries(customer, *, account: str | None = None, date_from: date | None = None,
            date_to: date | None = None) -> QuerySet[LedgerEntry]:
    """Ledger entries of the customer's accounts (or one of them), newest first, within the dates given."""
    found = LedgerEntry.objects.filter(account__customer=customer).select_related(
        "account", "transfer__from_account__customer", "transfer__to_account__customer")
    if account:
        if not customer.accounts.filter(number=account).exists():
            raise refuse(Code.NO_SUCH_ACCOUNT, "You have no account with this number.")
        found = found.filter(account__number=account)
    if date_from:
        found = found.filter(created_at__gte=day_bounds(date_from)[0])
    if date_to:
        found = found.filter(created_at__lt=day_bounds(date_to)[1])
    return found.order_by("-created_at", "-id")


def counterparty(entry: LedgerEntry):
    """The other account of the entry's transfer."""
    transfer = entry.transfer
    return transfer.to_account if transfer.from_account_id == entry.account_id else transfer.from_account
