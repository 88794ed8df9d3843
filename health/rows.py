"""Table rows of the overview and the chart page, formatted in one pass (``format_html``: every value escaped):
50–90 rows rendered through the template language cost more than the page's queries (profiled; the queue page
does the same, ``casework/rows.py``). One ``reverse`` per page, not one per row."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

SENTINEL = 987_654_321_987


def _pct(value) -> str:
    return "—" if value is None else f"{value:.2f} %"


def overview_rows(standings) -> list[SafeString]:
    pattern = reverse("health-sub-account", args=[SENTINEL])
    head, _sentinel, tail = pattern.rpartition(str(SENTINEL))
    rows = []
    for s in standings:
        risky = s.risky_day
        risky_cell = (
            format_html(
                "{}: errors {}, opt-outs {}", f"{risky.day:%Y-%m-%d}", _pct(risky.error_rate), _pct(risky.opt_out_rate)
            )
            if risky is not None
            else mark_safe('<span class="muted">none</span>')
        )
        rows.append(
            format_html(
                '<tr><td><a href="{}{}{}">{}</a></td><td>{}</td><td><span class="badge verdict-{}">{}</span></td>'
                "<td>{}</td><td>{}</td><td>{}</td></tr>",
                head,
                s.sub_account_id,
                tail,
                s.sub_account.friendly_name,
                f"{s.last_day:%Y-%m-%d}",
                s.last_verdict,
                s.get_last_verdict_display(),
                s.bad_days,
                s.watch_days,
                risky_cell,
            )
        )
    return rows


def day_rows(days) -> list[SafeString]:
    return [
        format_html(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            f"{d.day:%Y-%m-%d}",
            d.sent,
            d.delivered,
            d.errors,
            d.opt_outs,
            _pct(d.error_rate),
            _pct(d.opt_out_rate),
            d.get_verdict_display(),
        )
        for d in days
    ]
