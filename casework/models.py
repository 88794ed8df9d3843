"""Work queues (Q1–Q3), SLA policy per kind (Q2) and comments on any subject (Q4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.functions import Now
from django.utils import timezone

from accounts.tenancy import TenantQuerySet

from .choices import Priority, kind_choices


class SlaPolicy(models.Model):
    """Q2: how long an item of one kind may wait for a decision; managers edit it in the admin."""

    kind = models.CharField(max_length=30, choices=kind_choices, unique=True)
    hours = models.PositiveIntegerField(help_text="Hours from entering the queue to the SLA due time.")
    default_priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)

    class Meta:
        ordering = ["kind"]
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.hours} h"


class WorkItemQuerySet(TenantQuerySet):
    account_path = "account"

    def open(self):
        return self.filter(closed_at__isnull=True)

    def overdue(self, now=None):
        return self.filter(overdue_condition(now))

    def not_overdue(self, now=None):
        return self.exclude(overdue_condition(now))

    def with_overdue(self, now=None):
        """Each item's ``is_overdue`` flag, computed by the database (the queue page, the API, the panel)."""
        return self.annotate(
            is_overdue=Case(
                When(overdue_condition(now), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )


def overdue_condition(now=None) -> Q:
    """Q2, the one definition of "overdue": open, not paused (an item waiting on the customer is not late) and
    due before ``now`` (the database's clock unless given, so every surface agrees on one clock)."""
    return Q(closed_at__isnull=True, paused_at__isnull=True, sla_due__lt=Now() if now is None else now)


class WorkItem(models.Model):
    """One piece of reviewable work: a brand submitted for review, a submitted campaign, a vet in REVIEW or a
    submitted appeal. Opened and closed by the subject's own state transitions (``casework.receivers``), so
    the registry in ``casework.registry`` is the one place that decides what is open.

    The subject's label, account and search text are copied here so the queue page reads one table.
    ``sla_due`` moves later by the time the item was paused (waiting on the customer).
    """

    kind = models.CharField(max_length=30, choices=kind_choices)
    subject_id = models.PositiveBigIntegerField()
    subject_label = models.CharField(max_length=255)
    #: Lower-case brand legal/display name, EIN and the subject's reference: what the queue search matches.
    search = models.TextField(blank=True)
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=30)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    opened_at = models.DateTimeField(default=timezone.now)
    sla_due = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True, help_text="Waiting on the customer since.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=30, blank=True, help_text="The subject's state when it left the queue.")
    customer_replied_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="N2: the customer wrote on (or resubmitted) the subject since staff last answered.",
    )
    version = models.PositiveIntegerField(default=1)

    objects = WorkItemQuerySet.as_manager()

    class Meta:
        ordering = ["sla_due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_id"], condition=Q(closed_at__isnull=True), name="workitem_one_open_per_subject"
            ),
        ]
        indexes = [
            # The queue page's filters and sorts, on open items only (closed ones are history).
            models.Index(fields=["sla_due", "id"], condition=Q(closed_at__isnull=True), name="wi_open_due"),
            models.Index(
                fields=["kind", "sla_due", "id"], condition=Q(closed_at__isnull=True), name="wi_open_kind_due"
            ),
            models.Index(
                fields=["assignee", "sla_due", "id"], condition=Q(closed_at__isnull=True), name="wi_open_assignee_due"
            ),
            models.Index(
                fields=["account", "sla_due", "id"], condition=Q(closed_at__isnull=True), name="wi_open_account_due"
            ),
            models.Index(fields=["opened_at", "id"], condition=Q(closed_at__isnull=True), name="wi_open_age"),
            models.Index(
                fields=["-priority", "sla_due", "id"], condition=Q(closed_at__isnull=True), name="wi_open_priority"
            ),
            models.Index(fields=["kind", "subject_id"], name="wi_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def customer_replied(self) -> bool:
        return self.customer_replied_at is not None


class CommentQuerySet(TenantQuerySet):
    account_path = "account"

    def for_subject(self, subject: models.Model):
        return self.filter(subject_type=subject.audit_subject_type, subject_id=str(subject.pk))

    def customer_visible(self):
        return self.filter(internal=False)


class Comment(models.Model):
    """A note on a subject: internal (staff only) or a message the customer sees and may answer."""

    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=40)
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    internal = models.BooleanField(default=False, help_text="Staff only; the customer never sees it.")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "created_at"], name="comment_subject_at")]

    def __str__(self) -> str:
        return f"{'Note' if self.internal else 'Message'} on {self.subject_type} {self.subject_id}"
