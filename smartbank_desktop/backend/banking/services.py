"""The one module that moves money: account opening, payees and transfers.

Every write runs inside ``transaction.atomic()``. Locks are always taken in
one order (the sending customer's row, then accounts by primary key), so
concurrent transfers queue instead of deadlocking, and a customer's daily
limit, new-payee cap and idempotency keys are checked under that lock.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import Sum
from django.utils import timezone

from smartbank_desktop.backend.audit import services as audit
from smartbank_desktop.backend.authn.services import redeem_step_up
from smartbank_desktop.backend.customers.models import Customer, KycStatus
from smartbank_desktop.core.money import amount_in_words, format_inr
from smartbank_desktop.core.refusals import Code, Refusal, refuse

from . import account_numbers
from .models import (
    Account,
    AccountStatus,
    AccountType,
    IdempotencyRecord,
    LedgerEntry,
    Payee,
    Transfer,
    TransferKind,
)

SCAM_WARNING = (
    "Be careful: the bank will never ask you to send money to keep your account safe, "
    "and never asks for your PIN or passcode. If someone on the phone told you to make "
    "this payment, stop now."
)


@dataclass(frozen=True)
class TransferResult:
    """A completed transfer: its receipt (what the API answers, kept under the idempotency key)."""

    receipt: dict
    replayed: bool = False  # the same request was answered before: nothing moved this time


# --- accounts ---------------------------------------------------------------

def capital_account() -> Account:
    account, _ = Account.objects.get_or_create(
        number=account_numbers.CAPITAL_ACCOUNT_NUMBER, defaults={"type": AccountType.CAPITAL, "customer": None}
    )
    return account


def _unsaved_transfer(from_account: Account, to_account: Account, amount_paise: int, *, kind: str, user=None,
                      payee_id: int | None = None, note: str = "", at=None) -> tuple[Transfer, list[LedgerEntry]]:
    """A double-entry transfer and its two ledger rows, not yet written; the accounts' copies take the
    new balances (the caller's locks make them equal to what the database will hold)."""
    from_account.balance_paise -= amount_paise
    to_account.balance_paise += amount_paise
    transfer = Transfer(
        reference=Transfer.new_reference(), kind=kind, from_account=from_account, to_account=to_account,
        amount_paise=amount_paise, payee_id=payee_id, initiated_by=user, note=note, created_at=at or timezone.now(),
    )
    return transfer, [
        LedgerEntry(account=from_account, transfer=transfer, amount_paise=-amount_paise,
                    balance_after_paise=from_account.balance_paise),
        LedgerEntry(account=to_account, transfer=transfer, amount_paise=amount_paise,
                    balance_after_paise=to_account.balance_paise),
    ]


def _post(from_account: Account, to_account: Account, amount_paise: int, *, kind: str, user=None,
          payee_id: int | None = None, note: str = "", at=None) -> Transfer:
    """Write one double-entry transfer between two accounts the caller has locked (the bank's own
    postings: opening credits, deposits, fixed-deposit funding)."""
    connection = connections[Transfer.objects.db]
    transfer, entries = _unsaved_transfer(from_account, to_account, amount_paise, kind=kind, user=user,
                                          payee_id=payee_id, note=note, at=at)
    with connection.cursor() as cursor:
        cursor.execute(*_balances_update(connection, from_account.pk, to_account.pk, amount_paise, None))
    transfer.save(force_insert=True)
    LedgerEntry.objects.bulk_create(entries)
    return transfer


def _balances_update(connection, from_pk: int, to_pk: int, amount_paise: int, counts_on) -> tuple[str, list]:
    """Both balances (and the sender's daily running total, on day ``counts_on``) in one UPDATE.

    Each balance changes relative to what the database holds; the CHECK still refuses a customer
    balance below zero. Every SET reads the row as it was, so the total grows when it is of that day
    and starts again when it is of an earlier one (or none). Written out, as ``_lock_accounts`` is: the
    ORM took longer to build this statement than the database to run it."""
    table = connection.ops.quote_name(Account._meta.db_table)
    sql = f"UPDATE {table} SET balance_paise = CASE WHEN id = %s THEN balance_paise - %s ELSE balance_paise + %s END"
    params = [from_pk, amount_paise, amount_paise]
    if counts_on is not None:
        day = connection.ops.adapt_datefield_value(counts_on)
        sql += (", daily_sent_paise = CASE WHEN id <> %s THEN daily_sent_paise"
                " WHEN daily_sent_on = %s THEN daily_sent_paise + %s ELSE %s END,"
                " daily_sent_on = CASE WHEN id = %s THEN %s ELSE daily_sent_on END")
        params += [from_pk, day, amount_paise, amount_paise, from_pk, day]
    return sql + " WHERE id IN (%s, %s)", [*params, from_pk, to_pk]


def _insert(connection, rows: list, computed: dict[str, str] | None = None) -> tuple[str, list]:
    """One INSERT of unsaved model instances, each value prepared by its field as a save would.

    ``computed`` gives SQL for some columns instead (``%s`` in it, if any, stands for the field's own value)."""
    meta, computed = rows[0]._meta, computed or {}
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    tuples, params = [], []
    for row in rows:
        cells = []
        for field in fields:
            cell = computed.get(field.column, "%s")
            if "%s" in cell:
                params.append(field.get_db_prep_save(field.pre_save(row, add=True), connection))
            cells.append(cell)
        tuples.append(f"({', '.join(cells)})")
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    return f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES {', '.join(tuples)}", params


def _write_transfer_at_once(connection, balances: tuple[str, list], transfer: Transfer, entries: list[LedgerEntry],
                            event, answer: IdempotencyRecord) -> None:
    """PostgreSQL: the balances' UPDATE and every row of a transfer in one statement (data-modifying WITH),
    one round trip instead of five. The new transfer's id fills the columns that point at it, and the
    id in the stored answer."""
    new_id = "(SELECT id FROM new_transfer)"
    parts = {
        "moved": balances,
        "new_transfer": _insert(connection, [transfer]),
        "entries": _insert(connection, entries, {LedgerEntry._meta.get_field("transfer").column: new_id}),
        "event": _insert(connection, [event], {"target_id": f"CAST({new_id} AS text)"}),
        "answer": _insert(connection, [answer], {
            IdempotencyRecord._meta.get_field("transfer").column: new_id,
            "response_body": f"jsonb_set(CAST(%s AS jsonb), '{{id}}', to_jsonb({new_id}))"}),
    }
    parts["new_transfer"] = (parts["new_transfer"][0] + " RETURNING id", parts["new_transfer"][1])
    sql = "WITH " + ", ".join(f"{name} AS ({statement})" for name, (statement, _) in parts.items())
    with connection.cursor() as cursor:
        cursor.execute(sql + " SELECT id FROM new_transfer", [p for _, params in parts.values() for p in params])
        transfer.pk = cursor.fetchone()[0]
    transfer._state.adding, transfer._state.db = False, connection.alias


def _write_transfer(source: Account, destination: Account, amount_paise: int, *, user, payee_id, note: str, at,
                    counts_on, request, idempotency_key: str, fingerprint: str) -> dict:
    """Write a checked customer transfer with all that goes with it: both balances (and the sender's day's
    total, on ``counts_on``), the transfer, its ledger rows, its audit event and its answer kept under the
    idempotency key. Its receipt.

    One statement on PostgreSQL (``_write_transfer_at_once``); SQLite has no data-modifying WITH, so the
    ORM writes the same instances there one by one."""
    connection = connections[Transfer.objects.db]
    transfer, entries = _unsaved_transfer(source, destination, amount_paise, kind=TransferKind.TRANSFER, user=user,
                                          payee_id=payee_id, note=note, at=at)
    receipt = transfer_body(transfer, source, destination, to_name=destination.holder or "SmartBank")
    event = audit.event("transfer.create", request=request, actor=user, target_type=Transfer._meta.label_lower,
                        amount_paise=amount_paise, from_account=source.masked_number,
                        to_account=destination.masked_number)
    answer = IdempotencyRecord(user=user, key=idempotency_key, request_fingerprint=fingerprint, response_status=201,
                               response_body=receipt, transfer=transfer)
    balances = _balances_update(connection, source.pk, destination.pk, amount_paise, counts_on)
    if connection.vendor == "postgresql":
        _write_transfer_at_once(connection, balances, transfer, entries, event, answer)
        receipt["id"] = transfer.pk  # the stored answer took it in the statement
    else:
        with connection.cursor() as cursor:
            cursor.execute(*balances)
        transfer.save(force_insert=True)
        LedgerEntry.objects.bulk_create(entries)
        receipt["id"], event.target_id = transfer.pk, str(transfer.pk)
        event.save(force_insert=True)
        answer.save(force_insert=True)
    return receipt


def _locked(*accounts: Account) -> list[Account]:
    """Re-read accounts with row locks, always in primary-key order."""
    rows = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=[a.pk for a in accounts]).order_by("pk")}
    return [rows[a.pk] for a in accounts]


def open_account(customer: Customer, account_type: str, *, fd_amount_paise: int | None = None,
                 fd_term_months: int | None = None, funding_account_number: str | None = None,
                 request=None) -> Account:
    """Open an account for a KYC-verified customer.

    Savings and current accounts start with the ₹1,000 opening credit from the
    bank's capital account. A fixed deposit is funded from the customer's own
    savings or current account (``funding_account_number``, else the first one).
    """
    if account_type not in (AccountType.SAVINGS, AccountType.CURRENT, AccountType.FD):
        raise refuse(Code.INVALID_ACCOUNT_TYPE, "Please choose a savings account, a current account or a fixed deposit.")
    capital = capital_account()
    with transaction.atomic():
        # The KYC status is read under the customer's lock, so a concurrent review cannot slip between.
        kyc_status = Customer.objects.select_for_update().values_list("kyc_status", flat=True).get(pk=customer.pk)
        if kyc_status != KycStatus.VERIFIED:
            raise refuse(Code.KYC_NOT_VERIFIED, "We can open an account once your identity documents are verified.",
                         kyc_status=kyc_status)
        account = Account(customer=customer, type=account_type)
        if account_type == AccountType.FD:
            if not fd_amount_paise or fd_amount_paise < settings.OPENING_CREDIT_PAISE:
                raise refuse(Code.FD_AMOUNT_TOO_SMALL, f"A fixed deposit needs at least {format_inr(settings.OPENING_CREDIT_PAISE)}.",
                             minimum_paise=settings.OPENING_CREDIT_PAISE)
            if not fd_term_months or not 6 <= fd_term_months <= 120:
                raise refuse(Code.FD_TERM_OUT_OF_RANGE, "A fixed deposit runs for 6 to 120 months.", min_months=6, max_months=120)
            funding = _funding_account(customer, funding_account_number)
            account.fd_term_months = fd_term_months
            account.fd_matures_on = timezone.localdate() + relativedelta(months=fd_term_months)
        account.number = _unused_account_number()
        account.save()
        if account_type == AccountType.FD:
            funding, account = _locked(funding, account)
            if funding.balance_paise < fd_amount_paise:
                raise refuse(Code.INSUFFICIENT_FUNDS,
                             f"There is not enough money in account {funding.masked_number} for this deposit.",
                             balance_paise=funding.balance_paise, account=funding.masked_number)
            _post(funding, account, fd_amount_paise, kind=TransferKind.FD_FUNDING, user=customer.user)
        else:
            capital, account = _locked(capital, account)
            _post(capital, account, settings.OPENING_CREDIT_PAISE, kind=TransferKind.OPENING_CREDIT)
        audit.record("account.open", request=request, actor=customer.user, target=account,
                     type=account_type, number=account.masked_number)
    account.refresh_from_db()
    return account


def _funding_account(customer: Customer, number: str | None) -> Account:
    accounts = customer.accounts.filter(type__in=[AccountType.SAVINGS, AccountType.CURRENT], status=AccountStatus.ACTIVE)
    funding = accounts.filter(number=number).first() if number else accounts.first()
    if funding is None:
        raise refuse(Code.FUNDING_ACCOUNT_REQUIRED, "Please open a savings or current account first, to fund the deposit from.")
    return funding


def _unused_account_number() -> str:
    while True:
        number = account_numbers.new_account_number()
        if not Account.objects.filter(number=number).exists():
            return number


def set_account_status(account: Account, status: str, *, request=None, actor=None) -> Account:
    """Freeze, unfreeze or close an account (staff)."""
    with transaction.atomic():
        (locked,) = _locked(account)
        if locked.status == AccountStatus.CLOSED and status != AccountStatus.CLOSED:
            raise refuse(Code.ACCOUNT_CLOSED, "A closed account cannot be opened again.")
        if status == AccountStatus.CLOSED and locked.balance_paise != 0:
            raise refuse(Code.ACCOUNT_NOT_EMPTY, "Only an account with a zero balance can be closed.")
        previous, locked.status = locked.status, status
        locked.save(update_fields=["status"])
        audit.record(f"account.{status}", request=request, actor=actor, target=locked, previous=previous)
    return locked


def deposit_cash(account: Account, amount_paise: int, *, actor=None, request=None, note: str = "") -> Transfer:
    """Cash paid in at a branch counter: credited from the bank's capital (cash) account."""
    if amount_paise <= 0:
        raise refuse(Code.INVALID_AMOUNT, "The amount must be more than zero.")
    with transaction.atomic():
        capital, locked = _locked(capital_account(), account)
        if locked.status != AccountStatus.ACTIVE or locked.type == AccountType.FD:
            raise refuse(Code.DEPOSIT_NOT_ALLOWED, "This account cannot take a deposit.")
        record = _post(capital, locked, amount_paise, kind=TransferKind.CASH_DEPOSIT, user=actor, note=note)
        audit.record("account.deposit", request=request, actor=actor, target=locked, amount_paise=amount_paise)
    return record


# --- payees -----------------------------------------------------------------

def add_payee(customer: Customer, *, name: str, account_number: str, nickname: str = "",
              verified_in_branch: bool = False, request=None) -> Payee:
    """Save a SmartBank account as the customer's payee.

    A new payee is in a cooling-off period (``NEW_PAYEE_PERIOD``: a cap and a
    step-up), unless staff added it with the customer present at a branch.
    """
    if not account_numbers.is_valid(account_number):
        raise refuse(Code.INVALID_ACCOUNT_NUMBER, "This account number is not valid. Please check the 15 digits.")
    account = Account.objects.filter(number=account_number).exclude(type=AccountType.CAPITAL).first()
    if account is None or account.status == AccountStatus.CLOSED:
        raise refuse(Code.INVALID_ACCOUNT_NUMBER, "There is no open account with this number at SmartBank.")
    if account.customer_id == customer.pk:
        raise refuse(Code.OWN_ACCOUNT_AS_PAYEE, "This is your own account; you do not need to add it as a payee.")
    try:
        with transaction.atomic():
            payee = Payee.objects.create(customer=customer, name=name, nickname=nickname, account=account,
                                         verified_in_branch=verified_in_branch)
            audit.record("payee.add", request=request, actor=customer.user, target=payee,
                         account=account.masked_number, verified_in_branch=verified_in_branch)
    except IntegrityError as exc:
        raise refuse(Code.ALREADY_A_PAYEE, "This account is already one of your payees.") from exc
    return payee


def remove_payee(customer: Customer, payee_id: int, *, request=None) -> None:
    with transaction.atomic():
        payee = Payee.objects.filter(customer=customer, pk=payee_id).first()
        if payee is None:
            raise refuse(Code.NO_SUCH_PAYEE, "There is no such payee.")
        audit.record("payee.remove", request=request, actor=customer.user, target=payee,
                     account=payee.account.masked_number)
        payee.delete()


# --- transfers --------------------------------------------------------------

def request_fingerprint(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _lock_customer(user):
    """Lock the user's customer row (every transfer of theirs queues here); its primary key.

    Written out, as ``_lock_accounts`` is: the ORM took longer to build it than the database to answer."""
    connection = connections[Customer.objects.db]
    sql = f"SELECT id FROM {connection.ops.quote_name(Customer._meta.db_table)} WHERE user_id = %s"
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        row = cursor.fetchone()
    if row is None:
        raise Customer.DoesNotExist("This user is no customer.")
    return Customer._meta.pk.to_python(row[0])


def _lock_accounts(customer_id, user, idempotency_key: str, from_number: str, to_number: str,
                   today) -> dict[str, Account]:
    """Both accounts of a transfer by number, locked in primary-key order, in one statement.

    Each row also carries what the checks need: ``holder`` (the account holder's name), the customer's
    payee for it (``payee_pk``, and ``payee_is_new`` while in its cooling-off period), what the customer
    has sent to others on the bank's day ``today`` (``sent_today_paise``: the running totals of their
    accounts, a few rows, whatever the day's number of transfers), and the answer already stored under
    the idempotency key (``previous_fingerprint``, ``previous_body``, or None). The statement runs after
    the customer's row is locked, so it sees every transfer of theirs that came before, and the key of
    a retry that raced this one. It is written out: the ORM took several times longer to build it than
    the database to answer it, on every transfer.
    """
    connection = connections[Account.objects.db]
    table = {m: connection.ops.quote_name(m._meta.db_table) for m in (Account, Customer, Payee, IdempotencyRecord)}
    me = Customer._meta.pk.get_db_prep_value(customer_id, connection)
    cooling_since = connection.ops.adapt_datetimefield_value(timezone.now() - settings.NEW_PAYEE_PERIOD)
    day = connection.ops.adapt_datefield_value(today)
    answer = f"FROM {table[IdempotencyRecord]} i WHERE i.user_id = %s AND i.key = %s"
    sql = (
        f"SELECT a.*, c.full_name AS holder,"
        f" (SELECT p.id FROM {table[Payee]} p WHERE p.customer_id = %s AND p.account_id = a.id) AS payee_pk,"
        f" (SELECT COUNT(*) FROM {table[Payee]} p WHERE p.customer_id = %s AND p.account_id = a.id"
        f"  AND NOT p.verified_in_branch AND p.added_at > %s) AS payee_is_new,"
        f" (SELECT SUM(o.daily_sent_paise) FROM {table[Account]} o WHERE o.customer_id = %s"
        f"  AND o.daily_sent_on = %s) AS sent_today_paise,"
        f" (SELECT i.request_fingerprint {answer}) AS previous_fingerprint,"
        f" (SELECT i.response_body {answer}) AS previous_body"
        f" FROM {table[Account]} a LEFT JOIN {table[Customer]} c ON c.id = a.customer_id"
        f" WHERE a.number IN (%s, %s) AND a.type <> %s ORDER BY a.id"
    )
    if connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF a"
    params = [me, me, cooling_since, me, day, user.pk, idempotency_key, user.pk, idempotency_key,
              from_number, to_number, AccountType.CAPITAL.value]
    body_field = IdempotencyRecord._meta.get_field("response_body")
    found = {}
    for account in Account.objects.raw(sql, params):
        account.payee_is_new = bool(account.payee_is_new)
        account.sent_today_paise = int(account.sent_today_paise or 0)
        if account.previous_body is not None:
            account.previous_body = body_field.from_db_value(account.previous_body, None, connection)
        found[account.number] = account
    return found


def _stored_answer(user, idempotency_key: str, fingerprint: str, found: dict[str, Account]) -> dict | None:
    """The first answer under this key, if there is one (refused if it answered a different request)."""
    row = next(iter(found.values()), None)
    if row is not None:
        previous = (row.previous_fingerprint, row.previous_body) if row.previous_fingerprint else None
    else:  # neither account exists: the key's answer is looked up on its own
        previous = (IdempotencyRecord.objects.filter(user=user, key=idempotency_key)
                    .values_list("request_fingerprint", "response_body").first())
    if previous is None:
        return None
    previous_fingerprint, previous_body = previous
    if previous_fingerprint != fingerprint:
        raise refuse(Code.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used for a different transfer.")
    return previous_body


def transfer(user, *, from_account: str, to_account: str, amount_paise: int, idempotency_key: str,
             note: str = "", step_up_token: str = "", request=None) -> TransferResult:
    """Move money from one of the user's accounts to their own account or a saved payee.

    The same ``idempotency_key`` with the same request replays the first
    answer; with a different request it is refused. Only a completed transfer
    stores its answer, so a refused request can be retried with the same key.
    A transfer over the step-up threshold or to a new payee needs a step-up
    token issued for exactly this amount and destination (authn.services).
    """
    fingerprint = request_fingerprint(
        {"from_account": from_account, "to_account": to_account, "amount_paise": amount_paise, "note": note}
    )
    try:
        with transaction.atomic():
            customer_id = _lock_customer(user)
            # The instant, and so the bank's day, of this transfer: read once the customer's lock is
            # held, so that each of their transfers is later than the one before, even around midnight.
            now = timezone.now()
            found = _lock_accounts(customer_id, user, idempotency_key, from_account, to_account,
                                   timezone.localdate(now))
            previous_body = _stored_answer(user, idempotency_key, fingerprint, found)
            if previous_body is not None:
                return TransferResult(previous_body, replayed=True)
            return TransferResult(_transfer_locked(customer_id, user, found, from_account, to_account, amount_paise,
                                                   note, step_up_token, request, now, idempotency_key, fingerprint))
    except Refusal as refusal:
        audit.record("transfer.create", request=request, actor=user, outcome="refused", code=refusal.code.value,
                     reason=refusal.detail, amount_paise=amount_paise, to_account=account_numbers.mask(to_account))
        raise


def _transfer_locked(customer_id, user, found, from_number, to_number, amount_paise, note, step_up_token, request,
                     now, idempotency_key, fingerprint):
    if amount_paise <= 0:
        raise refuse(Code.INVALID_AMOUNT, "The amount must be more than zero.")
    source, destination = found.get(from_number), found.get(to_number)
    if source is None or source.customer_id != customer_id:
        raise refuse(Code.NO_SUCH_ACCOUNT, "You have no account with this number.")
    if destination is None:
        raise refuse(Code.INVALID_ACCOUNT_NUMBER, "There is no account with this number at SmartBank.")
    if destination.pk == source.pk:
        raise refuse(Code.SAME_ACCOUNT, "Please choose a different account to send the money to.")
    own_destination = destination.customer_id == customer_id
    payee_id = None if own_destination else destination.payee_pk
    if not own_destination and payee_id is None:
        raise refuse(Code.PAYEE_REQUIRED, "Please add this person as a payee before sending money.")
    if source.type == AccountType.FD:
        raise refuse(Code.FIXED_DEPOSIT_CANNOT_SEND, "Money cannot be sent from a fixed deposit.")
    if source.status != AccountStatus.ACTIVE:
        raise refuse(Code.ACCOUNT_FROZEN, f"Your account {source.masked_number} is {source.status}. Please contact the bank.",
                     account=source.masked_number, status=source.status)
    if destination.status != AccountStatus.ACTIVE:
        raise refuse(Code.RECIPIENT_UNAVAILABLE, "The receiving account cannot take payments right now.")
    if destination.type == AccountType.FD:
        raise refuse(Code.FIXED_DEPOSIT_CANNOT_RECEIVE, "Money cannot be paid into a fixed deposit.")
    if source.balance_paise < amount_paise:
        raise refuse(Code.INSUFFICIENT_FUNDS, f"There is not enough money in account {source.masked_number}. "
                     f"The balance is {format_inr(source.balance_paise)}.",
                     balance_paise=source.balance_paise, account=source.masked_number)
    if not own_destination:
        limit = settings.DAILY_TRANSFER_LIMIT_PAISE
        sent = source.sent_today_paise
        if sent + amount_paise > limit:
            raise refuse(Code.DAILY_LIMIT, f"This would pass your daily limit of {format_inr(limit)}. "
                         f"You can send {format_inr(max(limit - sent, 0))} more today.",
                         limit_paise=limit, remaining_today_paise=max(limit - sent, 0))
    new_payee = payee_id is not None and destination.payee_is_new
    if new_payee:
        cap = settings.NEW_PAYEE_LIMIT_PAISE
        # By account, not by payee row: deleting the payee and saving it again starts no new allowance.
        sent_to_payee = Transfer.objects.filter(
            kind=TransferKind.TRANSFER, from_account__in=Account.objects.filter(customer_id=customer_id).values("pk"),
            to_account=destination,
            created_at__gte=timezone.now() - settings.NEW_PAYEE_PERIOD,
        ).aggregate(total=Sum("amount_paise"))["total"] or 0
        if sent_to_payee + amount_paise > cap:
            raise refuse(Code.NEW_PAYEE_LIMIT,
                         f"For your safety, a payee added in the last 24 hours can receive at most {format_inr(cap)} in total.",
                         cap_paise=cap, remaining_paise=max(cap - sent_to_payee, 0))
    over_threshold = amount_paise > settings.STEP_UP_THRESHOLD_PAISE
    if (over_threshold or new_payee) and not redeem_step_up(
            user, step_up_token, amount_paise=amount_paise, to_account=destination.number):
        reason = "new_payee" if new_payee else "amount_over_threshold"
        facts = {"step_up_required": {"reason": reason, "amount_paise": amount_paise,
                                      "to_account": destination.masked_number}, "warning": SCAM_WARNING}
        if step_up_token:
            raise refuse(Code.STEP_UP_MISMATCH, "This confirmation does not match this payment. "
                         "Please confirm it again.", **facts)
        raise refuse(Code.STEP_UP_REQUIRED, "Please confirm this payment with the passcode from your phone or your voice.",
                     **facts)
    return _write_transfer(source, destination, amount_paise, user=user, payee_id=payee_id, note=note, at=now,
                           counts_on=None if own_destination else timezone.localdate(now), request=request,
                           idempotency_key=idempotency_key, fingerprint=fingerprint)


def transfer_body(record: Transfer, source: Account, destination: Account, *, to_name: str) -> dict:
    return {
        "id": record.pk,
        "reference": record.reference,
        "amount_paise": record.amount_paise,
        "amount": format_inr(record.amount_paise),
        "amount_words": amount_in_words(record.amount_paise),
        "from_account": source.masked_number,
        "to_account": destination.masked_number,
        "to_name": to_name,
        "balance_after_paise": source.balance_paise,
        "created_at": record.created_at.isoformat(),
    }
