"""``/api/v1/reports/`` (Q5): managers request (202), follow status and progress, and download."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from reports.models import Report
from tests.reports.factories import bulk_decisions, page_texts, pdf_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"


def period(day: dt.date) -> dict:
    return {"start": day.isoformat(), "end": day.isoformat()}


def test_Q5_api_request_is_accepted_queued_then_done_with_a_download(
    api_for, manager, account_a, day, django_capture_on_commit_callbacks
):
    bulk_decisions(n=7, day=day, account=account_a)
    api = api_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(URL, {"kind": "period_audit", "format": "csv", "params": period(day)}, format="json")

    # answered before the render ran (it runs once the request's transaction commits)
    assert created.status_code == 202, created.json()
    body = created.json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["download_url"] is None
    assert body["kind"] == "period_audit" and body["format"] == "csv" and body["requested_by"] == "manager"
    assert body["params"] == period(day)

    detail = api.get(f"{URL}{body['id']}/").json()
    assert detail["status"] == "done" and detail["progress"] == 100 and detail["size"] > 0
    assert detail["download_url"] == f"http://testserver{URL}{body['id']}/download/"

    download = api.get(detail["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert f'filename="{Report.objects.get().filename}"' in download["Content-Disposition"]
    content = b"".join(download.streaming_content).decode()
    assert content.startswith("Period audit report,")
    assert content.count("\r\n") > 7


def test_Q5_api_brand_dossier_pdf_with_letter_pages(api_for, manager, dossier, django_capture_on_commit_callbacks):
    api = api_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            URL,
            {"kind": "brand_dossier", "format": "pdf", "page_size": "Letter", "params": {"brand": dossier.brand.pk}},
            format="json",
        )

    assert created.status_code == 202, created.json()
    report = Report.objects.get(pk=created.json()["id"])
    assert report.status == "done" and report.page_size == "Letter" and report.title == "Brand dossier: Acme Dental"
    reader = pdf_of(report)
    assert float(reader.pages[0].mediabox.height) == pytest.approx(792)
    assert "Acme Dental Group LLC" in page_texts(reader)[0]
    download = api.get(f"{URL}{report.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("who", ["analyst", "customer_a"])
def test_Q5_api_refuses_analysts_and_customers(who, request, api_for, manager, day, request_report):
    report = request_report(manager, "period_audit", "csv", period(day))
    api = api_for(request.getfixturevalue(who))

    posted = api.post(URL, {"kind": "period_audit", "format": "csv", "params": period(day)}, format="json")

    assert posted.status_code == 403
    assert api.get(URL).status_code == 403
    assert api.get(f"{URL}{report.pk}/").status_code == 403
    assert api.get(f"{URL}{report.pk}/download/").status_code == 403
    assert Report.objects.count() == 1


def test_Q5_api_anonymous_is_401(manager, day, request_report):
    report = request_report(manager, "period_audit", "csv", period(day))
    anonymous = APIClient()

    assert anonymous.post(URL, {}, format="json").status_code == 401
    assert anonymous.get(URL).status_code == 401
    assert anonymous.get(f"{URL}{report.pk}/download/").status_code == 401


def test_Q5_api_another_managers_report_is_listed_retrieved_and_downloadable(
    api_for, manager, manager_b, day, request_report
):
    report = request_report(manager, "period_audit", "csv", period(day))
    api = api_for(manager_b)

    listed = api.get(URL).json()["results"]
    assert [(r["id"], r["requested_by"], r["status"]) for r in listed] == [(report.pk, "manager", "done")]
    assert api.get(f"{URL}{report.pk}/").json()["title"] == report.title
    download = api.get(f"{URL}{report.pk}/download/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")


def test_Q5_api_download_of_an_unfinished_report_is_404(api_for, manager, day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the render never runs
        created = api_for(manager).post(
            URL, {"kind": "period_audit", "format": "pdf", "params": period(day)}, format="json"
        )

    assert created.status_code == 202
    assert api_for(manager).get(f"{URL}{created.json()['id']}/download/").status_code == 404
    assert api_for(manager).get(f"{URL}987654/").status_code == 404


@pytest.mark.parametrize(
    ("payload", "field", "text"),
    [
        pytest.param(
            {"kind": "period_audit", "params": {"start": "2026-03-10", "end": "2026-03-01"}},
            "end",
            "The end (2026-03-01) is before the start (2026-03-10).",
            id="end-before-start",
        ),
        pytest.param(
            {"kind": "period_audit", "params": {"start": "2025-01-01", "end": "2026-01-31"}},
            "end",
            "this one spans 396 (30 too many)",
            id="over-366-days",
        ),
        pytest.param(
            {"kind": "period_audit", "params": {"start": "01/02/2026", "end": "2026-01-31"}},
            "start",
            "A date as YYYY-MM-DD is required; “01/02/2026” is not one.",
            id="bad-date",
        ),
        pytest.param(
            {"kind": "period_audit", "params": {"start": "2026-01-01", "end": "2026-01-31", "account": 987654}},
            "account",
            "No account with id “987654”.",
            id="unknown-account",
        ),
        pytest.param(
            {"kind": "brand_dossier", "params": {"brand": 987654}},
            "brand",
            "No brand with id “987654”.",
            id="unknown-brand",
        ),
        pytest.param({"kind": "audit", "params": {}}, "kind", "not a valid choice", id="unknown-kind"),
        pytest.param({"kind": "brand_dossier", "params": "brand=1"}, "params", "dictionary", id="params-not-an-object"),
        pytest.param(
            {"kind": "brand_dossier", "page_size": "A3", "params": {"brand": 1}},
            "page_size",
            "not a valid choice",
            id="unknown-page-size",
        ),
    ],
)
def test_Q5_api_invalid_parameters_400_with_field_errors_nothing_created(
    payload, field, text, api_for, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_for(manager).post(URL, {"format": "pdf", **payload}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert any(text in message for message in body[field]), body
    assert not Report.objects.exists() and callbacks == []


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_Q5_api_download_carries_the_same_sandbox_csp_as_the_page_download(
    fmt, api_for, manager, day, request_report, client
):
    report = request_report(manager, "period_audit", fmt, period(day))
    client.force_login(manager)

    from_api = api_for(manager).get(f"{URL}{report.pk}/download/")
    from_page = client.get(f"/reports/{report.pk}/download/")

    assert from_api.status_code == from_page.status_code == 200
    assert from_api["Content-Security-Policy"] == "sandbox; default-src 'none'"
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Content-Type", "Content-Disposition"):
        assert from_api[header] == from_page[header], header
    assert from_api["X-Content-Type-Options"] == "nosniff"
