"""Traffic events (M2.1, M2.2) and the daily figures rolled up from them (M2.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.tenancy import AccountKeyed, TenantQuerySet

from .choices import EventSource, InboundKind, Milestone, Outcome, Provider


class HookEndpointQuerySet(TenantQuerySet):
    account_path = "account"

    def live(self):
        return self.filter(revoked_at__isnull=True)


class HookEndpoint(AccountKeyed):
    """A secret status-callback URL a customer made for one provider: ``/hooks/status/<provider>/<secret>/``.

    It covers the whole account or one sub-account (then events of another sub-account's sender ids are
    refused). Only the SHA-256 of the secret is stored, so the URL is shown once, when it is made. The provider's
    verification secret (Twilio or Plivo auth token, Telnyx public key) is optional; when present it is kept
    sealed (``events.credentials``), never shown back, and every request must carry the provider's valid
    signature.
    """

    audit_subject_type = "hook_endpoint"
    account_source = "sub_account"

    provider = models.CharField(max_length=8, choices=[(p.value, p.label) for p in Provider if p != "platform"])
    sub_account = models.ForeignKey(
        "accounts.SubAccount", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(max_length=80, blank=True)
    secret_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    #: The URL secret's last four characters, to tell endpoints apart on the page.
    secret_hint = models.CharField(max_length=4, editable=False)
    credential_sealed = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = HookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["account", "-id"], name="hook_endpoint_account")]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} callback …{self.secret_hint}"

    @property
    def verifies_signature(self) -> bool:
        return bool(self.credential_sealed)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def scope_label(self) -> str:
        return self.sub_account.name if self.sub_account_id else "All sub-accounts"


class MessageSeen(models.Model):
    """The idempotency ledger and day anchor of every message the portal has heard of, per account.

    ``MessageEvent`` is partitioned by day, and a unique key on a partitioned table must contain the partition
    key; a callback does not say on which day its message was first seen (Twilio's carries no date at all).
    So the first event of a message fixes its ``day`` and ``sub_account_id`` here (primary key: account,
    message id), and every later event of it — a redelivery, ``sent`` after ``queued``, the final outcome the
    next morning — is stored in that day's partition, where the unique key (account, message id, milestone,
    day) lets it count once. A message's figures therefore belong to the day it was first seen (error rate of
    the day's messages). Keyed per account so no customer can upload another account's message ids to mute
    its callbacks. Rows older than ``EVENTS_DEDUP_DAYS`` are pruned by the partition job.
    """

    pk = models.CompositePrimaryKey("account_id", "message_id")
    account_id = models.BigIntegerField()
    message_id = models.CharField(max_length=64)
    day = models.DateField()
    sub_account_id = models.BigIntegerField()
    provider = models.CharField(max_length=8, choices=Provider.choices)

    class Meta:
        indexes = [models.Index(fields=["day"], name="message_seen_day")]

    def __str__(self) -> str:
        return f"{self.message_id} first seen {self.day}"


class MessageEventQuerySet(TenantQuerySet):
    account_path = "account"


class MessageEvent(models.Model):
    """One milestone of one message: sent, its final outcome, or an inbound message (M2.1, M2.2).

    On PostgreSQL the table is ``PARTITION BY RANGE (day)`` with one partition per UTC day, created ahead by
    migration 0002, the ``events-partitions`` periodic job and ``manage.py event_partitions``; the primary key
    is (id, day) and the idempotency key (account, message id, milestone, day) — both hold the partition key,
    as PostgreSQL requires. On SQLite it is one plain table with the same columns and keys. Either way the
    table is written with SQL by ``events.intake`` (no ORM object graph on the hot path); the ORM reads it.
    The account and sub-account columns are keys without foreign-key constraints: every row comes from a
    sender id the account holds (checked at intake), and a per-row constraint check would double a bulk load.
    """

    id = models.BigAutoField(primary_key=True)
    day = models.DateField()
    account = models.ForeignKey(
        "accounts.Account", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    sub_account = models.ForeignKey(
        "accounts.SubAccount", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    provider = models.CharField(max_length=8, choices=Provider.choices)
    message_id = models.CharField(max_length=64)
    milestone = models.SmallIntegerField(choices=Milestone.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    error_code = models.CharField(max_length=16, blank=True)
    #: Our side: the sender id (``From`` of a status callback, ``To`` of an inbound message).
    sender = models.CharField(max_length=16)
    #: The person's number (``To`` of a status callback, ``From`` of an inbound message).
    number = models.CharField(max_length=20)
    at = models.DateTimeField()
    kind = models.CharField(max_length=8, choices=InboundKind.choices, blank=True)
    text = models.TextField(blank=True)
    source = models.CharField(max_length=8, choices=EventSource.choices)

    objects = MessageEventQuerySet.as_manager()

    class Meta:
        # The ORM's view of the table; the database side is written by migration 0001 (see its docstring).
        indexes = [models.Index(fields=["account", "-id"], name="message_event_account")]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "message_id", "milestone", "day"], name="message_event_once_per_milestone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.get_milestone_display()}"


class DailyFigureQuerySet(TenantQuerySet):
    account_path = "account"


class DailyFigure(AccountKeyed):
    """M2.3: one sub-account's UTC day — messages sent, delivered, ended in error (a final failure with an error
    code), and opt-outs received. Computed by ``events.services.figures_rollup`` from the events (or written
    directly by ``manage.py seed_traffic``); the health app judges the day."""

    account_source = "sub_account"

    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    sent = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    opt_outs = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DailyFigureQuerySet.as_manager()

    class Meta:
        ordering = ["sub_account", "day"]
        indexes = [models.Index(fields=["account", "day"], name="daily_figure_account_day")]
        constraints = [
            models.UniqueConstraint(fields=["sub_account", "day"], name="daily_figure_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_account_id} {self.day}: {self.sent} sent"
