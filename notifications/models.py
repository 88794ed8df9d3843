"""Events (N1), each user's inbox, email preferences, compliance contacts and customer webhooks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.tenancy import TenantQuerySet

from .choices import Audience, Category, DeliveryStatus, EmailMode, EmailState


class EventQuerySet(TenantQuerySet):
    account_path = "account"

    def visible_to(self, user):
        # A customer reads only their account's customer events; a staff-only event ("customer replied") is
        # never one of them.
        found = super().visible_to(user)
        if user is not None and getattr(user, "is_customer", False):
            found = found.filter(audience=Audience.CUSTOMER)
        return found


class Event(models.Model):
    """One change a reader should hear about, written in the transaction of the change itself.

    Customer events are what the inbox, the email and the webhooks of the account's customers carry (shaped like
    the providers' status events: ``type``, ``occurred_at``, ``subject``, ``status``, ``reasons``); staff events
    ("a customer replied") reach only the staff member working the item. ``title`` and ``body`` are plain words
    for the reader (no rule ids); ``data`` holds extra webhook fields (a traffic alert's seed payload).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.CUSTOMER)
    type = models.CharField(max_length=60)
    category = models.CharField(max_length=20, choices=Category.choices)
    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=40)
    subject_reference = models.CharField(max_length=255, blank=True)
    subject_url = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=40, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    #: Whoever caused it: not notified of their own action.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["account", "-occurred_at"], name="notif_event_account_at")]

    def __str__(self) -> str:
        return f"{self.type} {self.subject_reference}"

    @property
    def webhook_id(self) -> str:
        return f"evt_{self.public_id.hex}"


class NotificationQuerySet(TenantQuerySet):
    account_path = "event__account"

    def visible_to(self, user):
        """The inbox is personal, for customers and staff alike: a user sees only their own notifications."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event in one user's inbox: read or not, and whether it was emailed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notif_one_per_user_event")]
        indexes = [
            models.Index(fields=["user", "-id"], name="notif_inbox"),
            # The bell: a count over the reader's unread rows only.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notif_unread"),
            models.Index(fields=["email_state", "user"], condition=Q(email_state="digest"), name="notif_digest_due"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """How a user wants each category of events by email; a user without a row gets every email immediately."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    registration = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    traffic = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    announcements = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    service = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Email preferences of {self.user}"

    def mode_for(self, category: str) -> str:
        return getattr(self, category, EmailMode.IMMEDIATE)


class ComplianceContactQuerySet(TenantQuerySet):
    account_path = "account"


class ComplianceContact(models.Model):
    """An extra address (not a portal user) that receives the account's traffic events by email at once:
    carrier alerts (M3), violations, reminders and suspensions. Customers keep the list themselves."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    name = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ComplianceContactQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["account", "email"], name="notif_contact_unique")]

    def __str__(self) -> str:
        return self.email


class WebhookEndpointQuerySet(TenantQuerySet):
    account_path = "account"


class WebhookEndpoint(models.Model):
    """A customer's URL that receives the account's events, signed with the endpoint's secret.

    The secret is shown once, when created or rotated. A rotation keeps the previous secret signing too (a
    second ``v1=`` signature) until ``previous_secret_expires_at``, so the receiver can switch without a gap.
    ``failing_since``/``consecutive_failures`` drive the automatic disabling after sustained failure.
    """

    audit_subject_type = "webhook_endpoint"

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    #: Event types to send; empty: every customer event.
    event_types = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    secret = models.CharField(max_length=80)
    previous_secret = models.CharField(max_length=80, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "active"], name="notif_endpoint_account")]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhook-page", args=[self.pk])

    @property
    def audit_account_id(self) -> int:
        return self.account_id

    @property
    def is_disabled(self) -> bool:
        return self.disabled_at is not None

    def signing_secrets(self, now=None) -> list[str]:
        """The secrets that sign a delivery now: the current one, and the previous one during its overlap."""
        now = now or timezone.now()
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_expires_at and self.previous_secret_expires_at > now:
            secrets.append(self.previous_secret)
        return secrets

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types


class WebhookDeliveryQuerySet(TenantQuerySet):
    account_path = "account"


class WebhookDelivery(models.Model):
    """One event sent to one endpoint: every attempt, its response and the next attempt's time (the log).

    A replay is a new delivery of the same event (same event id, so the receiver can de-duplicate)."""

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    #: While an attempt is under way: nobody else starts one before this time.
    leased_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event"], condition=Q(replay_of__isnull=True), name="notif_delivery_once"
            ),
        ]
        indexes = [
            models.Index(fields=["endpoint", "-id"], name="notif_delivery_endpoint"),
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["pending", "retrying"]),
                name="notif_delivery_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.type} → {self.endpoint_id} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status in (DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED)


class WebhookAttempt(models.Model):
    """One HTTP attempt of a delivery: when, how long, what came back."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"attempt {self.at:%H:%M:%S} {self.response_code or self.error}"
