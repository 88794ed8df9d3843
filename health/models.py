"""Traffic health (M2.3–M2.5) and enforcement (M4): the policy rows, each sub-account's judged days, its standing
on the staff overview, traffic-health cases, violations, the ladder and the steps applied."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.tenancy import AccountKeyed, TenantQuerySet
from core.subjects import search_text

from .choices import CaseCause, CaseStatus, Metric, Severity, Step, Verdict, ViolationKind

# ----------------------------------------------------------------------------------------------------------
# Policy rows (admin-editable; seeded by migration 0002 from constants.py)
# ----------------------------------------------------------------------------------------------------------


class RateThreshold(models.Model):
    """M2.3: a rate at or below ``up_to_percent`` earns ``verdict``; above every row of its metric the day is bad.

    Seed: error rate ≤ 6 % good; opt-out rate ≤ 0.3 % good, ≤ 0.4 % watch."""

    metric = models.CharField(max_length=20, choices=Metric.choices)
    verdict = models.CharField(
        max_length=10, choices=[(Verdict.GOOD, Verdict.GOOD.label), (Verdict.WATCH, Verdict.WATCH.label)]
    )
    up_to_percent = models.DecimalField(max_digits=7, decimal_places=4)

    class Meta:
        ordering = ["metric", "up_to_percent"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "verdict"], name="health_threshold_one_per_verdict"),
            models.CheckConstraint(
                condition=Q(up_to_percent__gte=0, up_to_percent__lte=100), name="health_threshold_is_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ≤ {self.up_to_percent} %: {self.get_verdict_display()}"


class VolumeFloor(models.Model):
    """M2.3: days with fewer messages sent than ``min_sent`` are not judged (one row)."""

    min_sent = models.PositiveIntegerField(default=100)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(min_sent__gte=1), name="health_volume_floor_positive")]

    def __str__(self) -> str:
        return f"Judge days with at least {self.min_sent} messages sent"


class LadderRule(models.Model):
    """M4.2: a step is proposed once the sub-account (the account, for the account step) has ``min_violations``
    violations recorded in the last ``window_days`` days."""

    step = models.PositiveSmallIntegerField(choices=Step.choices, unique=True)
    min_violations = models.PositiveIntegerField()
    window_days = models.PositiveIntegerField()

    class Meta:
        ordering = ["step"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_violations__gte=1, window_days__gte=1, window_days__lte=3650),
                name="health_ladder_rule_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.min_violations} violations in {self.window_days} days"


class SeverityFloor(models.Model):
    """M4.2: serious violations may skip steps — a violation of this severity proposes at least ``min_step``."""

    severity = models.CharField(max_length=10, choices=Severity.choices, unique=True)
    min_step = models.PositiveSmallIntegerField(choices=Step.choices)

    class Meta:
        ordering = ["min_step"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: at least “{self.get_min_step_display()}”"


# ----------------------------------------------------------------------------------------------------------
# Judged days and standings (M2.3–M2.5)
# ----------------------------------------------------------------------------------------------------------


class DayVerdictQuerySet(TenantQuerySet):
    account_path = "account"


class DayVerdict(AccountKeyed):
    """M2.3: a sub-account's UTC day judged from its daily figures (a copy of them, so the verdict says what it was
    judged on). Recomputed whenever the day's figures change; a bad day belongs to the case it opened or joined."""

    account_source = "sub_account"

    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent = models.PositiveIntegerField()
    delivered = models.PositiveIntegerField()
    errors = models.PositiveIntegerField()
    opt_outs = models.PositiveIntegerField()
    #: Percentages rounded to 4 places for display and charts; the verdict was decided on the exact counts.
    error_rate = models.DecimalField(max_digits=9, decimal_places=4, null=True)
    opt_out_rate = models.DecimalField(max_digits=9, decimal_places=4, null=True)
    error_verdict = models.CharField(max_length=10, choices=Verdict.choices)
    opt_out_verdict = models.CharField(max_length=10, choices=Verdict.choices)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    case = models.ForeignKey("TrafficHealthCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="days")
    computed_at = models.DateTimeField(auto_now=True)

    objects = DayVerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["sub_account", "day"], name="health_dayverdict_one_per_day")]
        indexes = [models.Index(fields=["account", "-day"], name="health_dayverdict_account_day")]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_verdict_display()}"

    @property
    def is_at_risk(self) -> bool:
        return self.verdict in (Verdict.WATCH, Verdict.BAD)

    @property
    def is_bad(self) -> bool:
        return self.verdict == Verdict.BAD


class HealthStandingQuerySet(TenantQuerySet):
    account_path = "account"


class HealthStanding(AccountKeyed):
    """M2.5: one row per judged sub-account, kept with its verdicts, so the staff overview orders 10,000
    sub-accounts by risk from one index instead of aggregating 900,000 days per page."""

    account_source = "sub_account"

    sub_account = models.OneToOneField("accounts.SubAccount", on_delete=models.CASCADE, related_name="+")
    last_day = models.DateField()
    last_verdict = models.CharField(max_length=10, choices=Verdict.choices)
    #: The latest watch or bad day: the customer's "at risk" reminder shows it while it is recent.
    risky_day = models.ForeignKey(DayVerdict, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    risky_on = models.DateField(null=True, blank=True)
    bad_days = models.PositiveSmallIntegerField(default=0)
    watch_days = models.PositiveSmallIntegerField(default=0)
    #: Worst recent verdicts first: the latest verdict's rank, then bad days, then watch days (constants.py).
    score = models.PositiveIntegerField(default=0)

    objects = HealthStandingQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["-score", "-last_day", "-id"], name="health_standing_risk"),
            models.Index(fields=["account", "-risky_on"], name="health_standing_account_risky"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_account_id}: {self.last_verdict} on {self.last_day}"


# ----------------------------------------------------------------------------------------------------------
# Traffic-health cases (M2.4, M4.4): queue kind "traffic_health"
# ----------------------------------------------------------------------------------------------------------


class TrafficHealthCaseQuerySet(TenantQuerySet):
    account_path = "account"


class TrafficHealthCase(FSMModelMixin, AccountKeyed):
    """A case for the compliance team about a sub-account's traffic: its bad days (each bad day opens one or joins
    the open one) or a compromise the customer reported (urgent). Its days are the DayVerdicts pointing at it."""

    audit_subject_type = "traffic_health"
    account_source = "sub_account"
    work_state_field = "status"
    work_states = CaseStatus.choices
    work_open_states = frozenset({CaseStatus.OPEN})
    work_paused_states = frozenset()

    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="+")
    cause = models.CharField(max_length=12, choices=CaseCause.choices)
    status = FSMField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.NEW, protected=True)
    urgent = models.BooleanField(default=False)
    #: The customer's words for a reported compromise.
    description = models.TextField(blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = TrafficHealthCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # M2.4: a sub-account's bad days gather in its one open case.
            models.UniqueConstraint(
                fields=["sub_account"],
                condition=Q(cause=CaseCause.BAD_DAYS) & ~Q(status=CaseStatus.CLOSED),
                name="health_case_one_open_per_sub_account",
            ),
        ]
        indexes = [models.Index(fields=["account", "-created_at", "-id"], name="health_case_account_created")]

    def __str__(self) -> str:
        return f"{self.work_reference} {self.get_cause_display()}"

    def get_absolute_url(self) -> str:
        return reverse("health-case-detail", args=[self.pk])

    @property
    def work_urgent(self) -> bool:
        return self.urgent

    @property
    def work_label(self) -> str:
        return f"{self.work_reference} {self.get_cause_display()} — {self.sub_account}"

    @property
    def work_reference(self) -> str:
        return f"TH-{self.pk}"

    @property
    def work_search_text(self) -> str:
        return search_text(self.work_reference, self.sub_account.account.name, self.sub_account.name, self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @transition(field=status, source=CaseStatus.NEW, target=CaseStatus.OPEN)
    def open(self, *, by, reason: str = "", codes=()):
        """Into the queue (its work item opens)."""

    @transition(field=status, source=CaseStatus.OPEN, target=CaseStatus.CLOSED)
    def close(self, *, by, reason: str, codes=()):
        pass


# ----------------------------------------------------------------------------------------------------------
# Violations and enforcement (M4)
# ----------------------------------------------------------------------------------------------------------


class EnforcementActionQuerySet(TenantQuerySet):
    account_path = "account"


class EnforcementAction(AccountKeyed):
    """M4.2: one step of the ladder applied to a sub-account, with exactly what it suspended (``suspended``: ids
    per kind), so reinstating it undoes that and nothing another step suspended."""

    audit_subject_type = "enforcement_action"
    account_source = "sub_account"

    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="+")
    step = models.PositiveSmallIntegerField(choices=Step.choices)
    reason = models.TextField()
    #: {"campaigns": [ids], "sender_ids": [ids], "sub_accounts": [id], "accounts": [id]}: what this step suspended.
    suspended = models.JSONField(default=dict, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(auto_now_add=True)
    reinstated_at = models.DateTimeField(null=True, blank=True)
    reinstated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reinstate_reason = models.TextField(blank=True)
    #: What the reinstatement brought back (same shape as ``suspended``).
    reinstated = models.JSONField(default=dict, blank=True)

    objects = EnforcementActionQuerySet.as_manager()

    class Meta:
        ordering = ["-applied_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-applied_at"], name="health_action_account_applied"),
            models.Index(fields=["sub_account", "-applied_at"], name="health_action_sub_applied"),
        ]

    def __str__(self) -> str:
        return f"E-{self.pk} {self.get_step_display()}"

    def get_absolute_url(self) -> str:
        return reverse("health-action-detail", args=[self.pk])

    @property
    def is_reinstated(self) -> bool:
        return self.reinstated_at is not None

    @property
    def suspends_anything(self) -> bool:
        return any(self.suspended.get(key) for key in ("campaigns", "sender_ids", "sub_accounts", "accounts"))


class ViolationQuerySet(TenantQuerySet):
    account_path = "account"


class Violation(AccountKeyed):
    """M4.1: a recorded finding against a sub-account, with its severity and evidence. Recorded by the system (a bad
    health day, a threshold breach; ``created_by`` empty) or by staff. ``action`` is the step that answered it."""

    audit_subject_type = "violation"
    account_source = "sub_account"

    sub_account = models.ForeignKey("accounts.SubAccount", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=ViolationKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    evidence = models.TextField()
    evidence_data = models.JSONField(default=dict, blank=True)
    #: What the violation was recorded from ("day:2026-11-29", "alert:12"): recording it again changes nothing.
    source = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.ForeignKey(
        EnforcementAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="violations"
    )

    objects = ViolationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_account", "kind", "source"], condition=~Q(source=""), name="health_violation_once"
            ),
        ]
        indexes = [
            models.Index(fields=["account", "-created_at", "-id"], name="health_violation_account"),
            models.Index(fields=["sub_account", "-created_at"], name="health_violation_sub"),
            models.Index(fields=["account", "-id"], name="health_violation_account_id"),
        ]

    def __str__(self) -> str:
        return f"V-{self.pk} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("health-violation-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"V-{self.pk}"
