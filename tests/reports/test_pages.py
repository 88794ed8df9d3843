"""Report pages (Q5): the form and list, the htmx status row that polls until the report is done, downloads."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client

from reports import rendering, services
from reports.models import Report
from tests.reports.factories import bulk_decisions

pytestmark = pytest.mark.django_db


def period(day: dt.date) -> dict:
    return {"start": day.isoformat(), "end": day.isoformat()}


@pytest.fixture
def signed_in():
    """``signed_in(user)`` → a client of its own."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def status_url(report: Report) -> str:
    return f"/reports/{report.pk}/status/"


def download_url(report: Report) -> str:
    return f"/reports/{report.pk}/download/"


def polls(row: str, report: Report) -> bool:
    return 'hx-trigger="every 1s"' in row and f'hx-get="{status_url(report)}"' in row


# --- who ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["analyst", "customer_a"])
def test_Q5_pages_refuse_analysts_and_customers(who, request, signed_in, manager, day, request_report):
    report = request_report(manager, "period_audit", "csv", period(day))
    client = signed_in(request.getfixturevalue(who))

    assert client.get("/reports/").status_code == 403
    assert client.post("/reports/", {"kind": "period_audit", "format": "csv", **period(day)}).status_code == 403
    assert client.get(status_url(report)).status_code == 403
    assert client.get(download_url(report)).status_code == 403
    assert Report.objects.count() == 1


def test_Q5_pages_send_anonymous_visitors_to_sign_in(manager, day, request_report):
    report = request_report(manager, "period_audit", "csv", period(day))

    for url in ("/reports/", status_url(report), download_url(report)):
        response = Client().get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


# --- request from the form ------------------------------------------------------------------------------------


def test_Q5_manager_requests_a_report_from_the_form(
    signed_in, manager, account_a, day, django_capture_on_commit_callbacks
):
    bulk_decisions(n=4, day=day, account=account_a)
    client = signed_in(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/",
            {"kind": "period_audit", "format": "pdf", "page_size": "Letter", "account": account_a.pk, **period(day)},
        )

    assert response.status_code == 302 and response["Location"] == "/reports/"
    report = Report.objects.get()
    assert report.params == {**period(day), "account": account_a.pk}
    assert report.page_size == "Letter" and report.title.endswith("· Acme Messaging")
    assert report.status == "done"
    page = client.get("/reports/").content.decode()
    assert html.escape(report.title) in page and f'href="{download_url(report)}"' in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"kind": "period_audit", "start": "2026-03-10", "end": "2026-03-01"}, "is before the start (2026-03-10)"),
        ({"kind": "period_audit", "start": "2025-01-01", "end": "2026-01-31"}, "396 (30 too many)"),
        ({"kind": "period_audit", "start": "", "end": "2026-01-31"}, "A date as YYYY-MM-DD is required"),
        ({"kind": "brand_dossier", "brand": "987654"}, "No brand with id “987654”."),
    ],
)
def test_Q5_form_shows_the_parameter_errors_and_creates_nothing(
    form, message, signed_in, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = signed_in(manager).post("/reports/", {"format": "csv", **form})

    assert response.status_code == 200
    assert html.escape(message) in response.content.decode()
    assert not Report.objects.exists() and callbacks == []


# --- the htmx status row ----------------------------------------------------------------------------------


def test_Q5_status_row_polls_while_queued_and_running_and_stops_with_a_download_link_when_done(
    signed_in, manager, day, django_capture_on_commit_callbacks, monkeypatch
):
    client = signed_in(manager)
    with django_capture_on_commit_callbacks() as callbacks:
        report = services.report_request(actor=manager, kind="period_audit", format="csv", params=period(day))

    queued = client.get(status_url(report)).content.decode()
    assert 'data-status="queued"' in queued and polls(queued, report)
    assert download_url(report) not in queued
    # the list page renders the same row
    assert polls(client.get("/reports/").content.decode(), report)

    rows_while_running: list[str] = []
    real = rendering.write_csv

    def render_and_look(data, out, *, progress):
        rows_while_running.append(client.get(status_url(report)).content.decode())
        real(data, out, progress=progress)

    monkeypatch.setattr(rendering, "write_csv", render_and_look)
    for callback in callbacks:  # the transaction "commits": the render task runs (eagerly)
        callback()

    running = rows_while_running[0]
    assert 'data-status="running"' in running and polls(running, report)
    assert 'value="15"' in running and "running · 15 %" in running
    done = client.get(status_url(report)).content.decode()
    assert 'data-status="done"' in done and "hx-trigger" not in done and "hx-get" not in done
    assert f'href="{download_url(report)}"' in done


def test_Q5_status_row_of_a_failed_report_shows_the_reason_and_stops_polling(
    signed_in, manager, day, request_report, monkeypatch
):
    monkeypatch.setattr(rendering, "write_csv", lambda *a, **k: 1 / 0)
    report = request_report(manager, "period_audit", "csv", period(day))

    row = signed_in(manager).get(status_url(report)).content.decode()

    assert 'data-status="failed"' in row and "hx-trigger" not in row
    assert "ZeroDivisionError: division by zero" in row and download_url(report) not in row
    assert signed_in(manager).get(download_url(report)).status_code == 404


# --- another manager's report -----------------------------------------------------------------------------


def test_Q5_another_managers_report_is_listed_and_downloaded_as_an_attachment(
    signed_in, manager, manager_b, day, request_report
):
    report = request_report(manager, "period_audit", "csv", period(day))
    client = signed_in(manager_b)

    page = client.get("/reports/").content.decode()
    assert f'id="report-{report.pk}"' in page and "<td>manager</td>" in page
    download = client.get(download_url(report))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{report.filename}"'
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"Period audit report,")


# --- Content Security Policy (issue 12 item 6) ----------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
#: Inline event handlers (onclick=…) are inline scripts too.
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def test_Q5_reports_page_and_rows_have_no_inline_script_or_style_in_any_state(
    signed_in, manager, day, request_report, django_capture_on_commit_callbacks, monkeypatch
):
    # given a report in each state: done, failed, queued and running
    done = request_report(manager, "period_audit", "csv", period(day))
    monkeypatch.setattr(rendering, "write_csv", lambda *a, **k: 1 / 0)
    failed = request_report(manager, "period_audit", "csv", period(day))
    with django_capture_on_commit_callbacks(execute=False):
        queued = services.report_request(actor=manager, kind="period_audit", format="csv", params=period(day))
        running = services.report_request(actor=manager, kind="period_audit", format="pdf", params=period(day))
    Report.objects.filter(pk=running.pk).update(status="running", progress=55)
    client = signed_in(manager)

    page = client.get("/reports/").content.decode()
    rows = [client.get(status_url(r)).content.decode() for r in (done, failed, queued, running)]

    assert [Report.objects.get(pk=r.pk).status for r in (done, failed, queued, running)] == [
        "done",
        "failed",
        "queued",
        "running",
    ]
    for html_text in (page, *rows):
        assert INLINE_SCRIPT.findall(html_text) == []
        assert INLINE_STYLE.findall(html_text) == []
        assert INLINE_HANDLER.findall(html_text) == []
    # the brand suggestions are attached by the markup itself, not by a script
    assert re.search(r'<input[^>]*\bname="brand"[^>]*\blist="brand-ids"', page)
    assert '<datalist id="brand-ids">' in page
