"""Geo permissions (M1): the destination catalogue, account defaults and sub-account overrides, the customers'
requests for a country, and the hourly counts the recommendation reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet
from core.subjects import search_text

from .choices import BreachResponse, RequestStatus, RiskLevel
from .constants import DEFAULT_BLOCK_HOURS, DEFAULT_BREACH_RESPONSE, MAX_BLOCK_HOURS, MIN_BLOCK_HOURS


class Country(models.Model):
    """A destination country (ISO 3166-1 alpha-2): its risk level and whether it is hard-disabled (M1.1, M1.2).

    Loaded from ``geo/data/countries.csv`` and ``regions.csv`` by a migration; managers edit it in the admin."""

    #: Catalogue edits are audited (``geo.admin``); the catalogue belongs to no account.
    audit_subject_type = "country"
    audit_account_id = None

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100)
    risk_level = models.CharField(max_length=6, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    hard_disabled = models.BooleanField(
        default=False, help_text="Customers and analysts can never enable it; a manager grants it on a request."
    )
    #: UN M49 region and sub-region: the groups of the page's bulk enable/disable.
    region = models.CharField(max_length=20, blank=True)
    subregion = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(condition=Q(risk_level__in=RiskLevel.values), name="country_risk_level_valid"),
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_alpha2"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class GeoPermissionQuerySet(TenantQuerySet):
    account_path = "account"

    def account_defaults(self, account_id: int):
        return self.filter(account_id=account_id, sub_account__isnull=True)

    def overrides(self, sub_account_id: int):
        return self.filter(sub_account_id=sub_account_id)


class GeoPermission(AccountKeyed):
    """One country's setting for an account (``sub_account`` empty: the master's default) or a sub-account's
    override of it (M1.1, M1.4).

    Rows exist only for countries someone set: an account without a row for a country has the default (only the
    US enabled, M1.2), a sub-account without one inherits the account's. So a new account costs no rows, and
    "Remove override" is deleting the sub-account's row."""

    audit_subject_type = "geo_permission"
    account_source = "sub_account"

    sub_account = models.ForeignKey(
        "accounts.SubAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="geo_permissions"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", db_column="country")
    enabled = models.BooleanField(default=False)
    mph_threshold = models.PositiveIntegerField(null=True, blank=True)
    breach_response = models.CharField(max_length=16, choices=BreachResponse.choices, default=DEFAULT_BREACH_RESPONSE)
    block_hours = models.PositiveSmallIntegerField(default=DEFAULT_BLOCK_HOURS)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = GeoPermissionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "country"], condition=Q(sub_account__isnull=True), name="geo_one_default_per_country"
            ),
            models.UniqueConstraint(
                fields=["sub_account", "country"],
                condition=Q(sub_account__isnull=False),
                name="geo_one_override_per_country",
            ),
            models.CheckConstraint(
                condition=Q(mph_threshold__isnull=True) | Q(mph_threshold__gte=1), name="geo_mph_threshold_min_1"
            ),
            models.CheckConstraint(
                condition=Q(block_hours__gte=MIN_BLOCK_HOURS, block_hours__lte=MAX_BLOCK_HOURS),
                name="geo_block_hours_1_to_24",
            ),
            models.CheckConstraint(
                condition=Q(breach_response__in=BreachResponse.values), name="geo_breach_response_valid"
            ),
        ]
        indexes = [
            # The at-send lookup: the account's row and the sub-account's row for one country, in one probe.
            models.Index(fields=["account", "country", "sub_account"], name="geo_perm_lookup"),
        ]

    def __str__(self) -> str:
        owner = self.sub_account.friendly_name if self.sub_account_id else self.account.name
        return f"{self.country_id} for {owner}"


class GeoRequestQuerySet(TenantQuerySet):
    account_path = "account"


class GeoRequest(FSMModelMixin, AccountKeyed):
    """A customer's request to enable a country for a sub-account (M1.3).

    LOW risk with the sub-account's KYC done is granted at once by the system; MEDIUM/HIGH wait for an analyst;
    a hard-disabled country waits for a manager (``needs_manager``, fixed when the request is filed). The
    decision is final. ``status`` changes only through transitions, which the audit trail records and which
    open and close the request's work item (queue kind ``geo_request``)."""

    audit_subject_type = "geo_request"
    account_source = "sub_account"
    # The work-subject contract (core.subjects).
    work_state_field = "status"
    work_states = RequestStatus.choices
    work_open_states = frozenset({RequestStatus.PENDING})
    work_paused_states = frozenset()
    work_urgent = False

    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="geo_requests")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", db_column="country")
    justification = models.TextField()
    #: The catalogue's answers when the request was filed: who decides it does not move with later edits.
    risk_level = models.CharField(max_length=6, choices=RiskLevel.choices)
    needs_manager = models.BooleanField(default=False)
    status = FSMField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.NEW, protected=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    #: Empty on a granted request: the system granted it (LOW risk with KYC done).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = GeoRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open request per sub-account and country: a second would only duplicate the work.
            models.UniqueConstraint(
                fields=["sub_account", "country"],
                condition=Q(status__in=[RequestStatus.NEW, RequestStatus.PENDING]),
                name="geo_request_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[RequestStatus.NEW, RequestStatus.PENDING]) | Q(decided_at__isnull=False),
                name="geo_request_decided_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "-created_at", "-id"], name="georeq_account_created"),
            models.Index(fields=["account", "-id"], name="georeq_account_id"),
            models.Index(fields=["sub_account", "status"], name="georeq_sub_status"),
        ]

    def __str__(self) -> str:
        return f"Request #{self.pk} for {self.country_id}"

    def get_absolute_url(self) -> str:
        return reverse("geo-request-detail", args=[self.pk])

    @property
    def work_label(self) -> str:
        return f"Country request GR-{self.pk} {self.country_id} — {self.sub_account.friendly_name}"

    @property
    def work_reference(self) -> str:
        return f"GR-{self.pk}"

    @property
    def work_search_text(self) -> str:
        sub = self.sub_account
        return search_text(self.work_reference, self.country_id, sub.name, sub.account.name, self.pk)

    @property
    def is_decided(self) -> bool:
        return self.status in (RequestStatus.GRANTED, RequestStatus.REFUSED)

    @transition(field=status, source=RequestStatus.NEW, target=RequestStatus.PENDING)
    def submit(self, *, by, reason: str = "", codes=()):
        """Into the analysts' (or managers') queue."""

    @transition(field=status, source=[RequestStatus.NEW, RequestStatus.PENDING], target=RequestStatus.GRANTED)
    def grant(self, *, by, reason: str = "", codes=()):
        """``by=None``: the system's decision (LOW risk with KYC done)."""

    @transition(field=status, source=RequestStatus.PENDING, target=RequestStatus.REFUSED)
    def refuse(self, *, by, reason: str, codes=()):
        pass


class HourlyCount(models.Model):
    """Counted messages of one MPH bucket to one country in one UTC hour, written by traffic
    (``hourly_counts_add``) and read by the M1.7 recommendation.

    ``bucket`` is the sub-account's id for an overriding sub-account's own bucket and 0 for the account's (M1.4):
    a NOT NULL key, so one unique index serves the single-statement upsert on every database."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="+", db_index=False)
    sub_account = models.ForeignKey(
        "accounts.SubAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    bucket = models.BigIntegerField(default=0)
    country = models.CharField(max_length=2)
    hour_start = models.DateTimeField()
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "bucket", "country", "hour_start"], name="geo_hourly_count_unique"
            ),
            models.CheckConstraint(
                condition=Q(bucket=Coalesce(F("sub_account"), 0)), name="geo_hourly_bucket_is_sub_account"
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="geo_hourly_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.hour_start:%Y-%m-%d %H:00} bucket {self.bucket}: {self.count}"
