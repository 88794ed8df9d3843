"""Rules of the events app: status-callback URLs, recording callbacks and uploads, rolling figures up."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from contextlib import nullcontext
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import SubAccount
from audit.services import audit_record
from core.errors import DomainError
from core.locking import lock_row

from . import bulk, intake, partitions, policies
from .choices import HOOK_PROVIDERS, Milestone, Provider
from .credentials import seal
from .intake import MissingPartition, NewRow, Observation
from .models import HookEndpoint, MessageSeen
from .providers import telnyx_public_key
from .selectors import HookInfo, forget_cached, owner_of, secret_digest
from .signals import figures_updated, inbound_message

#: Days a message id is remembered for de-duplication (``MessageSeen``); a callback for an older message
#: counts again on the day it arrives. Providers retry for hours, not weeks.
DEDUP_DAYS = getattr(settings, "EVENTS_DEDUP_DAYS", 40)


class UnknownSender(DomainError):
    """The number is not a sender id of the hook's account (or sub-account). Said the same way whether the
    number is unknown or held by another account."""

    def __init__(self) -> None:
        super().__init__("hook_unknown_sender", "This number is not a sender id of this callback URL's account.")


# --- status-callback URLs ------------------------------------------------------------------------------------


class NewHook(NamedTuple):
    hook: HookEndpoint
    #: The URL secret, shown to the customer once.
    secret: str


def _check_credential(provider: str, credential: str) -> str:
    credential = (credential or "").strip()
    if not credential:
        return ""
    if provider == Provider.TELNYX:
        try:
            telnyx_public_key(credential)
        except ValueError as exc:
            raise DomainError("invalid", f"Telnyx public key: {exc}", field="credential") from None
    elif not (8 <= len(credential) <= 128) or any(ch.isspace() for ch in credential):
        raise DomainError(
            "invalid", f"An auth token is 8–128 characters without spaces; this one is {len(credential)}.",
            field="credential",
        )  # fmt: skip
    return credential


def hook_create(
    *, actor, provider: str, sub_account_id: int | None = None, label: str = "", credential: str = ""
) -> NewHook:
    """A new secret callback URL for the actor's account (or one of its sub-accounts)."""
    policies.hook_can_manage(actor).enforce()
    if provider not in HOOK_PROVIDERS:
        raise DomainError("invalid", "Choose Twilio, Plivo or Telnyx.", field="provider")
    if len(label) > 80:
        raise DomainError("invalid", f"The label is {len(label)} characters; at most 80.", field="label")
    sub_account = None
    if sub_account_id is not None:
        sub_account = SubAccount.objects.filter(pk=sub_account_id, account_id=actor.account_id).first()
        if sub_account is None:
            raise DomainError("invalid", "Choose one of your sub-accounts.", field="sub_account")
    credential = _check_credential(provider, credential)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        hook = HookEndpoint.objects.create(
            account_id=actor.account_id,
            sub_account=sub_account,
            provider=provider,
            label=label.strip(),
            secret_sha256=secret_digest(secret),
            secret_hint=secret[-4:],
            credential_sealed=seal(credential),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            subject=hook,
            action="hook_created",
            reason=f"{hook.get_provider_display()} status-callback URL for {hook.scope_label}"
            + ("; provider signatures verified" if credential else "; no provider signature check"),
        )
    return NewHook(hook, secret)


def hook_revoke(*, actor, hook_id: int) -> HookEndpoint:
    policies.hook_can_manage(actor).enforce()
    with transaction.atomic():
        hook = lock_row(
            HookEndpoint.objects.visible_to(actor),
            hook_id,
            not_found=DomainError("not_found", "No such status-callback URL."),
        )
        if hook.is_revoked:
            return hook
        hook.revoked_at = timezone.now()
        hook.save(update_fields=["revoked_at"])
        audit_record(actor=actor, subject=hook, action="hook_revoked", reason="Status-callback URL revoked")
        digest = hook.secret_sha256
        transaction.on_commit(lambda: forget_cached(hook_digest=digest))
    return hook


# --- recording ---------------------------------------------------------------------------------------------


def _announce_inbound(*, account_id: int, sub_account_id: int, obs_or_row: dict) -> None:
    # The contract's ``sender`` (our sender id's number) is the signal's own ``sender`` argument: receivers are
    # ``def receiver(sender, *, account_id, sub_account_id, number, text, kind, at, message_id, **kwargs)``.
    fields = dict(obs_or_row)
    number = fields.pop("sender")
    inbound_message.send(sender=number, account_id=account_id, sub_account_id=sub_account_id, **fields)


def _after_write(changed: set[tuple[int, dt.date]]) -> None:
    """The embedded default rolls the figures up as events arrive (eager Celery, after commit); with a broker the
    ``events-rollup`` periodic job does it for recent days, so the hot path enqueues nothing per callback."""
    if changed and getattr(settings, "EVENTS_ROLLUP_ON_WRITE", settings.CELERY_TASK_ALWAYS_EAGER):
        _enqueue_rollup(changed)


def _enqueue_rollup(changed: set[tuple[int, dt.date]]) -> None:
    from .tasks import rollup_figures

    pairs = sorted((sub, day.isoformat()) for sub, day in changed)
    rollup_figures.delay_on_commit(pairs=pairs)


def event_record_callback(*, hook: HookInfo, observation: Observation) -> list[NewRow]:
    """Store one provider callback's observation for the hook's account; the new rows (none for a redelivery).

    The sender id must be held by the hook's account — and by its sub-account, for a sub-account's URL — else
    ``UnknownSender`` (nothing stored, nothing said about who holds it)."""
    owner = owner_of(observation.sender)
    if (
        owner is None
        or owner.account_id != hook.account_id
        or (hook.sub_account_id is not None and owner.sub_account_id != hook.sub_account_id)
    ):
        raise UnknownSender()
    # A status callback is one statement: in autocommit it is atomic on its own, and skipping BEGIN/COMMIT saves
    # two round trips on the hot path. An inbound message runs its receivers in the same transaction as its row;
    # inside a caller's transaction a savepoint keeps a missing partition's failure from aborting it.
    inbound = any(milestone == Milestone.INBOUND for milestone, _ in observation.milestones)
    own_transaction = inbound or connection.in_atomic_block
    for attempt in (1, 2):
        try:
            with transaction.atomic() if own_transaction else nullcontext():
                rows = intake.record(
                    account_id=owner.account_id,
                    sub_account_id=owner.sub_account_id,
                    observation=observation,
                    source="callback",
                )
                for row in rows:
                    if row.milestone == Milestone.INBOUND:
                        _announce_inbound(
                            account_id=owner.account_id,
                            sub_account_id=row.sub_account_id,
                            obs_or_row={
                                "message_id": observation.message_id,
                                "sender": observation.sender,
                                "number": observation.number,
                                "text": observation.text,
                                "kind": observation.kind or None,
                                "at": observation.at,
                            },
                        )
                _after_write(intake.changed_days(rows))
            return rows
        except MissingPartition as missing:
            if attempt == 2:
                raise
            with transaction.atomic():
                partitions.ensure_days([missing.day])
    raise AssertionError("unreachable")


class BulkResult(NamedTuple):
    lines: int
    stored: int
    days: int


def events_bulk_ingest(*, account_id: int, stream: Iterable[bytes], content_type: str) -> BulkResult:
    """Store an NDJSON or CSV upload for ``account_id``, all or nothing (``bulk.UploadRefused`` names the lines).

    The caller has established who uploads (a sending-platform token of the account, or its customer)."""
    checker = bulk.Checker(
        account_id=account_id,
        sub_account_ids=set(SubAccount.objects.filter(account_id=account_id).values_list("id", flat=True)),
        owner_of=owner_of,
        now=timezone.now(),
    )
    return events_store(account_id=account_id, observations=bulk.checked(bulk.records(stream, content_type), checker))


def events_store(*, account_id: int, observations: Iterable[tuple[int, Observation]]) -> BulkResult:
    """Store checked ``(sub_account_id, observation)`` pairs of one account in one transaction (set-based on
    PostgreSQL); each new inbound message is announced, and the changed days are rolled up after commit."""
    with transaction.atomic():
        outcome = bulk.store(observations, account_id=account_id)
        for item in outcome.inbound:
            _announce_inbound(
                account_id=item.pop("account_id"), sub_account_id=item.pop("sub_account_id"), obs_or_row=item
            )
        if outcome.changed:
            _enqueue_rollup(outcome.changed)
    return BulkResult(outcome.lines, outcome.stored, len({day for _, day in outcome.changed}))


# --- roll-up -----------------------------------------------------------------------------------------------

_ROLLUP = """
INSERT INTO events_dailyfigure AS f (account_id, sub_account_id, day, sent, delivered, errors, opt_outs, updated_at)
SELECT e.account_id, e.sub_account_id, e.day,
       count(*) FILTER (WHERE e.milestone = 1),
       count(*) FILTER (WHERE e.milestone = 2 AND e.outcome = 'delivered'),
       count(*) FILTER (WHERE e.milestone = 2 AND e.outcome = 'error'),
       count(*) FILTER (WHERE e.milestone = 3 AND e.kind = 'opt_out'),
       %s
FROM events_messageevent e
WHERE e.day IN ({days}){subs}
GROUP BY e.account_id, e.sub_account_id, e.day
ON CONFLICT (sub_account_id, day) DO UPDATE SET
    sent = excluded.sent, delivered = excluded.delivered, errors = excluded.errors, opt_outs = excluded.opt_outs,
    updated_at = excluded.updated_at
WHERE f.sent <> excluded.sent OR f.delivered <> excluded.delivered OR f.errors <> excluded.errors
    OR f.opt_outs <> excluded.opt_outs
RETURNING sub_account_id, day
"""
ROLLUP_CHUNK = 5000
#: The advisory lock key of the roll-up (any constant no other lock in the portal uses).
ROLLUP_LOCK = 0x6576_656E_7473


def figures_rollup(
    *, days: Iterable[dt.date], sub_account_ids: Iterable[int] | None = None
) -> list[tuple[int, dt.date]]:
    """Recompute ``DailyFigure`` of ``days`` (for ``sub_account_ids``, or every sub-account) from the events, in
    one set-based statement per chunk; sends ``figures_updated`` for each (sub-account, day) whose figures
    changed, inside the transaction. Idempotent: a second run changes nothing and sends nothing."""
    days = sorted(set(days))
    if not days:
        return []
    subs = None if sub_account_ids is None else sorted(set(sub_account_ids))
    chunks = [None] if subs is None else [subs[i : i + ROLLUP_CHUNK] for i in range(0, len(subs), ROLLUP_CHUNK)]
    changed: list[tuple[int, dt.date]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One roll-up at a time: each statement's snapshot is taken after the lock, so the last roll-up to
            # write has seen every event committed before it started; two overlapping ones could otherwise let
            # the older snapshot write last. (SQLite serialises writers anyway.)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROLLUP_LOCK])
        for chunk in chunks:
            sql = _ROLLUP.format(
                days=", ".join(["%s"] * len(days)),
                subs="" if chunk is None else f" AND e.sub_account_id IN ({', '.join(['%s'] * len(chunk))})",
            )
            # SQLite reads ``INSERT … SELECT … ON CONFLICT`` as a join's ON without a WHERE in the SELECT.
            if connection.vendor != "postgresql":
                sql = sql.replace("GROUP BY e.account_id", "AND 1 GROUP BY e.account_id")
            cursor.execute(sql, [timezone.now(), *days, *(chunk or [])])
            for sub_account_id, day in cursor.fetchall():
                changed.append((sub_account_id, day if isinstance(day, dt.date) else dt.date.fromisoformat(day)))
        for sub_account_id, day in changed:
            figures_updated.send(sender=MessageSeen, sub_account_id=sub_account_id, day=day)
    return changed


def figures_rollup_recent(*, today: dt.date | None = None, days_back: int = 2) -> list[tuple[int, dt.date]]:
    """The periodic roll-up: today and the ``days_back`` days before (late callbacks land in their message's
    first day)."""
    today = today or timezone.now().astimezone(dt.UTC).date()
    return figures_rollup(days=[today - dt.timedelta(days=n) for n in range(days_back + 1)])


def partitions_maintain(*, today: dt.date | None = None) -> dict:
    """The periodic partition job: the window of day partitions, and the de-duplication ledger pruned."""
    today = today or timezone.now().astimezone(dt.UTC).date()
    with transaction.atomic():
        made = partitions.ensure_window(today=today)
        pruned, _ = MessageSeen.objects.filter(day__lt=today - dt.timedelta(days=DEDUP_DAYS)).delete()
    return {"made": made, "pruned": pruned}
