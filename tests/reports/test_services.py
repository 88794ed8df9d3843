"""Q5 report services and the render task: who may request, parameter rules, failure, idempotency, retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import storages
from django.db import OperationalError
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import DomainError
from reports import rendering, services
from reports.models import Report
from reports.selectors import _mask
from reports.tasks import render_report
from tests.brands.factories import make_brand
from tests.reports.factories import bulk_decisions, csv_of, csv_section
from vetting import services as vet_services

pytestmark = pytest.mark.django_db


def period(day: dt.date) -> dict:
    return {"start": day.isoformat(), "end": day.isoformat()}


def stored_reports() -> set[str]:
    """Every file under ``reports/`` in the private storage."""
    storage, found = storages["private"], set()

    def walk(folder: str) -> None:
        if not storage.exists(folder):
            return
        folders, files = storage.listdir(folder)
        found.update(f"{folder}/{name}" for name in files)
        for name in folders:
            walk(f"{folder}/{name}")

    walk("reports")
    return found


def actions(report: Report) -> list[str]:
    return list(AuditEvent.objects.for_subject(report).order_by("at", "id").values_list("action", flat=True))


# --- who ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["analyst", "customer_a"])
def test_Q5_only_managers_request_reports(who, request, day):
    actor = request.getfixturevalue(who)

    with pytest.raises(DomainError) as refused:
        services.report_request(actor=actor, kind="period_audit", format="csv", params=period(day))

    assert refused.value.code == "forbidden"
    assert not Report.objects.exists()


def test_Q5_managers_see_every_managers_reports_nobody_else_sees_any(
    manager, manager_b, analyst, customer_a, day, request_report
):
    report = request_report(manager, "period_audit", "csv", period(day))

    assert list(services.report_visible(actor=manager_b)) == [report]
    assert not services.report_visible(actor=analyst).exists()
    assert not services.report_visible(actor=customer_a).exists()


# --- parameters -----------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.now().date()


INVALID = [
    pytest.param(
        "period_audit",
        lambda: {"start": "2026-03-10", "end": "2026-03-09"},
        {"end": "The end (2026-03-09) is before the start (2026-03-10)."},
        id="end-before-start",
    ),
    pytest.param(
        "period_audit",
        lambda: {"start": (_today() - dt.timedelta(days=399)).isoformat(), "end": _today().isoformat()},
        {"end": "A period spans at most 366 days; this one spans 400 (34 too many)."},
        id="over-366-days",
    ),
    pytest.param(
        "period_audit",
        lambda: {"start": "2026-02-30", "end": "last tuesday"},
        {
            "start": "A date as YYYY-MM-DD is required; “2026-02-30” is not one.",
            "end": "A date as YYYY-MM-DD is required; “last tuesday” is not one.",
        },
        id="bad-dates",
    ),
    pytest.param(
        "period_audit",
        lambda: {"end": "2026-01-31"},
        {"start": "A date as YYYY-MM-DD is required; “” is not one."},
        id="missing-start",
    ),
    pytest.param(
        "period_audit",
        lambda: {"start": "2026-01-01", "end": (_today() + dt.timedelta(days=1)).isoformat()},
        {"end": "is in the future"},
        id="future-end",
    ),
    pytest.param(
        "period_audit",
        lambda: {"start": "2026-01-01", "end": "2026-01-31", "account": 987654},
        {"account": "No account with id “987654”."},
        id="unknown-account",
    ),
    pytest.param(
        "period_audit",
        lambda: {"start": "2026-01-32", "end": "2026-01-31", "account": "acme"},
        {"start": "“2026-01-32” is not one", "account": "No account with id “acme”."},
        id="every-problem-at-once",
    ),
    pytest.param(
        "brand_dossier", lambda: {"brand": 987654}, {"brand": "No brand with id “987654”."}, id="unknown-brand"
    ),
    pytest.param("brand_dossier", lambda: {}, {"brand": "No brand with id “None”."}, id="no-brand"),
]


@pytest.mark.parametrize(("kind", "params", "expected"), INVALID)
def test_Q5_invalid_parameters_are_refused_with_field_errors_and_nothing_is_created(
    kind, params, expected, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(DomainError) as refused:
        services.report_request(actor=manager, kind=kind, format="pdf", params=params())

    assert refused.value.code == "invalid"
    assert set(refused.value.errors) == set(expected)
    for field, text in expected.items():
        assert any(text in message for message in refused.value.errors[field]), refused.value.errors[field]
    assert not Report.objects.exists() and callbacks == []


def test_Q5_exactly_366_days_is_accepted(manager, django_capture_on_commit_callbacks):
    end = _today()
    start = end - dt.timedelta(days=365)

    with django_capture_on_commit_callbacks() as callbacks:
        report = services.report_request(
            actor=manager, kind="period_audit", format="csv", params={"start": start, "end": end}
        )

    assert report.params == {"start": start.isoformat(), "end": end.isoformat()}
    assert report.status == "queued" and len(callbacks) == 1


@pytest.mark.parametrize(("field", "value"), [("format", "xlsx"), ("page_size", "A3")])
def test_Q5_unknown_format_or_page_size_refused(field, value, manager, day):
    arguments = {"actor": manager, "kind": "period_audit", "format": "pdf", "params": period(day), field: value}

    with pytest.raises(DomainError) as refused:
        services.report_request(**arguments)

    assert refused.value.code == "invalid" and field in refused.value.errors
    assert not Report.objects.exists()


# --- the render run -------------------------------------------------------------------------------------------


def test_Q5_a_failing_render_ends_failed_with_the_reason_and_stores_no_file(manager, day, request_report, monkeypatch):
    def broken(data, out, **kwargs):
        out.write(b"%PDF-1.7 half a document")
        raise RuntimeError("font cache is corrupt")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    before = stored_reports()

    report = request_report(manager, "period_audit", "pdf", period(day))

    assert report.status == "failed"
    assert report.failure_reason == "RuntimeError: font cache is corrupt"
    assert not report.file and report.size is None and report.finished_at is not None
    assert report.attempts == 1 and report.progress < 100
    assert stored_reports() == before
    assert actions(report) == ["start", "fail"]


def test_Q5_running_the_task_again_on_a_finished_report_does_nothing(manager, day, request_report, monkeypatch):
    done = request_report(manager, "period_audit", "csv", period(day))
    assert done.status == "done" and done.file.name in stored_reports()
    before = (done.file.name, done.size, done.attempts, done.finished_at, done.progress)
    with done.file.open("rb") as f:
        content = f.read()

    def must_not_render(*args, **kwargs):
        raise AssertionError("a finished report was rendered again")

    monkeypatch.setattr(rendering, "write_csv", must_not_render)
    monkeypatch.setattr(rendering, "render_pdf", must_not_render)
    assert render_report.apply(args=(done.pk,)).result == "done"
    assert services.report_run(report_id=done.pk).status == "done"

    done.refresh_from_db()
    assert (done.file.name, done.size, done.attempts, done.finished_at, done.progress) == before
    with done.file.open("rb") as f:
        assert f.read() == content
    assert actions(done) == ["start", "finish"]


def test_Q5_running_the_task_again_on_a_failed_report_leaves_it_failed(manager, day, request_report, monkeypatch):
    monkeypatch.setattr(rendering, "write_csv", lambda *a, **k: 1 / 0)
    failed = request_report(manager, "period_audit", "csv", period(day))
    assert failed.status == "failed"
    monkeypatch.undo()

    assert render_report.apply(args=(failed.pk,)).result == "failed"

    failed.refresh_from_db()
    assert failed.status == "failed" and failed.attempts == 1 and not failed.file
    assert failed.failure_reason == "ZeroDivisionError: division by zero"


def test_Q5_a_transient_database_error_is_retried_and_the_report_completes(
    manager, day, account_a, request_report, monkeypatch
):
    bulk_decisions(n=5, day=day, account=account_a)
    real = rendering.write_csv
    calls: list[int] = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(*args, **kwargs)

    monkeypatch.setattr(rendering, "write_csv", flaky)

    report = request_report(manager, "period_audit", "csv", period(day))

    assert report.status == "done" and report.attempts == 2 and not report.failure_reason
    assert len(calls) == 2
    assert actions(report) == ["start", "start", "finish"]
    _, decisions = csv_section(csv_of(report), "Every decision")
    assert len(decisions) == 5


def test_Q5_a_transient_error_that_persists_fails_the_report_after_the_last_retry(
    manager, day, request_report, monkeypatch
):
    def always(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(rendering, "render_pdf", always)

    report = request_report(manager, "period_audit", "pdf", period(day))

    assert report.status == "failed" and not report.file
    assert report.attempts == render_report.max_retries + 1 == 4
    assert report.failure_reason == "Gave up after 4 attempts: could not connect to server"


def test_Q5_progress_is_written_while_the_report_renders(manager, day, request_report, monkeypatch):
    seen: list[tuple[str, int]] = []
    real = rendering.write_csv

    def watching(data, out, *, progress):
        row = Report.objects.values_list("status", "progress").get()
        seen.append(row)
        real(data, out, progress=progress)
        seen.append(Report.objects.values_list("status", "progress").get())

    monkeypatch.setattr(rendering, "write_csv", watching)

    report = request_report(manager, "period_audit", "csv", period(day))

    assert seen[0] == ("running", 15)
    assert seen[1][0] == "running" and 15 < seen[1][1] < 100
    assert report.progress == 100 and report.status == "done"


# --- data shown ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "masked"),
    [("VT-7f3a9c2e-41b8", "••••••••••••41b8"), ("ABCDEFGH", "••••EFGH"), ("ABCDE", "••••DE"), ("ABCD", "••••CD")],
)
def test_Q5_vet_tokens_are_masked_never_shown_whole(token, masked):
    assert _mask(token) == masked
    assert token not in _mask(token)


def test_Q5_csv_cells_never_start_a_spreadsheet_formula(manager, analyst, day, account_a, request_report):
    AuditEvent.objects.create(
        at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC),
        actor=analyst,
        actor_label="@analyst",
        account=account_a,
        subject_type="brand",
        subject_id="1",
        subject_label='=HYPERLINK("http://evil.example","Acme")',
        action="request_changes",
        reason="+1 555 0100 is not the brand's number",
        codes=["-511"],
    )

    report = request_report(manager, "period_audit", "csv", period(day))

    _, decisions = csv_section(csv_of(report), "Every decision")
    assert decisions == [
        [
            f"{day.isoformat()} 09:00",
            "brand",
            '\'=HYPERLINK("http://evil.example","Acme")',
            "'@analyst",
            "request_changes",
            "'-511",
            "'+1 555 0100 is not the brand's number",
        ]
    ]


def test_Q5_a_failed_final_save_leaves_no_file_behind(manager, monkeypatch):
    # given a report whose render succeeds but whose final row update fails
    from reports import services as report_services
    from reports.models import Report as ReportModel

    stored: list[str] = []
    real_save = ReportModel.save

    def failing_save(self, *args, **kwargs):
        if kwargs.get("update_fields") and "file" in kwargs["update_fields"]:
            stored.append(self.file.name)
            raise RuntimeError("database went away")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(ReportModel, "save", failing_save)
    report = ReportModel.objects.create(
        kind="period_audit",
        format="csv",
        params={"start": "2026-01-01", "end": "2026-01-31"},
        title="Period audit",
        requested_by=manager,
    )
    # when it runs, then the error surfaces and the file written for it is gone again
    with pytest.raises(RuntimeError):
        report_services.report_run(report_id=report.pk)
    assert stored and not report.file.storage.exists(stored[0])


def test_Q5_period_report_counts_only_staff_decisions_per_analyst(
    manager, analyst, customer_a, sub_account_a, request_report
):
    # given an analyst's decisions and a customer importing a political vet (its activation is no decision)
    brand = make_brand(  # approved by the analyst
        customer=customer_a,
        sub_account=sub_account_a,
        status="approved",
        analyst=analyst,
        entity_type="NON_PROFIT",
        tax_exempt_status="NONE",
    )
    vet_services.vet_import(actor=customer_a, brand=brand, vet_class="POLITICAL", vendor="CV", token="CV-7781")
    assert AuditEvent.objects.filter(actor=customer_a, subject_type="vet", action="activate").exists()
    today = timezone.now().date()

    report = request_report(manager, "period_audit", "csv", period(today))

    rows = csv_of(report)
    _, per_analyst = csv_section(rows, "Decisions per analyst and kind")
    assert per_analyst == [["analyst", "Brand reviews", "1", "0", "1"]]
    _, every = csv_section(rows, "Every decision")
    assert [row[3] for row in every] == ["analyst"]
    _, per_kind = csv_section(rows, "Decisions per kind")
    assert [row[0] for row in per_kind] == ["Brand reviews"]
