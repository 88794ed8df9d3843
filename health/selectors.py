"""Reads of traffic health and enforcement: the policy in force, judged days, charts, reminders, the staff
overview, violations and the ladder's proposals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When
from django.utils import timezone

from .choices import AT_RISK, Metric, Severity, Step, Verdict
from .constants import CHART_DAYS, REMINDER_DAYS
from .models import (
    DayVerdict,
    EnforcementAction,
    HealthStanding,
    LadderRule,
    RateThreshold,
    SeverityFloor,
    TrafficHealthCase,
    Violation,
    VolumeFloor,
)
from .rules import HealthPolicy


def health_policy() -> HealthPolicy:
    """The policy rows in force (two queries)."""
    bands: dict[str, list[tuple[Decimal, str]]] = {}
    for row in RateThreshold.objects.order_by("metric", "up_to_percent"):
        bands.setdefault(row.metric, []).append((row.up_to_percent, row.verdict))
    floor = VolumeFloor.objects.order_by("pk").values_list("min_sent", flat=True).first()
    return HealthPolicy(bands={k: tuple(v) for k, v in bands.items()}, min_sent=floor or 1)


def today() -> dt.date:
    return timezone.now().date()


# ----------------------------------------------------------------------------------------------------------
# Days, charts (M2.5) and the "at risk" reminder (M2.4)
# ----------------------------------------------------------------------------------------------------------


def health_days(*, sub_account_id: int, start: dt.date, end: dt.date) -> QuerySet[DayVerdict]:
    """A sub-account's judged days from ``start`` to ``end`` (both included), oldest first."""
    return DayVerdict.objects.filter(sub_account_id=sub_account_id, day__gte=start, day__lte=end).order_by("day")


@dataclass(frozen=True)
class ChartSeries:
    """90 days of one sub-account's daily rates, one slot per day (None: no judged traffic that day)."""

    days: list[dt.date]
    error_rates: list[float | None]
    opt_out_rates: list[float | None]
    verdicts: list[str | None]
    error_limits: list[tuple[str, float]]
    opt_out_limits: list[tuple[str, float]]

    def as_json(self) -> dict:
        """For ``json_script``: unix seconds of each UTC midnight and the two series with their threshold lines."""
        return {
            "x": [int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp()) for day in self.days],
            "error_rate": self.error_rates,
            "opt_out_rate": self.opt_out_rates,
            "error_limits": [{"label": label, "value": value} for label, value in self.error_limits],
            "opt_out_limits": [{"label": label, "value": value} for label, value in self.opt_out_limits],
        }


def _limits(policy: HealthPolicy, metric: str) -> list[tuple[str, float]]:
    names = {Verdict.GOOD: "good up to", Verdict.WATCH: "watch up to"}
    return [
        (f"{names.get(verdict, verdict)} {ceiling.normalize():f} %", float(ceiling))
        for ceiling, verdict in policy.band(metric)
    ]


def chart_series(*, sub_account_id: int, end: dt.date | None = None, days: int = CHART_DAYS) -> ChartSeries:
    """M2.5: the last ``days`` days up to ``end`` (today), with the policy's threshold lines (three queries)."""
    end = end or today()
    start = end - dt.timedelta(days=days - 1)
    rows = {
        row["day"]: row
        for row in health_days(sub_account_id=sub_account_id, start=start, end=end).values(
            "day", "error_rate", "opt_out_rate", "verdict"
        )
    }
    policy = health_policy()
    all_days = [start + dt.timedelta(days=n) for n in range(days)]

    def series(key: str) -> list[float | None]:
        return [None if (row := rows.get(day)) is None or row[key] is None else float(row[key]) for day in all_days]

    return ChartSeries(
        days=all_days,
        error_rates=series("error_rate"),
        opt_out_rates=series("opt_out_rate"),
        verdicts=[row["verdict"] if (row := rows.get(day)) else None for day in all_days],
        error_limits=_limits(policy, Metric.ERROR_RATE),
        opt_out_limits=_limits(policy, Metric.OPT_OUT_RATE),
    )


def reminder_since(on: dt.date | None = None) -> dt.date:
    return (on or today()) - dt.timedelta(days=REMINDER_DAYS - 1)


def at_risk_for_account(*, account_id: int, limit: int = 5) -> tuple[list[HealthStanding], int]:
    """M2.4: the account's sub-accounts with a watch or bad day in the reminder window, latest first (at most
    ``limit``, with how many there are in all): two queries, whatever the account's size."""
    standings = HealthStanding.objects.filter(account_id=account_id, risky_on__gte=reminder_since())
    shown = list(standings.select_related("sub_account__account", "risky_day").order_by("-risky_on", "id")[:limit])
    total = len(shown) if len(shown) < limit else standings.count()
    return shown, total


def at_risk_day(*, sub_account_id: int) -> DayVerdict | None:
    """M2.4: the sub-account's latest watch or bad day, when it is recent enough to remind the customer of."""
    return (
        DayVerdict.objects.filter(sub_account_id=sub_account_id, day__gte=reminder_since(), verdict__in=AT_RISK)
        .order_by("-day")
        .first()
    )


def standing_overview() -> QuerySet[HealthStanding]:
    """M2.5: every judged sub-account, worst recent verdicts first (one index: ``health_standing_risk``)."""
    return HealthStanding.objects.select_related("sub_account__account", "risky_day").order_by(
        "-score", "-last_day", "-id"
    )


def open_case_for(*, sub_account_id: int) -> TrafficHealthCase | None:
    return (
        TrafficHealthCase.objects.filter(sub_account_id=sub_account_id)
        .exclude(status="closed")
        .order_by("-created_at")
        .first()
    )


# ----------------------------------------------------------------------------------------------------------
# Violations and the ladder (M4)
# ----------------------------------------------------------------------------------------------------------


def violations_visible(user) -> QuerySet[Violation]:
    return Violation.objects.visible_to(user).select_related("sub_account__account", "action", "created_by")


def actions_for(*, sub_account_id: int, limit: int = 20) -> list[EnforcementAction]:
    return list(
        EnforcementAction.objects.filter(sub_account_id=sub_account_id)
        .select_related("applied_by", "reinstated_by")
        .order_by("-applied_at", "-id")[:limit]
    )


@dataclass(frozen=True)
class Proposal:
    """M4.2: the step the ladder proposes for a sub-account, and why (for staff)."""

    step: int
    because: str

    @property
    def label(self) -> str:
        return Step(self.step).label

    @property
    def is_account_step(self) -> bool:
        return self.step == Step.ACCOUNT

    @property
    def is_sender_or_campaign_step(self) -> bool:
        return self.step == Step.SENDER_OR_CAMPAIGN


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def proposals_for(pairs: list[tuple[int, int]], *, now: dt.datetime | None = None) -> dict[int, Proposal]:
    """M4.2 for several sub-accounts at once — ``pairs`` of (sub-account id, account id) — in four queries: the
    ladder rows, the severity floors, the sub-accounts' counts per window and the accounts' counts.

    A step is proposed for a sub-account with a violation no step has answered yet: the highest step whose count
    in its window is reached (the account step counts the whole account's violations), raised to the severity
    floor of the unanswered violations (serious ones skip steps)."""
    if not pairs:
        return {}
    now = now or timezone.now()
    rules = list(LadderRule.objects.order_by("step"))
    floors = {row.severity: row.min_step for row in SeverityFloor.objects.all()}
    if not rules:
        return {}
    widest = max(rule.window_days for rule in rules)
    sub_ids = sorted({sub for sub, _ in pairs})
    account_of = dict(pairs)

    def since(rule: LadderRule) -> dt.datetime:
        return now - dt.timedelta(days=rule.window_days)

    floor_rank = Case(
        *[When(severity=severity, then=Value(int(step))) for severity, step in floors.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    sub_rules = [rule for rule in rules if rule.step != Step.ACCOUNT]
    account_rule = next((rule for rule in rules if rule.step == Step.ACCOUNT), None)
    counts = {
        row["sub_account_id"]: row
        for row in Violation.objects.filter(sub_account_id__in=sub_ids, created_at__gte=now - dt.timedelta(days=widest))
        .values("sub_account_id")
        .annotate(
            unanswered=Count("id", filter=Q(action__isnull=True)),
            floor=Max(floor_rank, filter=Q(action__isnull=True)),
            **{f"n{rule.step}": Count("id", filter=Q(created_at__gte=since(rule))) for rule in sub_rules},
        )
        .order_by()
    }
    account_counts: dict[int, int] = {}
    if account_rule is not None:
        account_ids = sorted({account_of[sub] for sub in counts})
        account_counts = dict(
            Violation.objects.filter(account_id__in=account_ids, created_at__gte=since(account_rule))
            .values("account_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("account_id", "n")
        )
    proposals: dict[int, Proposal] = {}
    for sub, row in counts.items():
        if not row["unanswered"]:
            continue
        step, because = 0, ""
        for rule in sub_rules:
            n = row[f"n{rule.step}"]
            if n >= rule.min_violations:
                step = rule.step
                because = f"{_plural(n, 'violation')} in the last {rule.window_days} days"
        if account_rule is not None:
            n = account_counts.get(account_of[sub], 0)
            if n >= account_rule.min_violations:
                step = Step.ACCOUNT
                because = f"{_plural(n, 'violation')} across the account in the last {account_rule.window_days} days"
        floor = row["floor"] or 0
        if floor > step:
            severity = next((s for s, min_step in floors.items() if min_step == floor), "")
            step, because = floor, f"a {Severity(severity).label.lower()} violation" if severity else "severity"
        if step:
            proposals[sub] = Proposal(step=step, because=because)
    return proposals


def proposal_for(*, sub_account) -> Proposal | None:
    return proposals_for([(sub_account.pk, sub_account.account_id)]).get(sub_account.pk)
