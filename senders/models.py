"""Sender ids (S1, S2): the numbers a sub-account's approved campaigns send from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet

from .choices import HELD_STATES, SenderKind, SenderStatus

#: The held-number predicate, shared by the partial unique index and the at-send check's lookups.
HELD = Q(status__in=list(HELD_STATES))


class SenderIdQuerySet(TenantQuerySet):
    account_path = "account"

    def held(self):
        return self.filter(HELD)


class SenderId(FSMModelMixin, AccountKeyed):
    """One assignment of a number to one campaign of one brand (S1).

    A number has at most one holder at a time (active or suspended; a partial unique index), and it belongs
    to the brand of its first assignment forever (``NumberClaim``). Rows are never deleted: releasing keeps the
    row (``released``), and moving a number to another campaign of the same brand releases this row and adds a
    new one pointing back at it (``reassigned_from``), so the number's history reads top to bottom.
    ``status`` is protected: only the transitions below, called by ``senders.services``, change it (audited).
    """

    audit_subject_type = "sender_id"
    account_source = "campaign"

    number = models.CharField(max_length=16, help_text="E.164 (+1 and 10 digits) or a 5–6 digit short code.")
    kind = models.CharField(max_length=12, choices=SenderKind.choices)
    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="sender_ids")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="sender_ids")
    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="sender_ids")
    status = FSMField(max_length=12, choices=SenderStatus.choices, default=SenderStatus.ACTIVE, protected=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_reason = models.CharField(max_length=255, blank=True)
    #: The row this number held before it moved here from another campaign of the same brand.
    reassigned_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reassigned_to"
    )
    version = models.PositiveIntegerField(default=1)

    objects = SenderIdQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at", "-id"]
        verbose_name = "sender id"
        indexes = [
            models.Index(fields=["account", "-id"], name="sender_account_id"),
            models.Index(fields=["campaign", "status"], name="sender_campaign_status"),
            models.Index(fields=["brand", "status"], name="sender_brand_status"),
            models.Index(fields=["number", "-assigned_at"], name="sender_number_history"),
        ]
        constraints = [
            # S1: one holder per number. The at-send check reads through this index.
            models.UniqueConstraint(fields=["number"], condition=HELD, name="sender_number_one_holder"),
            models.CheckConstraint(
                condition=Q(status=SenderStatus.RELEASED, released_at__isnull=False)
                | (~Q(status=SenderStatus.RELEASED) & Q(released_at__isnull=True)),
                name="sender_released_at_iff_released",
            ),
            models.CheckConstraint(
                condition=Q(status=SenderStatus.SUSPENDED, suspended_at__isnull=False)
                | (~Q(status=SenderStatus.SUSPENDED) & Q(suspended_at__isnull=True)),
                name="sender_suspended_at_iff_suspended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} (C-{self.campaign_id})"

    @property
    def is_active(self) -> bool:
        return self.status == SenderStatus.ACTIVE

    @property
    def is_suspended(self) -> bool:
        return self.status == SenderStatus.SUSPENDED

    @property
    def is_released(self) -> bool:
        return self.status == SenderStatus.RELEASED

    # Transitions: ``by``/``reason`` are read by the audit receiver.
    @transition(field=status, source=list(HELD_STATES), target=SenderStatus.RELEASED)
    def release(self, *, by, reason: str = ""):
        pass

    @transition(field=status, source=SenderStatus.ACTIVE, target=SenderStatus.SUSPENDED)
    def suspend(self, *, by, reason: str):
        pass

    @transition(field=status, source=SenderStatus.SUSPENDED, target=SenderStatus.ACTIVE)
    def reinstate(self, *, by, reason: str):
        pass


class NumberClaim(models.Model):
    """S1: the brand a number belongs to, forever — written by its first assignment, never changed or deleted.

    The unique ``number`` makes two concurrent first assignments to different brands race on one row: exactly
    one inserts, the other sees the winner's brand and is refused. On PostgreSQL a trigger refuses any sender
    id row whose brand is not its number's claim, and another refuses updates and deletes of claims.
    """

    number = models.CharField(max_length=16, unique=True)
    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="number_claims")
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} → brand {self.brand_id}"
