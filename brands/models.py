"""Brands: the registered identity behind campaigns (B1–B7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet
from core.subjects import search_text

from .choices import (
    BrandStatus,
    EntityType,
    IdentityStatus,
    ReviewDecision,
    StockExchange,
    TaxExemptStatus,
    Vertical,
)

#: B3: changing any of these after creation blocks identity appeals (A3).
CORE_FIELDS = ("legal_name", "entity_type", "tax_id", "tax_id_country")


class BrandQuerySet(TenantQuerySet):
    account_path = "account"

    def same_tax_id_as(self, brand: Brand):
        """Other instances of the same brand: the same tax id from the same issuing country."""
        return self.filter(tax_id=brand.tax_id, tax_id_country=brand.tax_id_country).exclude(pk=brand.pk)


class Brand(FSMModelMixin, AccountKeyed):
    """A company registered for 10DLC messaging, under one sub-account.

    Two state machines: ``identity_status`` (B2, the registry's verification result) and
    ``status`` (B7, our review of the registration). Both are protected: only transitions,
    called by ``brands.services``, change them, and every transition is audited.
    """

    audit_subject_type = "brand"
    account_source = "sub_account"
    # The work-subject contract (core.subjects): a brand waits in the review queue while submitted.
    work_state_field = "status"
    work_states = BrandStatus.choices
    work_open_states = frozenset({BrandStatus.SUBMITTED, BrandStatus.IN_REVIEW, BrandStatus.CHANGES_REQUESTED})
    work_paused_states = frozenset({BrandStatus.CHANGES_REQUESTED})
    work_urgent = False

    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="brands")
    legal_name = models.CharField("legal company name", max_length=255)
    display_name = models.CharField("display / DBA name", max_length=255, blank=True)
    entity_type = models.CharField(max_length=20, choices=EntityType.choices)
    tax_id = models.CharField("tax id (EIN)", max_length=21, db_index=True)
    tax_id_country = models.CharField("tax id issuing country", max_length=2, default="US")
    vertical = models.CharField(max_length=20, choices=Vertical.choices)
    website = models.URLField(max_length=255, blank=True)
    email = models.EmailField("business contact email", max_length=254)
    email_2fa_confirmed = models.BooleanField(
        "business contact email 2FA confirmed", default=False, help_text="Required for publicly traded companies."
    )
    phone = models.CharField(max_length=20, help_text="E.164, e.g. +12025550123")
    street = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=60, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")
    stock_symbol = models.CharField(max_length=10, blank=True)
    stock_exchange = models.CharField(max_length=10, choices=StockExchange.choices, blank=True)
    tax_exempt_status = models.CharField(max_length=5, choices=TaxExemptStatus.choices, default=TaxExemptStatus.NONE)
    government_entity = models.BooleanField(default=False)

    identity_status = FSMField(
        max_length=20, choices=IdentityStatus.choices, default=IdentityStatus.UNVERIFIED, protected=True
    )
    status = FSMField(max_length=20, choices=BrandStatus.choices, default=BrandStatus.DRAFT, protected=True)

    core_fields_changed = models.BooleanField(
        default=False, help_text="B3: a core identity field changed after creation."
    )
    details_updated_at = models.DateTimeField(null=True, blank=True, help_text="Last customer update of the details.")
    #: B4 automatic checklist findings as of the last save: [{check, code, field, message, remediation}].
    findings = models.JSONField(default=list, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_reason = models.CharField(max_length=255, blank=True)
    #: Bumped by every change; a decision made on an older version is refused (stale view).
    version = models.PositiveIntegerField(default=1)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BrandQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["tax_id_country", "tax_id"], name="brand_tax_id"),
            models.Index(fields=["status", "created_at"], name="brand_status_created"),
            models.Index(fields=["account", "-created_at", "-id"], name="brand_account_created"),
            # The API pages by id (cursor pagination), the pages by creation time: one index each.
            models.Index(fields=["account", "-id"], name="brand_account_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(entity_type=EntityType.SOLE_PROPRIETOR), name="brand_no_sole_proprietor"
            ),
            models.CheckConstraint(
                condition=Q(tax_exempt_status=TaxExemptStatus.NONE) | Q(entity_type=EntityType.NON_PROFIT),
                name="brand_tax_exempt_only_non_profit",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.legal_name

    def get_absolute_url(self) -> str:
        return reverse("brand-detail", args=[self.pk])

    @property
    def work_label(self) -> str:
        return f"{self} ({self.legal_name})" if self.display_name else str(self)

    @property
    def work_reference(self) -> str:
        return f"B-{self.pk}"

    @property
    def work_search_text(self) -> str:
        return self.work_search_text_of(self)

    def work_search_text_of(self, subject) -> str:
        """The queue search text of the brand or of a campaign, vet or appeal of it: the brand's names and
        tax id, the subject's reference and id."""
        return search_text(self.legal_name, self.display_name, self.tax_id, subject.work_reference, subject.pk)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    # Display-only state checks for templates (the rules themselves are in brands.policies).
    @property
    def is_approved(self) -> bool:
        return self.status == BrandStatus.APPROVED

    @property
    def is_suspended(self) -> bool:
        return self.status == BrandStatus.SUSPENDED

    @property
    def is_non_profit(self) -> bool:
        return self.entity_type == EntityType.NON_PROFIT

    @property
    def is_government(self) -> bool:
        return self.entity_type == EntityType.GOVERNMENT

    @property
    def is_public_profit(self) -> bool:
        return self.entity_type == EntityType.PUBLIC_PROFIT

    @property
    def is_tax_exempt(self) -> bool:
        return self.tax_exempt_status != TaxExemptStatus.NONE

    # B2 identity-status transitions. ``by``/``reason``/``codes`` are read by the audit receiver.
    @transition(
        field=identity_status,
        source=[IdentityStatus.UNVERIFIED, IdentityStatus.VERIFIED],
        target=IdentityStatus.VERIFIED,
    )
    def mark_verified(self, *, by, reason: str, codes=()):
        """The registry (or an approved identity appeal) verified the identity."""

    @transition(
        field=identity_status,
        source=[IdentityStatus.UNVERIFIED, IdentityStatus.VERIFIED],
        target=IdentityStatus.UNVERIFIED,
    )
    def mark_unverified(self, *, by, reason: str, codes=()):
        """The registry could not verify the identity."""

    @transition(field=identity_status, source="*", target=IdentityStatus.VETTED_VERIFIED)
    def mark_vetted(self, *, by, reason: str, codes=()):
        """A standard vet completed ACTIVE (ordered or imported)."""

    # B7 review transitions.
    @transition(field=status, source=[BrandStatus.DRAFT, BrandStatus.CHANGES_REQUESTED], target=BrandStatus.SUBMITTED)
    def submit(self, *, by, reason: str = "", codes=()):
        """The customer asks for review (first time or after changes were requested)."""

    @transition(field=status, source=BrandStatus.SUBMITTED, target=BrandStatus.IN_REVIEW)
    def start_review(self, *, by, reason: str = "", codes=()):
        """An analyst started looking at the submission."""

    @transition(field=status, source=[BrandStatus.SUBMITTED, BrandStatus.IN_REVIEW], target=BrandStatus.APPROVED)
    def approve(self, *, by, reason: str = "", codes=()):
        pass

    @transition(
        field=status, source=[BrandStatus.SUBMITTED, BrandStatus.IN_REVIEW], target=BrandStatus.CHANGES_REQUESTED
    )
    def request_changes(self, *, by, reason: str, codes=()):
        pass

    @transition(field=status, source=BrandStatus.APPROVED, target=BrandStatus.SUSPENDED)
    def suspend(self, *, by, reason: str, codes=()):
        pass

    @transition(field=status, source=BrandStatus.SUSPENDED, target=BrandStatus.APPROVED)
    def reinstate(self, *, by, reason: str, codes=()):
        pass


class BrandReview(models.Model):
    """One review decision on a brand, with the texts of its codes and the analyst's checklist as decided."""

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="reviews")
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    reason = models.TextField(blank=True)
    #: Snapshot of each code's catalogue texts at decision time: [{code, reason, remediation, ...}].
    codes = models.JSONField(default=list, blank=True)
    #: The manual checklist as ticked: {check: bool}.
    checklist = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.brand} {self.decided_at:%Y-%m-%d}"
