"""Opt-outs (M5.1–M5.2), do-not-call lists (M5.3), the keyword blocklist and its exemptions (M5.4–M5.5), and the
shortener domains the at-send check refuses or lets through (M5.6).

Nothing a customer can reach here is ever deleted: an opt-in closes an opt-out row (``active`` false,
``opted_in_at`` set) and the row stays as history; a retired keyword keeps its row with the retirement date.
The do-not-call numbers themselves are not a model: they live in a compact table of ``bigint`` numbers that the
migrations create and ``optouts.dnc`` loads (PostgreSQL ``COPY``), holding only the lists' current versions.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet
from core.subjects import search_text

from .choices import DncStatus, ExemptionScope, ExemptionStatus, OptOutScope, OptOutSource


def private_storage():
    return storages["private"]


def dnc_upload_path(instance: DncImport, filename: str) -> str:
    # The uploader's file name never reaches the storage layer.
    return f"dnc-uploads/{instance.dnc_list_id}/{uuid.uuid4().hex}.txt"


class OptOutRefused(Exception):
    """Opt-outs are history: no surface deletes one (M5.2)."""


class OptOutQuerySet(TenantQuerySet):
    account_path = "account"

    def active(self):
        return self.filter(active=True)

    def delete(self):
        raise OptOutRefused("Opt-outs are never deleted; an opt-in closes them and the row stays as history.")


class OptOut(AccountKeyed):
    """One opt-out of a person's number (M5.1), for a sub-account or, with ``scope`` account, the whole account.

    ``active`` rows block sending; an opt-in (START, UNSTOP) closes the row (``active`` false, ``opted_in_at``)
    instead of deleting it, so the list keeps every opt-out and opt-in ever recorded (M5.2)."""

    audit_subject_type = "opt_out"
    account_source = "sub_account"

    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="opt_outs")
    number = models.CharField(max_length=16, help_text="E.164, e.g. +12125551234.")
    scope = models.CharField(max_length=12, choices=OptOutScope.choices, default=OptOutScope.SUB_ACCOUNT)
    source = models.CharField(max_length=10, choices=OptOutSource.choices)
    at = models.DateTimeField()
    #: Our sender id the STOP was sent to, and the provider's message id (inbound opt-outs).
    sender = models.CharField(max_length=16, blank=True)
    message_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    active = models.BooleanField(default=True)
    opted_in_at = models.DateTimeField(null=True, blank=True)
    opted_in_message_id = models.CharField(max_length=64, blank=True)

    objects = OptOutQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            # One open opt-out per number and sub-account: a second STOP is the same opt-out.
            models.UniqueConstraint(fields=["sub_account", "number"], condition=Q(active=True), name="optout_one_open"),
            models.CheckConstraint(
                condition=Q(active=True, opted_in_at__isnull=True) | Q(active=False, opted_in_at__isnull=False),
                name="optout_closed_by_opt_in",
            ),
        ]
        indexes = [
            # The at-send check: open opt-outs of a number within the account (M5.1).
            models.Index(fields=["account", "number"], condition=Q(active=True), name="optout_account_number"),
            models.Index(fields=["account", "-at", "-id"], name="optout_account_at"),
            models.Index(fields=["sub_account", "-at", "-id"], name="optout_sub_account_at"),
            models.Index(fields=["account", "number", "-at"], name="optout_account_search"),
            # Staff read every account's list, newest first.
            models.Index(fields=["-at", "-id"], name="optout_at"),
        ]

    def __str__(self) -> str:
        return f"{self.number} opted out of {self.sub_account}"

    def delete(self, *args, **kwargs):
        raise OptOutRefused("Opt-outs are never deleted; an opt-in closes them and the row stays as history.")

    @property
    def is_account_wide(self) -> bool:
        return self.scope == OptOutScope.ACCOUNT


class OptOutSettingsQuerySet(TenantQuerySet):
    account_path = "account"


class OptOutSettings(models.Model):
    """An account's opt-out scope (M5.1): ``account_wide`` makes every opt-out block the number for every
    sub-account of the account, not only the one that received it."""

    audit_subject_type = "opt_out_settings"

    account = models.OneToOneField("accounts.Account", on_delete=models.PROTECT, related_name="opt_out_settings")
    account_wide = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = OptOutSettingsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "opt-out settings"

    def __str__(self) -> str:
        return f"Opt-out scope of {self.account}"

    @property
    def audit_account_id(self) -> int:
        return self.account_id


class DncList(models.Model):
    """A do-not-call list (M5.3). Its numbers are those of ``current_import``; a new upload replaces them at once
    when its import succeeds, never partly."""

    audit_subject_type = "dnc_list"
    audit_account_id = None

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    current_import = models.ForeignKey("DncImport", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    numbers = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = "DNC list"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dnc-page-detail", args=[self.pk])


class DncImport(models.Model):
    """One upload of a DNC list: a version. Its numbers become the list's only when the whole file is valid."""

    audit_subject_type = "dnc_import"
    audit_account_id = None

    dnc_list = models.ForeignKey(DncList, on_delete=models.PROTECT, related_name="imports")
    status = models.CharField(max_length=10, choices=DncStatus.choices, default=DncStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=dnc_upload_path, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    lines = models.PositiveBigIntegerField(default=0)
    numbers = models.PositiveBigIntegerField(default=0)
    error_line = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "DNC import"
        indexes = [models.Index(fields=["dnc_list", "-created_at"], name="dncimport_list_created")]

    def __str__(self) -> str:
        return f"{self.dnc_list} version {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (DncStatus.DONE, DncStatus.FAILED)

    @property
    def is_failed(self) -> bool:
        return self.status == DncStatus.FAILED


class BlockedKeyword(models.Model):
    """A word or phrase the at-send check refuses in message text (M5.4), matched as whole words, any case.

    A change acts only ``KEYWORD_NOTICE_DAYS`` after it is announced: the keyword is in force from
    ``effective_at``; a retirement announced at ``retire_announced_at`` lifts it at ``retired_at``."""

    audit_subject_type = "blocked_keyword"
    audit_account_id = None

    word = models.CharField(max_length=100)
    #: The word's tokens as the matcher reads them ("free  Money!" → "free money").
    key = models.CharField(max_length=200)
    announced_at = models.DateTimeField()
    effective_at = models.DateTimeField()
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=255, blank=True)
    retire_announced_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["effective_at", "key", "id"]
        constraints = [
            # A word is on the list once until its retirement is announced; it may be listed again afterwards.
            models.UniqueConstraint(fields=["key"], condition=Q(retire_announced_at__isnull=True), name="keyword_once"),
            models.CheckConstraint(
                condition=Q(retire_announced_at__isnull=True, retired_at__isnull=True)
                | Q(retire_announced_at__isnull=False, retired_at__isnull=False),
                name="keyword_retirement_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.word

    def in_force(self, at) -> bool:
        return self.effective_at <= at and (self.retired_at is None or self.retired_at > at)


class ShortenerDomain(models.Model):
    """A URL shortener domain of the ISV itself (M5.6), refused in message text like the public ones."""

    domain = models.CharField(max_length=253, unique=True)
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class BrandDomainQuerySet(TenantQuerySet):
    account_path = "account"


class BrandDomain(AccountKeyed):
    """A domain staff confirmed the brand owns (M5.6): its shortened links pass the at-send check."""

    audit_subject_type = "brand_domain"
    account_source = "brand"

    brand = models.ForeignKey("brands.Brand", on_delete=models.PROTECT, related_name="confirmed_domains")
    domain = models.CharField(max_length=253)
    note = models.CharField(max_length=255, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    objects = BrandDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        constraints = [models.UniqueConstraint(fields=["brand", "domain"], name="branddomain_once")]

    def __str__(self) -> str:
        return f"{self.domain} ({self.brand})"


class KeywordExemptionQuerySet(TenantQuerySet):
    account_path = "account"


class KeywordExemption(FSMModelMixin, AccountKeyed):
    """A customer's request to send a blocked keyword (M5.5), a work item (kind ``keyword_request``) until staff
    decide. An approval names its scope (the sub-account or one campaign) and may expire."""

    audit_subject_type = "keyword_request"
    account_source = "sub_account"
    # The work-subject contract (core.subjects).
    work_state_field = "status"
    work_states = ExemptionStatus.choices
    work_open_states = frozenset({ExemptionStatus.PENDING})
    work_paused_states = frozenset()
    work_urgent = False

    word = models.CharField(max_length=100)
    key = models.CharField(max_length=200)
    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="keyword_exemptions")
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="keyword_exemptions"
    )
    justification = models.TextField()
    examples = models.TextField(blank=True)
    status = FSMField(max_length=10, choices=ExemptionStatus.choices, default=ExemptionStatus.DRAFT, protected=True)
    scope = models.CharField(max_length=12, choices=ExemptionScope.choices, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = KeywordExemptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ExemptionStatus.APPROVED) | ~Q(scope=""), name="exemption_approved_has_scope"
            ),
            models.CheckConstraint(
                condition=~Q(scope=ExemptionScope.CAMPAIGN) | Q(campaign__isnull=False),
                name="exemption_campaign_scope_has_campaign",
            ),
        ]
        indexes = [
            # The at-send check, only when a keyword matched: approvals of the word for the sub-account or campaign.
            models.Index(fields=["sub_account", "key"], condition=Q(status="approved"), name="exemption_sub_account"),
            models.Index(fields=["campaign", "key"], condition=Q(status="approved"), name="exemption_campaign"),
            models.Index(fields=["account", "-created_at", "-id"], name="exemption_account_created"),
            models.Index(fields=["status", "created_at"], name="exemption_status_created"),
        ]

    def __str__(self) -> str:
        return f"Keyword request #{self.pk} “{self.word}”"

    def get_absolute_url(self) -> str:
        return reverse("keyword-request-detail", args=[self.pk])

    @property
    def work_label(self) -> str:
        return f"Keyword request #{self.pk} “{self.word}” — {self.sub_account}"

    @property
    def work_reference(self) -> str:
        return f"K-{self.pk}"

    @property
    def work_search_text(self) -> str:
        return search_text(self.word, self.sub_account.name, self.sub_account.account.name, f"k-{self.pk}", self.pk)

    @property
    def is_pending(self) -> bool:
        return self.status == ExemptionStatus.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == ExemptionStatus.APPROVED

    @property
    def is_campaign_scope(self) -> bool:
        return self.scope == ExemptionScope.CAMPAIGN

    @transition(field=status, source=ExemptionStatus.DRAFT, target=ExemptionStatus.PENDING)
    def submit(self, *, by, reason: str = "", codes=()):
        """Filed: the request enters the ``keyword_request`` queue."""

    @transition(field=status, source=ExemptionStatus.PENDING, target=ExemptionStatus.APPROVED)
    def approve(self, *, by, reason: str = "", codes=()):
        """M5.5: allowed, within the scope and until the expiry the analyst chose."""

    @transition(field=status, source=ExemptionStatus.PENDING, target=ExemptionStatus.REFUSED)
    def refuse(self, *, by, reason: str, codes=()):
        pass
