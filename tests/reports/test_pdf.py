"""Q5 PDF (WeasyPrint) and CSV output: content, pagination, page size, the CSV matching the PDF, and a renderer
that loads nothing but the project's static files."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from weasyprint.urls import URLFetcher

from audit.models import AuditEvent
from reports import rendering
from reports.rendering import StaticOnlyURLFetcher, css_string
from reports.selectors import ReportData, Table
from tests.conftest import ARTIFACTS, require
from tests.reports.factories import (
    REJECTION_CODE,
    REMEDIATION_6012,
    VET_TOKEN,
    bulk_decisions,
    closed_items,
    csv_of,
    csv_section,
    dense,
    flat,
    page_texts,
    pdf_of,
    text_starts,
)

pytestmark = pytest.mark.django_db

DECISIONS_HEADER = "When (UTC) Kind Subject Analyst Decision Codes Reason"
STATIC = Path(settings.BASE_DIR) / "static"


def period(day) -> dict:
    return {"start": day.isoformat(), "end": day.isoformat()}


# --- brand dossier --------------------------------------------------------------------------------------------


def test_Q5_brand_dossier_pdf_has_brand_codes_remediation_masked_token_evidence_hash(dossier, manager, request_report):
    report = request_report(manager, "brand_dossier", "pdf", {"brand": dossier.brand.pk})

    assert report.status == "done" and report.progress == 100 and not report.failure_reason
    assert report.file.name.endswith(".pdf") and report.size == report.file.size > 0
    texts = page_texts(pdf_of(report))
    assert len(texts) > 0
    text = "\n".join(texts)
    assert "Brand dossier: Acme Dental" in flat(text)
    assert "Acme Dental Group LLC" in flat(text)
    # the rejected campaign: its code with the catalogue's reason and remediation
    assert REJECTION_CODE in text
    assert dense("Sample message(s) do not contain registered/DBA brand name.") in dense(text)
    assert dense(REMEDIATION_6012) in dense(text)
    # the vet token masked: only its last 4 characters are printed
    assert dense("•" * (len(VET_TOKEN) - 4) + VET_TOKEN[-4:]) in dense(text)
    assert VET_TOKEN[:-4] not in dense(text) and VET_TOKEN[:12] not in dense(text)
    # the appeal evidence file with its SHA-256
    assert dense(dossier.evidence.name) in dense(text)
    assert len(dossier.evidence.sha256) == 64 and dossier.evidence.sha256 in dense(text)
    assert f"Page 1 of {len(texts)}" in texts[0]


def test_Q5_brand_dossier_tables_keep_words_whole_and_stay_inside_the_margins(dossier, manager, request_report):
    reader = pdf_of(request_report(manager, "brand_dossier", "pdf", {"brand": dossier.brand.pk}))

    text = flat("\n".join(page_texts(reader)))
    # cells wrap between words, not inside them ("anal|yst", "2026-11-2|7", "submitt|ed")
    row = rf"C-{dossier.campaign.pk} \d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}} analyst Reject 6012 Sample message"
    assert re.search(row, text), text[text.find("Campaign decisions") :][:300]
    assert "mark_verified UNVERIFIED VERIFIED IRS letter" in text
    # long hashes and tokens break inside their own cells instead of pushing columns past the page edge
    for page in reader.pages:
        right_edge = float(page.mediabox.width) - 14 * 72 / 25.4  # the 14 mm right margin
        beyond = [(round(x), run) for x, run in text_starts(page) if x >= right_edge]
        assert beyond == [], beyond


# --- long period report: pages, repeated headers, truncation note, PNG -----------------------------------------


def test_Q5_long_period_pdf_numbers_every_page_repeats_headers_and_points_to_the_csv(
    account_a, manager, day, request_report, tmp_path
):
    bulk_decisions(n=450, day=day, account=account_a)

    report = request_report(manager, "period_audit", "pdf", period(day))

    assert report.status == "done", report.failure_reason
    texts = page_texts(pdf_of(report))
    pages = len(texts)
    assert pages >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
    # the decision table runs over several pages and its header row is printed on each of them
    with_rows = [number for number, text in enumerate(texts, start=1) if re.search(r"S-\d{5}", text)]
    assert 2 in with_rows and len(with_rows) >= 3
    for number in with_rows:
        assert DECISIONS_HEADER in flat(texts[number - 1]), f"no header row on page {number}"
    continuation = texts[with_rows[1] - 1]
    assert "Every decision" not in continuation  # a continuation page: the header is a repeat, not a new table
    # the PDF shows the first 400 rows and says the CSV has the rest
    everything = "\n".join(texts)
    assert "S-00000" in everything and "S-00399" in everything and "S-00400" not in everything
    assert "The first 400 rows are shown; the CSV of this report has every row." in flat(texts[-1])

    # page 1 as PNG, kept as a test artifact
    require(bool(shutil.which("pdftoppm")), "pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "period.pdf"
    with report.file.open("rb") as f:
        pdf.write_bytes(f.read())
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "report-period-audit-page-1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
        check=True,
        timeout=60,
    )
    png = target.with_suffix(".png")
    assert png.exists() and png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_Q5_csv_has_the_pdf_numbers_and_every_decision_row(account_a, manager, day, request_report):
    bulk_decisions(n=450, day=day, account=account_a)
    closed_items(account=account_a, day=day, met=3, missed=1)

    pdf = request_report(manager, "period_audit", "pdf", period(day))
    csv_report = request_report(manager, "period_audit", "csv", period(day))

    assert csv_report.status == "done" and csv_report.file.name.endswith(".csv")
    rows = csv_of(csv_report)
    facts = {row[0]: row[1] for row in rows[1:] if len(row) == 2}
    assert facts["Decisions"] == "450"
    assert facts["Approvals"] == "225 (50.0 %)"
    assert facts["SLA met"] == "75.0 % (3 of 4)"
    first_page = flat(page_texts(pdf_of(pdf))[0])
    for label in ("Decisions", "Approvals", "Rejections / changes requested", "Work items closed", "SLA met"):
        assert f"{label} {facts[label]}" in first_page
    # every decision, not truncated at the PDF's 400 rows
    header, decisions = csv_section(rows, "Every decision")
    assert header == ["When (UTC)", "Kind", "Subject", "Analyst", "Decision", "Codes", "Reason"]
    assert [row[2] for row in decisions] == [f"S-{i:05d}" for i in range(450)]
    # the code frequencies of both outputs agree
    _, codes = csv_section(rows, "Rejection codes by frequency")
    assert sorted((code, int(n)) for code, n, _ in codes) == [("511", 113), ("6012", 112)]
    for code, n, share in codes:
        assert f"{code} {n} {share}" in first_page


# --- page size ------------------------------------------------------------------------------------------------


def test_Q5_page_size_letter_or_a4_sets_the_mediabox(account_a, manager, day, request_report):
    bulk_decisions(n=3, day=day, account=account_a)

    a4 = pdf_of(request_report(manager, "period_audit", "pdf", period(day), page_size="A4")).pages[0].mediabox
    letter = pdf_of(request_report(manager, "period_audit", "pdf", period(day), page_size="Letter")).pages[0].mediabox

    assert (float(a4.width), float(a4.height)) == pytest.approx((595.28, 841.89), abs=0.5)  # 210 × 297 mm
    assert (float(letter.width), float(letter.height)) == pytest.approx((612, 792), abs=0.5)  # 8.5 × 11 in


# --- nothing but static files is ever fetched ---------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket or a URL through urllib fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args)[:200])
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/style.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        f"file://{Path(settings.BASE_DIR) / 'manage.py'}",  # a file outside the static folders
        f"file://{STATIC}/css/../../manage.py",  # climbing out of static
        "file://localhost/etc/passwd",
    ],
)
def test_Q5_fetcher_refuses_urls_outside_static(url, no_network):
    with pytest.raises(ValueError, match="Reports load no external resources"):
        StaticOnlyURLFetcher().fetch(url)
    assert no_network == []


def test_Q5_fetcher_allows_a_static_file_and_inline_data(no_network):
    css = StaticOnlyURLFetcher().fetch(f"file://{STATIC}/css/report.css")
    try:
        assert css.read().startswith(b"/* PDF reports")
    finally:
        css.close()
    assert StaticOnlyURLFetcher().fetch("data:text/plain,hello").read() == b"hello"
    assert no_network == []


def test_Q5_markup_in_report_data_renders_escaped_and_fetches_nothing(
    account_a, manager, day, request_report, monkeypatch, no_network
):
    img = '<img src="http://evil.example/pixel.png">'
    link = '<link rel="stylesheet" href="https://evil.example/x.css">'
    first = bulk_decisions(n=1, day=day, account=account_a)[0]
    AuditEvent.objects.create(
        at=first.at,
        actor=first.actor,
        actor_label="ana",
        account=account_a,
        subject_type="campaign",
        subject_id="1",
        subject_label=img,
        action="reject",
        reason=f"{link} see {img}",
        codes=[img],  # also a chart label (SVG)
    )
    fetched: list[str] = []
    real_fetch = URLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", recording_fetch)
    html: list[str] = []
    real_render = rendering.render_to_string
    monkeypatch.setattr(rendering, "render_to_string", lambda *a, **k: html.append(real_render(*a, **k)) or html[-1])

    report = request_report(manager, "period_audit", "pdf", period(day))

    assert report.status == "done", report.failure_reason
    page = html[0].replace("<wbr>", "")  # break hints inside long runs
    assert "<img" not in page and "evil.example/x.css" not in page.split("</head>")[0]
    assert page.count("&lt;img src=&quot;http://evil.example/pixel.png&quot;&gt;") >= 3  # label, reason, chart
    assert "&lt;link rel=&quot;stylesheet&quot;" in page
    assert dense(img) in dense("\n".join(page_texts(pdf_of(report))))  # shown as text
    assert fetched == [f"file://{STATIC}/css/report.css"]  # the stylesheet and nothing else
    assert no_network == []


# --- css_string ---------------------------------------------------------------------------------------------


def test_Q5_css_string_escapes_quotes_newlines_and_the_end_of_the_style_element():
    escaped = css_string("Acme \"Q\" 'R' \\ one\r\ntwo </style><script>alert(1)</script> & co")

    for raw in ('"', "'", "\n", "\r", "<", ">", "&"):
        assert raw not in escaped
    assert "</style" not in escaped.lower()
    assert "\\22 Q\\22 " in escaped and "\\27 R\\27 " in escaped and "\\5c " in escaped
    assert "one\\d \\a two" in escaped
    assert "\\3c /style\\3e " in escaped


def test_Q5_a_title_with_quotes_and_style_end_prints_verbatim_in_the_page_header(tmp_path):
    title = 'Acme "Q" </style><b>bold</b>'
    data = ReportData(
        title=title,
        parameters="line one\nline two",
        facts=[("Decisions", "1")],
        tables=[Table("t", "Table", ["A"], lambda: [["x"]])],
    )
    out = tmp_path / "title.pdf"
    with out.open("wb") as f:
        rendering.render_pdf(data, f, page_size="A4", progress=lambda value: None)

    from pypdf import PdfReader

    text = PdfReader(out).pages[0].extract_text()
    assert flat(text).count(title) == 2  # the <h1> and the @top-left page header
    assert "Page 1 of 1" in text  # the @page rules after the title survived: the style element did not end early
