"""External vets of a brand (V1–V9) and the score → throughput table (V3)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet

from .choices import OPEN_STATUSES, UseCaseGroup, Vendor, VetClass, VetStatus


def private_storage():
    return storages["private"]


def vet_report_path(instance: Vet, filename: str) -> str:
    # Server-generated name: the vendor's file name is never used as a storage path.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"vet-reports/{instance.brand_id}/{uuid.uuid4().hex}{suffix}"


class VetQuerySet(TenantQuerySet):
    account_path = "account"


class Vet(FSMModelMixin, AccountKeyed):
    """One external vet of a brand, ordered here or imported by token.

    ``status`` is the mapped V2 state (protected: only transitions change it); ``vendor_status``
    keeps the vendor's raw string. Political tokens are single-use across the system (V6): a
    partial unique constraint holds that in the database.
    """

    audit_subject_type = "vet"
    account_source = "brand"
    # The work-subject contract (core.subjects): a vet waits in the review queue while in manual review.
    work_state_field = "status"
    work_states = VetStatus.choices
    work_open_states = frozenset({VetStatus.REVIEW})
    work_paused_states = frozenset()
    work_urgent = False

    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="vets")
    vet_class = models.CharField(max_length=10, choices=VetClass.choices)
    vendor = models.CharField(max_length=10, choices=Vendor.choices)
    token = models.CharField(max_length=64, blank=True, db_index=True)
    status = FSMField(max_length=10, choices=VetStatus.choices, default=VetStatus.PENDING, protected=True)
    vendor_status = models.CharField(max_length=40, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    report = models.FileField(upload_to=vet_report_path, storage=private_storage, blank=True)
    imported = models.BooleanField(default=False)
    imported_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    #: Set when a standard-vet appeal is filed on it (V9: a failed vet may be retried after an appeal).
    appealed_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = VetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100), name="vet_score_0_100"),
            models.CheckConstraint(
                condition=~Q(status=VetStatus.ACTIVE, score__isnull=True)
                | Q(vet_class__in=[VetClass.POLITICAL, VetClass.AUTHPLUS]),
                name="vet_active_has_score",
            ),
            models.UniqueConstraint(
                fields=["token"],
                condition=Q(vet_class=VetClass.POLITICAL) & ~Q(token=""),
                name="vet_political_token_single_use",
            ),
            models.UniqueConstraint(fields=["brand", "token"], condition=~Q(token=""), name="vet_token_once_per_brand"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="vet_status_created"),
            models.Index(fields=["account", "-created_at", "-id"], name="vet_account_created"),
            # The API pages by id (cursor pagination), the pages by creation time: one index each.
            models.Index(fields=["account", "-id"], name="vet_account_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_vet_class_display()} vet of {self.brand} ({self.get_vendor_display()})"

    def get_absolute_url(self) -> str:
        return reverse("vet-detail", args=[self.pk])

    @property
    def work_label(self) -> str:
        return str(self)

    @property
    def work_reference(self) -> str:
        return f"V-{self.pk}"

    @property
    def work_search_text(self) -> str:
        return self.brand.work_search_text_of(self)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_enhanced(self) -> bool:
        return self.vet_class == VetClass.ENHANCED

    @property
    def masked_token(self) -> str:
        """Customers see only the last 4 characters of a token."""
        if not self.token:
            return ""
        return "•" * max(len(self.token) - 4, 4) + self.token[-4:]

    @transition(field=status, source=VetStatus.PENDING, target=VetStatus.UNSCORE)
    def mark_unscored(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=[VetStatus.PENDING, VetStatus.UNSCORE], target=VetStatus.REVIEW)
    def start_review(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=[VetStatus.PENDING, VetStatus.UNSCORE, VetStatus.REVIEW], target=VetStatus.ACTIVE)
    def activate(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=[VetStatus.PENDING, VetStatus.UNSCORE, VetStatus.REVIEW], target=VetStatus.FAIL)
    def fail(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=VetStatus.ACTIVE, target=VetStatus.EXPIRED)
    def expire(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=[VetStatus.ACTIVE, VetStatus.FAIL], target=VetStatus.ACTIVE)
    def rescore(self, *, by, reason: str = "", codes=()):
        """An approved standard-vet appeal updates the score (A9)."""


class ThroughputTier(models.Model):
    """V3: one row of the score → carrier class table. Data, editable by managers."""

    use_case_group = models.CharField(max_length=20, choices=UseCaseGroup.choices)
    min_score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    carrier_class = models.CharField("AT&T class", max_length=4)
    sms_per_minute = models.PositiveIntegerField()
    mms_per_minute = models.PositiveIntegerField()

    class Meta:
        ordering = ["use_case_group", "-min_score"]
        constraints = [
            models.CheckConstraint(condition=Q(min_score__lte=models.F("max_score")), name="tier_min_le_max"),
            models.CheckConstraint(condition=Q(max_score__lte=100), name="tier_max_le_100"),
            models.UniqueConstraint(fields=["use_case_group", "min_score"], name="tier_unique_start"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_use_case_group_display()} {self.min_score}–{self.max_score}: class {self.carrier_class} "
            f"({self.sms_per_minute:,} SMS / {self.mms_per_minute:,} MMS per minute)"
        )
