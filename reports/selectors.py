"""The numbers and rows of each report, built once and rendered as PDF or CSV (so both say the same).

Every decision is read from the audit trail (Q4), the one record of who decided what, when, with which codes;
SLA figures come from the work items. Row sources are iterators, so a CSV of a long period streams to disk.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Account
from appeals.models import Appeal, Evidence
from audit.models import AuditEvent
from brands.models import Brand
from campaigns.models import Campaign, CampaignReview
from casework.models import WorkItem
from health.reporting import TrafficSection, period_traffic, sub_account_traffic
from vetting.models import Vet

#: Decision transitions per kind: action → outcome.
DECISIONS: dict[str, dict[str, str]] = {
    "brand": {"approve": "approved", "request_changes": "rejected"},
    "campaign": {"approve": "approved", "reject": "rejected", "close": "rejected"},
    "appeal": {"approve": "approved", "reject": "rejected"},
    "vet": {"activate": "approved", "fail": "rejected"},
}
KIND_LABELS = {"brand": "Brand reviews", "campaign": "Campaign reviews", "appeal": "Appeals", "vet": "Vet results"}
SUSPENSION_ACTIONS = ("suspend", "reinstate")


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: Callable[[], Iterable[list]]  # called once per rendering: a fresh iterator each time
    note: str = ""


@dataclass
class ReportData:
    title: str
    parameters: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    #: Rejection codes by frequency, for the bar chart: [(code, count)].
    chart: list[tuple[str, int]] = field(default_factory=list)
    #: Further charts as (title, SVG markup built by the app that owns them, e.g. health's rate charts).
    figures: list[tuple[str, str]] = field(default_factory=list)


def _add_section(data: ReportData, section: TrafficSection) -> None:
    """An app's section (health's traffic section: facts, tables, SVG figures) appended to the report."""
    data.facts.extend(section.facts)
    data.figures.extend(section.figures)
    data.tables.extend(Table(key, title, columns, rows) for key, title, columns, rows in section.tables)


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value, dt.UTC).strftime("%Y-%m-%d %H:%M") if value else ""


def _mask(token: str) -> str:
    """All but the last 4 characters hidden; of a short token (4–7 characters) at most half is shown."""
    shown = min(4, len(token) // 2)
    return ("•" * max(len(token) - shown, 4) + token[len(token) - shown :]) if token else ""


def _duration(delta: dt.timedelta | None) -> str:
    if delta is None:
        return "—"
    hours = delta.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


# ----------------------------------------------------------------------------------------------------------
# Brand dossier
# ----------------------------------------------------------------------------------------------------------


def brand_dossier(*, brand: Brand) -> ReportData:
    brand = Brand.objects.select_related("sub_account__account").get(pk=brand.pk)
    data = ReportData(
        title=f"Brand dossier: {brand}",
        parameters=f"Brand B-{brand.pk} · {brand.sub_account.friendly_name}",
        facts=[
            ("Legal name", brand.legal_name),
            ("Display / DBA name", brand.display_name or "—"),
            ("Entity type", brand.get_entity_type_display()),
            ("Tax id (EIN)", f"{brand.tax_id} ({brand.tax_id_country})"),
            ("Tax-exempt status", brand.get_tax_exempt_status_display()),
            ("Vertical", brand.get_vertical_display()),
            ("Website", brand.website or "—"),
            ("Email / phone", f"{brand.email} · {brand.phone}"),
            ("Account / sub-account", brand.sub_account.friendly_name),
            ("Review state", brand.get_status_display()),
            ("Identity status", brand.identity_status),
            ("Core fields changed (B3)", "yes" if brand.core_fields_changed else "no"),
            ("Frozen by an appeal", f"since {_when(brand.frozen_at)}" if brand.frozen_at else "no"),
            ("Registered", _when(brand.created_at)),
        ],
    )
    vets = list(Vet.objects.filter(brand=brand).order_by("created_at", "id"))
    appeals = list(Appeal.objects.filter(brand=brand).select_related("vet").order_by("created_at", "id"))
    campaigns = list(Campaign.objects.filter(brand=brand).order_by("created_at", "id"))
    identity_events = AuditEvent.objects.for_subject(brand).filter(data__field="identity_status").order_by("at", "id")
    data.tables.append(
        Table(
            "identity_history",
            "Identity-status history",
            ["When (UTC)", "By", "From", "To", "Reason", "Feedback"],
            lambda: (
                [_when(e.at), e.actor_label, e.from_state, e.to_state, e.reason, ", ".join(e.codes)]
                for e in identity_events
            ),
        )
    )
    data.tables.append(
        Table(
            "brand_reviews",
            "Brand review decisions",
            ["When (UTC)", "By", "Decision", "Code", "Code reason", "Remediation", "Note"],
            lambda: _review_rows(brand.reviews.select_related("decided_by").order_by("decided_at", "id")),
        )
    )
    data.tables.append(
        Table(
            "vets",
            "Vets",
            ["Vet", "Class", "Vendor", "Token", "Status", "Vendor status", "Score", "Imported", "Created", "Completed"],
            lambda: (
                [
                    f"V-{v.pk}",
                    v.get_vet_class_display(),
                    v.get_vendor_display(),
                    _mask(v.token),
                    v.status,
                    v.vendor_status,
                    "" if v.score is None else v.score,
                    "yes" if v.imported else "no",
                    _when(v.created_at),
                    _when(v.completed_at),
                ]
                for v in vets
            ),
            note="Tokens are masked but for their last 4 characters.",
        )
    )
    data.tables.append(
        Table(
            "appeals",
            "Appeals",
            ["Appeal", "Type", "Vet", "Status", "Categories", "Submitted", "Decided", "Decision", "Reason"],
            lambda: (
                [
                    f"A-{a.pk}",
                    a.get_appeal_type_display(),
                    f"V-{a.vet_id}" if a.vet_id else "",
                    a.get_status_display(),
                    ", ".join(a.categories),
                    _when(a.submitted_at),
                    _when(a.decided_at),
                    a.decision,
                    a.decision_reason,
                ]
                for a in appeals
            ),
        )
    )
    data.tables.append(
        Table(
            "evidence",
            "Appeal evidence",
            ["Appeal", "File", "Size (bytes)", "Type", "SHA-256", "Uploaded (UTC)"],
            lambda: (
                [f"A-{e.appeal_id}", e.name, e.size, e.content_type, e.sha256, _when(e.uploaded_at)]
                for e in Evidence.objects.filter(appeal__brand=brand).order_by("appeal_id", "uploaded_at", "id")
            ),
        )
    )
    data.tables.append(
        Table(
            "campaigns",
            "Campaigns",
            ["Campaign", "Use case", "Status", "Rejections", "Needs resubmission", "Registered", "Created"],
            lambda: (
                [
                    c.reference,
                    c.get_use_case_display(),
                    c.get_status_display(),
                    c.rejection_count,
                    "yes" if c.needs_resubmission else "no",
                    _when(c.registered_at),
                    _when(c.created_at),
                ]
                for c in campaigns
            ),
        )
    )
    data.tables.append(
        Table(
            "campaign_decisions",
            "Campaign decisions (each code with the reason and remediation the customer was given)",
            ["Campaign", "When (UTC)", "By", "Decision", "Code", "Code reason", "Remediation", "Note"],
            lambda: (
                [f"C-{review.campaign_id}", *row]
                for review in CampaignReview.objects.filter(campaign__brand=brand)
                .select_related("decided_by")
                .order_by("campaign_id", "decided_at", "id")
                for row in _review_rows([review])
            ),
        )
    )
    subjects = Q(subject_type="brand", subject_id=str(brand.pk))
    for kind, ids in (("vet", [v.pk for v in vets]), ("appeal", [a.pk for a in appeals])):
        if ids:
            subjects |= Q(subject_type=kind, subject_id__in=[str(i) for i in ids])
    if campaigns:
        subjects |= Q(subject_type="campaign", subject_id__in=[str(c.pk) for c in campaigns])
    data.tables.append(
        Table(
            "audit_timeline",
            "Audit timeline (brand, its vets, appeals and campaigns)",
            ["When (UTC)", "Subject", "Actor", "Action", "From", "To", "Reason", "Codes"],
            lambda: (
                [
                    _when(e.at),
                    f"{e.subject_type} {e.subject_id}",
                    e.actor_label,
                    e.action,
                    e.from_state,
                    e.to_state,
                    e.reason,
                    ", ".join(e.codes),
                ]
                for e in AuditEvent.objects.filter(subjects).order_by("at", "id").iterator(chunk_size=2000)
            ),
        )
    )
    _add_section(data, sub_account_traffic(sub_account_id=brand.sub_account_id))
    return data


def _review_rows(reviews) -> Iterator[list]:
    for review in reviews:
        common = [_when(review.decided_at), review.decided_by.username, review.get_decision_display()]
        if not review.codes:
            yield [*common, "", "", "", review.reason]
        for item in review.codes:
            yield [*common, item["code"], item["reason"], item["remediation"], review.reason]


# ----------------------------------------------------------------------------------------------------------
# Period audit report
# ----------------------------------------------------------------------------------------------------------


def _period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=dt.UTC),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC),
    )


def decision_events(*, start: dt.date, end: dt.date, account: Account | None = None):
    """The audit events that are staff decisions in the period (end inclusive, UTC days).

    The same transitions also happen without a staff decision: a customer's imported Campaign Verify token
    activates its vet. Staff are the users without an account (customers always have one), so only their
    events count; the system and customers are never listed as analysts.
    """
    since, until = _period_bounds(start, end)
    match = Q()
    for kind, actions in DECISIONS.items():
        match |= Q(subject_type=kind, action__in=list(actions))
    staff = Q(actor__isnull=False, actor__account__isnull=True)
    events = AuditEvent.objects.filter(match, staff, at__gte=since, at__lt=until)
    if account is not None:
        events = events.filter(account=account)
    return events


def period_audit(*, start: dt.date, end: dt.date, account: Account | None = None) -> ReportData:
    since, until = _period_bounds(start, end)
    scope = f"{start.isoformat()} – {end.isoformat()} (UTC)" + (f" · account {account.name}" if account else "")
    data = ReportData(title="Period audit report", parameters=scope)
    events = decision_events(start=start, end=end, account=account)

    per_actor: dict[tuple[str, str], Counter] = {}
    per_kind: dict[str, Counter] = {}
    codes: Counter = Counter()
    total = Counter()
    for kind, action, actor, event_codes in events.values_list(
        "subject_type", "action", "actor_label", "codes"
    ).iterator(chunk_size=5000):
        outcome = DECISIONS[kind][action]
        per_actor.setdefault((actor, kind), Counter())[outcome] += 1
        per_kind.setdefault(kind, Counter())[outcome] += 1
        total[outcome] += 1
        if outcome == "rejected":
            codes.update(event_codes or [])

    items = WorkItem.objects.filter(closed_at__gte=since, closed_at__lt=until)
    if account is not None:
        items = items.filter(account=account)
    waits, met, closed = [], 0, 0
    for opened, due, closed_at in items.values_list("opened_at", "sla_due", "closed_at").iterator(chunk_size=5000):
        closed += 1
        met += closed_at <= due
        waits.append((closed_at - opened).total_seconds())
    median_wait = dt.timedelta(seconds=statistics.median(waits)) if waits else None

    appeals = Appeal.objects.filter(decided_at__gte=since, decided_at__lt=until)
    if account is not None:
        appeals = appeals.filter(brand__sub_account__account=account)
    appeal_outcomes = list(
        appeals.values("appeal_type", "decision").annotate(n=Count("id")).order_by("appeal_type", "decision")
    )

    decided = total["approved"] + total["rejected"]
    data.facts = [
        ("Decisions", f"{decided:,}"),
        ("Approvals", f"{total['approved']:,}" + (f" ({100 * total['approved'] / decided:.1f} %)" if decided else "")),
        ("Rejections / changes requested", f"{total['rejected']:,}"),
        ("Work items closed", f"{closed:,}"),
        ("SLA met", f"{100 * met / closed:.1f} % ({met:,} of {closed:,})" if closed else "—"),
        ("Median time to decision", _duration(median_wait)),
        ("Distinct rejection codes used", f"{len(codes):,}"),
    ]
    data.chart = codes.most_common(15)
    data.tables.append(
        Table(
            "per_kind",
            "Decisions per kind",
            ["Kind", "Approved", "Rejected", "Total", "Approval rate"],
            lambda: (
                [KIND_LABELS[k], c["approved"], c["rejected"], c.total(), f"{100 * c['approved'] / c.total():.1f} %"]
                for k, c in sorted(per_kind.items())
            ),
        )
    )
    data.tables.append(
        Table(
            "per_analyst",
            "Decisions per analyst and kind",
            ["Analyst", "Kind", "Approved", "Rejected", "Total"],
            lambda: (
                [actor, KIND_LABELS[kind], c["approved"], c["rejected"], c.total()]
                for (actor, kind), c in sorted(per_actor.items())
            ),
        )
    )
    data.tables.append(
        Table(
            "rejection_codes",
            "Rejection codes by frequency",
            ["Code", "Times used", "Share of rejections"],
            lambda: (
                [code, n, f"{100 * n / total['rejected']:.1f} %" if total["rejected"] else ""]
                for code, n in codes.most_common()
            ),
        )
    )
    data.tables.append(
        Table(
            "appeal_outcomes",
            "Appeal outcomes",
            ["Appeal type", "Decision", "Appeals"],
            lambda: ([row["appeal_type"], row["decision"], row["n"]] for row in appeal_outcomes),
        )
    )
    suspensions = AuditEvent.objects.filter(action__in=SUSPENSION_ACTIONS, at__gte=since, at__lt=until)
    if account is not None:
        suspensions = suspensions.filter(account=account)
    data.tables.append(
        Table(
            "suspensions",
            "Suspensions and reinstatements",
            ["When (UTC)", "Subject", "Action", "By", "Reason"],
            lambda: (
                [_when(e.at), e.subject_label or f"{e.subject_type} {e.subject_id}", e.action, e.actor_label, e.reason]
                for e in suspensions.order_by("at", "id").iterator(chunk_size=2000)
            ),
        )
    )
    data.tables.append(
        Table(
            "decisions",
            "Every decision",
            ["When (UTC)", "Kind", "Subject", "Analyst", "Decision", "Codes", "Reason"],
            lambda: (
                [
                    _when(e.at),
                    e.subject_type,
                    e.subject_label or f"{e.subject_type} {e.subject_id}",
                    e.actor_label,
                    e.action,
                    ", ".join(e.codes),
                    e.reason,
                ]
                for e in events.order_by("at", "id").iterator(chunk_size=2000)
            ),
        )
    )
    _add_section(data, period_traffic(since=since, until=until, account_id=account.pk if account else None))
    return data
