"""Sending-platform tokens, MPH breach and fraud-shield alerts (M3), and the database fallback of the MPH counter."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet
from core.subjects import search_text

from .choices import AlertKind, AlertState


class PlatformTokenQuerySet(TenantQuerySet):
    account_path = "account"

    def active(self):
        return self.filter(revoked_at__isnull=True)


class PlatformToken(AccountKeyed):
    """A credential the account's sending platform presents (``Authorization: Bearer <token>``).

    Only the SHA-256 of the token is stored: the token is 256 random bits, so a plain fast hash is enough (no
    password stretching needed) and a leaked table reveals no usable token. ``prefix`` (the token's first
    characters) lets the customer tell tokens apart; the token itself is shown once, when created."""

    audit_subject_type = "platform_token"

    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    #: Subset of ``choices.TokenScope`` ("check", "events").
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlatformTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at", "-id"], name="platformtoken_account_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_scopes_display(self) -> str:
        from .choices import TokenScope

        labels = dict(TokenScope.choices)
        return ", ".join(str(labels.get(scope, scope)) for scope in self.scopes)


class AlertQuerySet(TenantQuerySet):
    account_path = "account"


class Alert(FSMModelMixin, AccountKeyed):
    """M3: one MPH breach (one per block for BLOCK_AND_ALERT, one per bucket and hour for ALERT_ONLY) or one
    alert received from the carrier's fraud shield. A queue kind (``traffic_alert``): staff acknowledge and
    close it with a reason; notifications emails and posts it on ``traffic.signals.alert_raised``."""

    audit_subject_type = "traffic_alert"
    account_source = "sub_account"
    # The work-subject contract (core.subjects): open and acknowledged alerts wait in the queue.
    work_state_field = "state"
    work_states = [choice for choice in AlertState.choices if choice[0] != AlertState.NEW]
    work_open_states = frozenset({AlertState.OPEN, AlertState.ACKNOWLEDGED})
    work_paused_states = frozenset()

    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    #: The sub-account whose message breached (None: a fraud-shield alert, which names only the account).
    sub_account = models.ForeignKey(
        "accounts.SubAccount", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: Whether the breached bucket is the sub-account's own (an override, M1.4) or the account's.
    own_bucket = models.BooleanField(default=False)
    country = models.CharField(max_length=2)
    blocked_until = models.DateTimeField(null=True, blank=True)
    #: What was measured: threshold, count in the window, breach response, block hours (fraud shield: its body).
    figures = models.JSONField(default=dict)
    message = models.CharField(max_length=500)
    state = FSMField(max_length=12, choices=AlertState.choices, default=AlertState.NEW, protected=True)
    #: Makes raising idempotent: a redelivered task or webhook finds the alert it already made.
    dedupe_key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    state_reason = models.CharField(max_length=500, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at", "-id"], name="alert_account_created"),
            models.Index(fields=["account", "-id"], name="alert_account_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=AlertKind.FRAUD_SHIELD) | Q(sub_account__isnull=False),
                name="alert_breach_has_sub_account",
            ),
        ]

    def __str__(self) -> str:
        return f"Alert #{self.pk} {self.get_kind_display()} ({self.country})"

    def get_absolute_url(self) -> str:
        return reverse("traffic-alert-detail", args=[self.pk])

    @property
    def work_label(self) -> str:
        return f"Alert #{self.pk} {self.get_kind_display()} — {self.country}"

    @property
    def work_reference(self) -> str:
        return f"TA-{self.pk}"

    @property
    def work_search_text(self) -> str:
        return search_text(self.work_reference, self.country, self.kind, self.pk)

    @property
    def work_urgent(self) -> bool:
        # Traffic that is being blocked, or a carrier's fraud alert, needs a look before the rest of the queue.
        return self.kind in (AlertKind.BREACH_BLOCK, AlertKind.FRAUD_SHIELD)

    @property
    def is_blocking(self) -> bool:
        return self.blocked_until is not None

    def seed_payload(self) -> dict:
        """M3: the alert in the shape of the geo-permissions seed (what the webhook posts)."""
        return {
            "auth_id": str(self.account_id),
            "destination_country": self.country,
            "block": "yes"
            if self.kind == AlertKind.BREACH_BLOCK or self.figures.get("received", {}).get("block") == "yes"
            else "no",
            "alert_type": "sms_threshold_breach",
            "message": self.message,
        }

    @transition(field=state, source=AlertState.NEW, target=AlertState.OPEN)
    def raise_alert(self, *, by=None, reason: str = "", codes=()):
        """Puts the alert in the queue (its work item opens on this transition)."""

    @transition(field=state, source=AlertState.OPEN, target=AlertState.ACKNOWLEDGED)
    def acknowledge(self, *, by, reason: str, codes=()):
        pass

    @transition(field=state, source=[AlertState.OPEN, AlertState.ACKNOWLEDGED], target=AlertState.CLOSED)
    def close(self, *, by, reason: str, codes=()):
        pass


class FraudShieldSecret(AccountKeyed):
    """The per-account secret in the fraud-shield webhook URL (``/hooks/fraud-shield/<secret>/``).

    Stored as its SHA-256 (the secret is 256 random bits); shown once when created or rotated. Rotating
    replaces it: the old URL answers 404 from then on."""

    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=16)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlatformTokenQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account"], name="fraudshieldsecret_one_per_account")]

    def __str__(self) -> str:
        return f"Fraud-shield secret {self.prefix}… of account {self.account_id}"


class MphState(models.Model):
    """Database fallback of the MPH counter (no Redis configured): one row per bucket and country, locked by
    every check of that bucket, holding the block window and the hour of the last ALERT_ONLY alert."""

    bucket = models.CharField(max_length=64, unique=True)
    #: Unix seconds until which the bucket is blocked (0: not blocked).
    block_until = models.FloatField(default=0)
    #: Unix hour (seconds // 3600) of the last ALERT_ONLY alert (-1: none yet).
    alert_hour = models.BigIntegerField(default=-1)

    def __str__(self) -> str:
        return self.bucket


class MinuteCount(models.Model):
    """Database fallback of the MPH counter: messages counted in one bucket and country in one UTC minute."""

    bucket = models.CharField(max_length=64)
    #: Unix minute (seconds // 60).
    minute = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "minute"], name="minutecount_bucket_minute")]

    def __str__(self) -> str:
        return f"{self.bucket} @ {self.minute}: {self.count}"
