"""Appeals of a brand's identity status or of a standard vet (A1–A9), and their evidence files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet

from .choices import COMPLETE_STATUSES, DECIDABLE_STATUSES, AppealStatus, AppealType, Decision


def private_storage():
    return storages["private"]


def evidence_path(instance: Evidence, filename: str) -> str:
    # The customer's file name never reaches the storage layer: only the checked extension does.
    return f"appeal-evidence/{instance.appeal_id}/{uuid.uuid4().hex}{instance.extension}"


class AppealQuerySet(TenantQuerySet):
    account_path = "account"

    def open(self):
        return self.exclude(status__in=COMPLETE_STATUSES)


class Appeal(FSMModelMixin, AccountKeyed):
    """One appeal (A1). ``status`` changes only through transitions, which the audit trail records.

    ``vet`` is set for standard-vet appeals; ``brand`` is always set (the vet's brand for vet appeals) so
    tenancy and freezing work the same for both types.
    """

    audit_subject_type = "appeal"
    account_source = "brand"
    # The work-subject contract (core.subjects): an appeal waits in the review queue while filed.
    work_state_field = "status"
    work_states = AppealStatus.choices
    work_open_states = frozenset(DECIDABLE_STATUSES)
    work_paused_states = frozenset()
    work_urgent = False

    appeal_type = models.CharField(max_length=20, choices=AppealType.choices)
    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="appeals")
    vet = models.ForeignKey("vetting.Vet", null=True, blank=True, on_delete=models.PROTECT, related_name="appeals")
    categories = models.JSONField(default=list)
    explanation = models.TextField(blank=True)
    status = FSMField(max_length=12, choices=AppealStatus.choices, default=AppealStatus.DRAFT, protected=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    #: What an approval granted (A9), kept on the appeal as well as on the brand/vet it changed.
    granted_identity_status = models.CharField(max_length=20, blank=True)
    granted_score = models.PositiveSmallIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(appeal_type=AppealType.IDENTITY_STATUS, vet__isnull=True)
                | Q(appeal_type=AppealType.STANDARD_VET, vet__isnull=False),
                name="appeal_type_matches_subject",
            ),
            # A6: a vet is re-appealed only after its previous appeal completed; one open identity appeal per brand.
            models.UniqueConstraint(
                fields=["vet"],
                condition=Q(vet__isnull=False) & ~Q(status__in=COMPLETE_STATUSES),
                name="appeal_one_open_per_vet",
            ),
            models.UniqueConstraint(
                fields=["brand"],
                condition=Q(appeal_type=AppealType.IDENTITY_STATUS) & ~Q(status__in=COMPLETE_STATUSES),
                name="appeal_one_open_identity_per_brand",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="appeal_status_submitted"),
            models.Index(fields=["account", "-created_at", "-id"], name="appeal_account_created"),
            # The API pages by id (cursor pagination), the pages by creation time: one index each.
            models.Index(fields=["account", "-id"], name="appeal_account_id"),
            # The staff work list: waiting appeals by submission time.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status__in=["submitted", "in_review"]),
                name="appeal_waiting_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_appeal_type_display()} #{self.pk} of {self.brand}"

    def get_absolute_url(self) -> str:
        return reverse("appeal-detail", args=[self.pk])

    @property
    def work_label(self) -> str:
        return f"Appeal #{self.pk} {self.get_appeal_type_display()} — {self.brand}"

    @property
    def work_reference(self) -> str:
        return f"A-{self.pk}"

    @property
    def work_search_text(self) -> str:
        return self.brand.work_search_text_of(self)

    @property
    def is_complete(self) -> bool:
        return self.status in COMPLETE_STATUSES

    @property
    def is_draft(self) -> bool:
        return self.status == AppealStatus.DRAFT

    def get_categories_display(self) -> list[str]:
        from .choices import AppealCategory

        labels = dict(AppealCategory.choices)
        return [labels.get(c, c) for c in self.categories]

    @transition(field=status, source=AppealStatus.DRAFT, target=AppealStatus.SUBMITTED)
    def submit(self, *, by, reason: str = "", codes=()):
        """A7: from here the appeal is frozen and so is its brand."""

    @transition(field=status, source=AppealStatus.SUBMITTED, target=AppealStatus.IN_REVIEW)
    def start_review(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=list(DECIDABLE_STATUSES), target=AppealStatus.APPROVED)
    def approve(self, *, by, reason: str, codes=()):
        pass

    @transition(field=status, source=list(DECIDABLE_STATUSES), target=AppealStatus.REJECTED)
    def reject(self, *, by, reason: str, codes=()):
        pass


class EvidenceQuerySet(TenantQuerySet):
    account_path = "account"


class Evidence(AccountKeyed):
    """One evidence file (A8), stored under a server-generated name in the private storage."""

    account_source = "appeal"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=200)
    #: The customer's (cleaned) file name: for display and the download's Content-Disposition only.
    name = models.CharField(max_length=255)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["account", "uploaded_at"], name="evidence_account_at")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
