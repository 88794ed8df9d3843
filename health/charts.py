"""M2.5 on paper: a sub-account's daily rates as a small SVG (polylines and threshold lines), for PDFs.

The browser draws the same ``ChartSeries`` with uPlot (``static/health/charts.js``); reports embed this SVG, which
needs no script. Everything placed in the markup is a number or escaped text."""

from __future__ import annotations

from django.utils.html import escape

from .selectors import ChartSeries

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_Y = 560, 160, 44, 8, 16


def _scale(values: list[float | None], limits: list[tuple[str, float]]) -> float:
    top = max([v for v in values if v is not None] + [value for _label, value in limits] + [0.0])
    return top * 1.15 or 1.0


def _polyline(values: list[float | None], top: float) -> list[str]:
    """One polyline per run of days with a value (a day without traffic breaks the line)."""
    n = max(len(values) - 1, 1)
    runs, run = [], []
    for i, value in enumerate(values):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        x = PAD_LEFT + (WIDTH - PAD_LEFT - PAD_RIGHT) * i / n
        y = PAD_Y + (HEIGHT - 2 * PAD_Y) * (1 - value / top)
        run.append(f"{x:.1f},{y:.1f}")
    if run:
        runs.append(run)
    return [
        f'<polyline fill="none" stroke="#1f5fbf" stroke-width="1.5" points="{" ".join(points)}"/>'
        if len(points) > 1
        else f'<circle r="2" fill="#1f5fbf" cx="{points[0].split(",")[0]}" cy="{points[0].split(",")[1]}"/>'
        for points in runs
    ]


def rate_svg(values: list[float | None], limits: list[tuple[str, float]], *, title: str, first: str, last: str) -> str:
    top = _scale(values, limits)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{PAD_LEFT}" y="{PAD_Y}" width="{WIDTH - PAD_LEFT - PAD_RIGHT}" height="{HEIGHT - 2 * PAD_Y}" '
        'fill="none" stroke="#ccc"/>',
        f'<text x="4" y="{PAD_Y + 4}" font-size="9">{top:.2f} %</text>',
        f'<text x="4" y="{HEIGHT - PAD_Y}" font-size="9">0 %</text>',
        f'<text x="{PAD_LEFT}" y="{HEIGHT - 3}" font-size="9">{escape(first)}</text>',
        f'<text x="{WIDTH - PAD_RIGHT}" y="{HEIGHT - 3}" font-size="9" text-anchor="end">{escape(last)}</text>',
    ]
    for label, value in limits:
        y = PAD_Y + (HEIGHT - 2 * PAD_Y) * (1 - value / top)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c0392b" '
            'stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{WIDTH - PAD_RIGHT - 2}" y="{y - 2:.1f}" font-size="9" text-anchor="end" '
            f'fill="#c0392b">{escape(label)}</text>'
        )
    parts.extend(_polyline(values, top))
    parts.append("</svg>")
    return "".join(parts)


def rates_svg(series: ChartSeries) -> dict[str, str]:
    """The error-rate and opt-out-rate charts of ``series`` (``health.selectors.chart_series``) as SVG markup:
    ``{"error_rate": "<svg…>", "opt_out_rate": "<svg…>"}``."""
    first = f"{series.days[0]:%Y-%m-%d}" if series.days else ""
    last = f"{series.days[-1]:%Y-%m-%d}" if series.days else ""
    return {
        "error_rate": rate_svg(
            series.error_rates, series.error_limits, title="Daily error rate (errors ÷ sent)", first=first, last=last
        ),
        "opt_out_rate": rate_svg(
            series.opt_out_rates,
            series.opt_out_limits,
            title="Daily opt-out rate (opt-outs ÷ delivered)",
            first=first,
            last=last,
        ),
    }
