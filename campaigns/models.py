"""Campaigns: what a brand will send, and our review of it (C1–C8, V7–V8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet

from .choices import (
    ATTRIBUTE_FIELDS,
    CONTENT_FIELDS,
    ESCALATION_CODE,
    SUBSCRIBER_FIELDS,
    CampaignStatus,
    Carrier,
    CarrierSource,
    CarrierState,
    ReviewDecision,
    UseCase,
)

#: Everything the customer writes or ticks: what a resubmission must change (C6) and what a decision snapshots.
SUBMITTED_FIELDS = ("use_case", "sub_use_cases", *CONTENT_FIELDS, *ATTRIBUTE_FIELDS, *SUBSCRIBER_FIELDS)
#: States an analyst decides from.
REVIEWABLE_STATES = (CampaignStatus.SUBMITTED, CampaignStatus.IN_REVIEW)
#: States in which the customer may change the content.
EDITABLE_STATES = (CampaignStatus.DRAFT, CampaignStatus.REJECTED)


class CampaignQuerySet(TenantQuerySet):
    account_path = "account"


class Campaign(FSMModelMixin, AccountKeyed):
    """One campaign of a brand (C1–C3) and its review state (C5–C8).

    ``status`` is protected: only transitions, called by ``campaigns.services``, change it, and each is
    audited. ``vet``/``tier`` are the vet and throughput class in force when the campaign was last
    registered (submitted); ``needs_resubmission`` is set when a later vet completes (V7).
    """

    audit_subject_type = "campaign"
    account_source = "brand"
    # The work-subject contract (core.subjects): a campaign waits in the review queue while submitted.
    work_state_field = "status"
    work_states = CampaignStatus.choices
    work_open_states = frozenset(REVIEWABLE_STATES)
    work_paused_states = frozenset()

    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="campaigns")
    use_case = models.CharField(max_length=40, choices=UseCase.choices)
    #: N4: a MIXED or LOW_VOLUME campaign's 2–5 sub-use cases (registry values); empty for the other use cases.
    sub_use_cases = models.JSONField(default=list, blank=True)
    description = models.TextField()
    message_flow = models.TextField("call to action / message flow", blank=True)
    sample_messages = models.JSONField(default=list)
    optin_message = models.TextField("opt-in message", blank=True)
    optin_keywords = models.CharField("opt-in keywords", max_length=255, blank=True)
    help_message = models.TextField("HELP message", blank=True)
    help_keywords = models.CharField("HELP keywords", max_length=255, blank=True)
    optout_message = models.TextField("opt-out message", blank=True)
    optout_keywords = models.CharField("opt-out keywords", max_length=255, blank=True)
    privacy_policy_url = models.CharField("privacy policy URL", max_length=255, blank=True)
    terms_url = models.CharField("terms & conditions URL", max_length=255, blank=True)
    website = models.CharField(max_length=255, blank=True)

    embedded_link = models.BooleanField(default=False)
    embedded_phone = models.BooleanField(default=False)
    number_pool = models.BooleanField(default=False)
    age_gated = models.BooleanField("age-gated content", default=False)
    direct_lending = models.BooleanField("direct lending or loan arrangement", default=False)
    affiliate_marketing = models.BooleanField(default=False)
    subscriber_optin = models.BooleanField("subscriber opt-in", default=True)
    subscriber_optout = models.BooleanField("subscriber opt-out", default=True)
    subscriber_help = models.BooleanField("subscriber help", default=True)

    status = FSMField(max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, protected=True)
    #: C4 findings as of the last save: [{check, code, field, message, remediation, prohibited}].
    findings = models.JSONField(default=list, blank=True)
    rejection_count = models.PositiveSmallIntegerField(default=0)
    #: C6: after the 5th rejection only a manager reviews it.
    escalated = models.BooleanField(default=False)
    #: V7: a vet completed after this campaign was registered; resubmit to register with it.
    needs_resubmission = models.BooleanField(default=False)
    #: C8: suspended together with its sub-account (reinstated with it, unlike a campaign suspended alone).
    suspended_with_sub_account = models.BooleanField(default=False)
    #: M4.2: suspended together with its account (the account step); reinstated when the account is, unless
    #: its sub-account's suspension still holds it.
    suspended_with_account = models.BooleanField(default=False)
    vet = models.ForeignKey(
        "vetting.Vet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Vet in force"
    )
    tier = models.ForeignKey(
        "vetting.ThroughputTier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(null=True, blank=True, help_text="Last (re)submission to review.")
    #: Bumped by every change; a decision made on an older version is refused (stale view).
    version = models.PositiveIntegerField(default=1)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="campaign_status_created"),
            models.Index(fields=["brand", "status"], name="campaign_brand_status"),
            models.Index(fields=["account", "-created_at", "-id"], name="campaign_account_created"),
            # The API pages by id (cursor pagination), the pages by creation time: one index each.
            models.Index(fields=["account", "-id"], name="campaign_account_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rejection_count__gte=0), name="campaign_rejections_non_negative"),
            models.CheckConstraint(
                condition=Q(escalated=False) | Q(rejection_count__gte=5), name="campaign_escalated_after_5"
            ),
        ]

    def __str__(self) -> str:
        return f"C-{self.pk} {self.get_use_case_display()} ({self.brand})"

    @property
    def reference(self) -> str:
        return f"C-{self.pk}"

    # Display-only state checks for templates (the rules themselves are in campaigns.policies).
    @property
    def is_submitted(self) -> bool:
        return self.status == CampaignStatus.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.status == CampaignStatus.APPROVED

    @property
    def is_rejected(self) -> bool:
        return self.status == CampaignStatus.REJECTED

    @property
    def is_suspended(self) -> bool:
        return self.status == CampaignStatus.SUSPENDED

    @property
    def is_closed(self) -> bool:
        return self.status == CampaignStatus.CLOSED

    def get_absolute_url(self) -> str:
        return reverse("campaign-detail", args=[self.pk])

    @property
    def work_label(self) -> str:
        return f"{self.reference} {self.get_use_case_display()} — {self.brand}"

    @property
    def work_reference(self) -> str:
        return self.reference

    @property
    def work_search_text(self) -> str:
        return self.brand.work_search_text_of(self)

    @property
    def work_urgent(self) -> bool:
        """After five rejections (C6) a campaign is escalated: it is decided before the rest."""
        return self.escalated

    @property
    def sub_use_case_labels(self) -> list[str]:
        """Display only: the sub-use cases in the customer's words."""
        return [UseCase(value).label if value in UseCase.values else value for value in self.sub_use_cases or []]

    def content(self) -> dict:
        """The customer's content in the API's spelling (what pre-screen reads and decisions snapshot)."""
        return {field: getattr(self, field) for field in SUBMITTED_FIELDS}

    # Transitions: ``by``/``reason``/``codes`` are read by the audit receiver.
    @transition(field=status, source=[CampaignStatus.DRAFT, CampaignStatus.REJECTED], target=CampaignStatus.SUBMITTED)
    def submit(self, *, by, reason: str = "", codes=()):
        """First submission, or a resubmission after a rejection."""

    @transition(field=status, source=CampaignStatus.SUBMITTED, target=CampaignStatus.IN_REVIEW)
    def start_review(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=list(REVIEWABLE_STATES), target=CampaignStatus.APPROVED)
    def approve(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=list(REVIEWABLE_STATES), target=CampaignStatus.REJECTED)
    def reject(self, *, by, reason: str = "", codes=()):
        pass

    @transition(field=status, source=list(REVIEWABLE_STATES), target=CampaignStatus.CLOSED)
    def close(self, *, by, reason: str = "", codes=()):
        """Rejected with a code that has no remediation: resubmission is refused for good."""

    @transition(field=status, source=CampaignStatus.APPROVED, target=CampaignStatus.SUSPENDED)
    def suspend(self, *, by, reason: str, codes=()):
        pass

    @transition(field=status, source=CampaignStatus.SUSPENDED, target=CampaignStatus.APPROVED)
    def reinstate(self, *, by, reason: str, codes=()):
        pass


class CampaignReview(models.Model):
    """One decision on a campaign, with what it judged: the codes' texts, the content and the checklist."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="reviews")
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    reason = models.TextField(blank=True)
    #: Snapshot of each code's catalogue texts at decision time: [{code, reason, remediation, family, remediable}].
    codes = models.JSONField(default=list, blank=True)
    #: The content as decided on, so the customer sees what changed since a rejection (C6).
    content = models.JSONField(default=dict, blank=True)
    checklist = models.JSONField(default=dict, blank=True)
    #: The 808 escalation (C6) was added by the system, not picked by the analyst.
    escalated = models.BooleanField(default=False)
    closed = models.BooleanField(default=False, help_text="A non-remediable code closed the campaign (C5).")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["campaign", "decided_at"], name="campaign_review_at")]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} C-{self.campaign_id} {self.decided_at:%Y-%m-%d}"

    @property
    def code_list(self) -> list[str]:
        return [item["code"] for item in self.codes]

    @property
    def is_approval(self) -> bool:
        return self.decision == ReviewDecision.APPROVE

    @property
    def is_rejection(self) -> bool:
        return self.decision == ReviewDecision.REJECT

    @property
    def automatic_code(self) -> str | None:
        """C6: the code the system added to an escalating rejection (shown as "added automatically")."""
        return ESCALATION_CODE if self.escalated else None


class CarrierStatusQuerySet(TenantQuerySet):
    account_path = "account"


class CarrierStatus(AccountKeyed):
    """N3: one carrier's (MNO's) decision on a campaign, as the registry reports it or staff record it.

    One row per (campaign, carrier); a change rewrites the row and is audited on the campaign. ``reason`` is
    required for a rejection or a suspension (services check it)."""

    account_source = "campaign"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="carrier_statuses")
    carrier = models.CharField(max_length=20, choices=Carrier.choices)
    status = models.CharField(max_length=20, choices=CarrierState.choices, default=CarrierState.PENDING)
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=CarrierSource.choices, default=CarrierSource.STAFF)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    objects = CarrierStatusQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "carrier"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "carrier"], name="carrier_status_once_per_campaign"),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "suspended"]) | ~Q(reason=""),
                name="carrier_status_reason_when_refused",
            ),
        ]
        indexes = [models.Index(fields=["account", "campaign"], name="carrier_status_account")]

    def __str__(self) -> str:
        return f"C-{self.campaign_id} {self.get_carrier_display()}: {self.get_status_display()}"

    @property
    def is_refused(self) -> bool:
        """Display only: a rejection or suspension shows its reason."""
        return self.status in (CarrierState.REJECTED, CarrierState.SUSPENDED)
