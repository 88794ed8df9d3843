"""The traffic section of the audit reports (reports' brand dossier and period report build it from here).

Plain data: facts, tables (key, title, columns, a function returning fresh rows each call) and SVG figures, so
reports wraps them in its own table type without health knowing the report's shape."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from .charts import rates_svg
from .choices import Verdict
from .models import DayVerdict, EnforcementAction, TrafficHealthCase, Violation
from .selectors import chart_series


@dataclass
class TrafficSection:
    facts: list[tuple[str, str]] = field(default_factory=list)
    #: (key, title, columns, rows) — ``rows()`` returns a fresh iterable of lists each time.
    tables: list[tuple[str, str, list[str], Callable[[], Iterable[list]]]] = field(default_factory=list)
    #: (title, SVG markup) — markup built by ``health.charts`` (numbers and escaped text only).
    figures: list[tuple[str, str]] = field(default_factory=list)


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if value else ""


def _ids(suspended: dict) -> str:
    return "; ".join(f"{key}: {', '.join(str(i) for i in ids)}" for key, ids in (suspended or {}).items() if ids)


VIOLATION_COLUMNS = ["Violation", "Sub-account", "When (UTC)", "Kind", "Severity", "Recorded by", "Evidence", "Step"]
ACTION_COLUMNS = ["Step", "Sub-account", "Applied (UTC)", "By", "Kind", "Reason", "Suspended", "Reinstated (UTC)"]


def _violation_rows(violations) -> Iterable[list]:
    for v in violations.select_related("created_by", "action", "sub_account").iterator(chunk_size=2000):
        yield [
            f"V-{v.pk}",
            v.sub_account.name,
            _when(v.created_at),
            v.get_kind_display(),
            v.get_severity_display(),
            v.created_by.get_username() if v.created_by else "system",
            v.evidence,
            f"E-{v.action_id}" if v.action_id else "",
        ]


def _action_rows(actions) -> Iterable[list]:
    for a in actions.select_related("applied_by", "sub_account").iterator(chunk_size=2000):
        yield [
            f"E-{a.pk}",
            a.sub_account.name,
            _when(a.applied_at),
            a.applied_by.get_username() if a.applied_by else "",
            a.get_step_display(),
            a.reason,
            _ids(a.suspended),
            _when(a.reinstated_at),
        ]


def sub_account_traffic(*, sub_account_id: int) -> TrafficSection:
    """For a brand dossier: the brand's sub-account's 90-day rates (SVG), its verdict counts, cases, violations
    and enforcement steps."""
    series = chart_series(sub_account_id=sub_account_id)
    svgs = rates_svg(series)
    start = series.days[0]
    counts = DayVerdict.objects.filter(sub_account_id=sub_account_id, day__gte=start).aggregate(
        **{v: Count("id", filter=Q(verdict=v)) for v in Verdict.values}
    )
    section = TrafficSection(
        facts=[
            (
                f"Traffic days since {start:%Y-%m-%d}",
                ", ".join(f"{Verdict(v).label.lower()}: {counts[v]}" for v in Verdict.values),
            ),
            (
                "Traffic-health cases",
                f"{TrafficHealthCase.objects.filter(sub_account_id=sub_account_id).count():,}",
            ),
        ],
        figures=[
            ("Daily error rate, last 90 days (errors ÷ sent)", svgs["error_rate"]),
            ("Daily opt-out rate, last 90 days (opt-outs ÷ delivered)", svgs["opt_out_rate"]),
        ],
    )
    violations = Violation.objects.filter(sub_account_id=sub_account_id).order_by("created_at", "id")
    actions = EnforcementAction.objects.filter(sub_account_id=sub_account_id).order_by("applied_at", "id")
    section.tables = [
        ("traffic_violations", "Traffic violations", VIOLATION_COLUMNS, lambda: _violation_rows(violations)),
        ("traffic_enforcement", "Enforcement steps", ACTION_COLUMNS, lambda: _action_rows(actions)),
    ]
    return section


def period_traffic(*, since: dt.datetime, until: dt.datetime, account_id: int | None = None) -> TrafficSection:
    """For a period report: violations recorded and steps applied in the period (one account or all)."""
    scope = Q(account_id=account_id) if account_id is not None else Q()
    violations = Violation.objects.filter(scope, created_at__gte=since, created_at__lt=until).order_by(
        "created_at", "id"
    )
    actions = EnforcementAction.objects.filter(scope, applied_at__gte=since, applied_at__lt=until).order_by(
        "applied_at", "id"
    )
    bad_days = DayVerdict.objects.filter(
        scope, day__gte=since.date(), day__lt=until.date(), verdict=Verdict.BAD
    ).count()
    return TrafficSection(
        facts=[
            ("Bad traffic-health days", f"{bad_days:,}"),
            ("Traffic violations recorded", f"{violations.count():,}"),
            ("Enforcement steps applied", f"{actions.count():,}"),
        ],
        tables=[
            ("traffic_violations", "Traffic violations", VIOLATION_COLUMNS, lambda: _violation_rows(violations)),
            ("traffic_enforcement", "Enforcement steps", ACTION_COLUMNS, lambda: _action_rows(actions)),
        ],
    )
