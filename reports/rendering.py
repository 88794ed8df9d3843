"""Turning ``ReportData`` into a PDF (WeasyPrint) or a CSV, with progress callbacks.

WeasyPrint fetches nothing from the network or the disk but the project's static files
(``StaticOnlyURLFetcher``): a report is built from database text, and text must never make the renderer
request a URL.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from html import escape
from itertools import islice
from pathlib import Path
from typing import IO

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .choices import PDF_ROW_LIMIT
from .selectors import ReportData

Progress = Callable[[int], None]


class StaticOnlyURLFetcher(URLFetcher):
    """Refuses every URL except ``file://`` paths inside the project's static folders (and inline ``data:``)."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url.removeprefix("file://").split("?", 1)[0]).resolve()
            if any(path.is_relative_to(root) for root in static_roots()):
                return super().fetch(path.as_uri(), headers)
        raise ValueError(f"Reports load no external resources; refused {url[:200]}")


def css_string(text: str) -> str:
    """Text for a CSS ``content: "…"`` string inside <style>: quotes, backslashes, controls and markup
    characters become CSS hex escapes, so database text can neither end the string nor the style element."""
    return mark_safe(  # noqa: S308 - every character that could break out is escaped above
        "".join(f"\\{ord(c):x} " if c in "\\\"<>&'" or ord(c) < 32 else c for c in text)
    )


def static_roots() -> list[Path]:
    return [Path(root).resolve() for root in settings.STATICFILES_DIRS]


def bar_chart_svg(bars: list[tuple[str, int]], *, width: int = 640, bar_height: int = 18) -> str:
    """Horizontal bars, drawn on the server as SVG markup (no JavaScript, no image service)."""
    if not bars:
        return ""
    label_width, gap, value_width = 70, 6, 60
    top = max(n for _, n in bars)
    scale = (width - label_width - value_width) / top
    height = len(bars) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Rejection codes by frequency">'
    ]
    for i, (label, n) in enumerate(bars):
        y = gap + i * (bar_height + gap)
        length = max(1.0, n * scale)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height - 5}" text-anchor="end" font-size="11">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="#2f5597"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height - 5}" font-size="11">{n:,}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


#: A run of this many characters without a space (hash, token, URL, file name) would widen its column past the page.
_LONG_RUN = re.compile(r"\S{25,}")


def _breakable(value):
    """The cell as the template shows it; long unbroken runs get a break opportunity (``<wbr>``) every 16
    characters, so table cells can keep whole words (``overflow-wrap: break-word``) and still fit the page."""
    text = str(value)
    if not _LONG_RUN.search(text):
        return value  # escaped by the template
    parts, last = [], 0
    for match in _LONG_RUN.finditer(text):
        run = match.group()
        parts.append(escape(text[last : match.start()]))
        parts.append("<wbr>".join(escape(run[i : i + 16]) for i in range(0, len(run), 16)))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _pdf_tables(data: ReportData) -> list[dict]:
    tables = []
    for table in data.tables:
        rows = list(islice(iter(table.rows()), PDF_ROW_LIMIT + 1))
        more = len(rows) > PDF_ROW_LIMIT
        tables.append(
            {
                "key": table.key,
                "title": table.title,
                "columns": table.columns,
                "rows": [[_breakable(cell) for cell in row] for row in rows[:PDF_ROW_LIMIT]],
                "note": table.note,
                "truncated": more,
            }
        )
    return tables


def render_pdf(data: ReportData, out: IO[bytes], *, page_size: str, progress: Progress) -> None:
    generated = timezone.localtime(timezone.now(), dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    tables = _pdf_tables(data)
    progress(40)
    html = render_to_string(
        "reports/pdf/report.html",
        {
            "data": data,
            "tables": tables,
            "chart": bar_chart_svg(data.chart),
            "generated": generated,
            "page_size": page_size,
            "row_limit": PDF_ROW_LIMIT,
            "stylesheet": finders.find("css/report.css"),
            "css_title": css_string(data.title),
            "css_parameters": css_string(data.parameters),
            "css_generated": css_string(generated),
        },
    )
    progress(55)
    document = HTML(string=html, base_url=str(static_roots()[0]), url_fetcher=StaticOnlyURLFetcher()).render()
    progress(85)
    document.write_pdf(out)
    progress(95)


#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """Database text (brand names, file names, reasons) never becomes a formula: it gets a leading apostrophe."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_csv(data: ReportData, out: IO[str], *, progress: Progress) -> None:
    """Sections one after another: a title line, the header, the rows (streamed from the database)."""
    writer = csv.writer(out)
    writer.writerow([_csv_cell(data.title), _csv_cell(data.parameters)])
    for label, value in data.facts:
        writer.writerow([label, _csv_cell(value)])
    count = len(data.tables)
    for i, table in enumerate(data.tables, start=1):
        writer.writerow([])
        writer.writerow([f"# {table.title}"])
        writer.writerow(table.columns)
        for row in table.rows():
            writer.writerow([_csv_cell(cell) for cell in row])
        progress(10 + 85 * i // count)
