"""Q5 lost workers (issue 12 item 5): reports silent for longer than the render's hard time limit are queued
again by the sweep (Celery beat, ``manage.py sweep_reports``, the reports page under the embedded default),
a bounded number of times; a second copy of the task never renders alongside a live render.

The real thing — a worker killed with SIGKILL mid-render — is in ``test_worker_killed.py``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from compliance_portal.celery import app
from reports import rendering, services
from reports.models import Report
from reports.tasks import render_report, sweep_reports

LIMIT = dt.timedelta(seconds=settings.REPORT_TIME_LIMIT)


def period(day: dt.date) -> dict:
    return {"start": day.isoformat(), "end": day.isoformat()}


def actions(report: Report) -> list[str]:
    return list(AuditEvent.objects.for_subject(report).order_by("at", "id").values_list("action", flat=True))


@pytest.fixture
def left_behind(manager, day, django_capture_on_commit_callbacks):
    """``left_behind(status, silent_for, **fields)`` → a report as a killed worker leaves it: ``status``, its
    last sign of life ``silent_for`` ago, its task never finished."""

    def make(status: str = "running", silent_for: dt.timedelta = LIMIT + dt.timedelta(seconds=1), **fields):
        with django_capture_on_commit_callbacks(execute=False):  # the task message is lost with the worker
            report = services.report_request(actor=manager, kind="period_audit", format="csv", params=period(day))
        running = {"progress": 55, "attempts": 1, "task_id": "task-of-the-killed-worker"} if status == "running" else {}
        Report.objects.filter(pk=report.pk).update(
            status=status, heartbeat_at=timezone.now() - silent_for, **{**running, **fields}
        )
        return Report.objects.get(pk=report.pk)

    return make


# --- configuration ------------------------------------------------------------------------------------------


def test_Q5_visibility_timeout_is_just_above_the_longest_hard_time_limit():
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    limits = [task.time_limit or app.conf.task_time_limit for task in app.tasks.values()]
    assert render_report.time_limit == settings.REPORT_TIME_LIMIT
    # a task still running is never handed to a second worker; a killed worker's task runs again soon
    assert max(limits) < timeout <= max(limits) + 60
    assert timeout < 60 * 60  # kombu's default, the hour the issue saw
    assert render_report.soft_time_limit == settings.REPORT_TIME_LIMIT - 60


def test_Q5_render_task_is_acked_late_and_given_back_when_its_worker_is_lost():
    assert render_report.acks_late is True and render_report.reject_on_worker_lost is True


def test_Q5_beat_runs_the_sweep_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-stale-reports"]
    assert app.conf.beat_schedule["sweep-stale-reports"] == entry
    assert entry["task"] == sweep_reports.name == "reports.sweep_reports" and entry["task"] in app.tasks
    assert entry["schedule"] == 60 and entry["options"]["expires"] == 60


# --- the sweep ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_Q5_a_running_report_silent_past_the_hard_limit_is_queued_again_and_rendered(
    left_behind, django_capture_on_commit_callbacks
):
    report = left_behind("running")

    with django_capture_on_commit_callbacks(execute=True):
        swept = sweep_reports.delay().get()

    assert swept == {"requeued": [report.pk], "failed": []}
    report.refresh_from_db()
    assert report.status == "done" and report.file and report.progress == 100
    assert report.requeues == 1 and report.attempts == 2 and not report.failure_reason
    assert actions(report) == ["requeue", "start", "finish"]
    requeue = AuditEvent.objects.for_subject(report).get(action="requeue")
    assert (requeue.from_state, requeue.to_state, requeue.actor_label) == ("running", "queued", "system")
    assert requeue.reason == (
        "No sign of life for more than 11 minutes while running: its worker was lost. Queued again (1 of 3)."
    )


@pytest.mark.django_db
def test_Q5_a_queued_report_whose_task_was_lost_is_queued_again(left_behind, django_capture_on_commit_callbacks):
    report = left_behind("queued")

    with django_capture_on_commit_callbacks(execute=True):
        swept = services.report_sweep()

    assert swept["requeued"] == [report.pk]
    report.refresh_from_db()
    assert report.status == "done" and report.attempts == 1 and report.requeues == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["queued", "running"])
def test_Q5_a_report_with_a_sign_of_life_within_the_hard_limit_is_left_alone(
    status, left_behind, django_capture_on_commit_callbacks
):
    report = left_behind(status, silent_for=LIMIT - dt.timedelta(seconds=5))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        swept = services.report_sweep()

    assert swept == {"requeued": [], "failed": []} and callbacks == []
    assert Report.objects.values_list("status", "requeues").get(pk=report.pk) == (status, 0)


@pytest.mark.django_db
def test_Q5_after_the_last_requeue_the_sweep_fails_the_report_with_a_plain_reason(
    left_behind, django_capture_on_commit_callbacks
):
    report = left_behind("running", requeues=settings.REPORT_MAX_REQUEUES, attempts=4)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        swept = services.report_sweep()

    assert swept == {"requeued": [], "failed": [report.pk]} and callbacks == []
    report.refresh_from_db()
    assert report.status == "failed" and report.finished_at and not report.file
    assert report.failure_reason == (
        "The report stopped without finishing 4 times (its worker was stopped, or it took longer than 11 minutes); "
        "it is not tried again. Request it again, or choose a shorter period."
    )
    assert actions(report)[-1] == "fail"


@pytest.mark.django_db
def test_Q5_progress_is_the_renders_sign_of_life(manager, day, request_report, monkeypatch):
    beats: list[dt.datetime] = []
    real = rendering.write_csv

    def watching(data, out, *, progress):
        progress(50)
        beats.append(Report.objects.get().heartbeat_at)
        real(data, out, progress=progress)

    monkeypatch.setattr(rendering, "write_csv", watching)
    before = timezone.now()

    report = request_report(manager, "period_audit", "csv", period(day))

    assert report.status == "done" and beats[0] >= before and beats[0] >= report.started_at


# --- copies of the task -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_Q5_a_second_copy_of_the_task_leaves_a_live_render_alone(left_behind, monkeypatch):
    report = left_behind("running", silent_for=dt.timedelta(seconds=3))
    monkeypatch.setattr(rendering, "write_csv", lambda *a, **k: pytest.fail("a second render started"))

    assert render_report.apply(args=(report.pk,), task_id="another-copy").result == "running"

    report.refresh_from_db()
    assert (report.status, report.attempts, report.task_id) == ("running", 1, "task-of-the-killed-worker")
    assert actions(report) == []


@pytest.mark.django_db
def test_Q5_a_redelivery_of_the_same_task_renders_again_its_worker_died(left_behind):
    report = left_behind("running", silent_for=dt.timedelta(seconds=3))

    assert render_report.apply(args=(report.pk,), task_id="task-of-the-killed-worker").result == "done"

    report.refresh_from_db()
    assert report.status == "done" and report.attempts == 2 and actions(report) == ["start", "finish"]


@pytest.mark.django_db
def test_Q5_a_render_is_started_at_most_REPORT_MAX_ATTEMPTS_times(left_behind):
    report = left_behind("running", attempts=settings.REPORT_MAX_ATTEMPTS)

    assert render_report.apply(args=(report.pk,), task_id="task-of-the-killed-worker").result == "failed"

    report.refresh_from_db()
    assert report.status == "failed" and report.attempts == settings.REPORT_MAX_ATTEMPTS
    assert report.failure_reason == (
        f"The report was started {settings.REPORT_MAX_ATTEMPTS} times and never finished; it is not tried again. "
        "Request it again, or choose a shorter period."
    )


# --- where the sweep runs ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_Q5_embedded_default_sweeps_on_the_next_load_of_the_reports_page(left_behind, manager):
    # committed for real (no test transaction): under the eager default the re-run happens on commit, inline
    report = left_behind("running")
    client = Client()
    client.force_login(manager)

    page = client.get("/reports/").content.decode()

    report.refresh_from_db()
    assert report.status == "done" and report.requeues == 1
    assert f'id="report-{report.pk}" data-testid="report-row" data-status="done"' in page


@pytest.mark.django_db
def test_Q5_the_page_load_sweep_is_one_indexed_query_when_nothing_is_stale(left_behind, manager):
    left_behind("running", silent_for=dt.timedelta(seconds=3))
    client = Client()
    client.force_login(manager)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/reports/").status_code == 200

    sweep = [q["sql"] for q in queries if '"heartbeat_at" <' in q["sql"]]
    assert len(sweep) == 1 and "FOR UPDATE" not in sweep[0]
    index = next(i for i in Report._meta.indexes if i.name == "report_unfinished_heartbeat")
    assert index.fields == ["heartbeat_at"] and index.condition is not None


@pytest.mark.django_db
def test_Q5_sweep_reports_command(left_behind, django_capture_on_commit_callbacks):
    quiet = io.StringIO()
    call_command("sweep_reports", stdout=quiet)
    assert quiet.getvalue() == "No report has been silent for more than 11 minutes.\n"
    report = left_behind("running")
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_reports", stdout=out)

    assert out.getvalue() == f"Queued again: report {report.pk}.\n"
    assert Report.objects.get(pk=report.pk).status == "done"


@pytest.mark.django_db
def test_Q5_run_periodic_runs_the_sweep_that_beat_runs(left_behind, django_capture_on_commit_callbacks):
    # The embedded default has no beat: ``manage.py run_periodic`` from cron runs the beat schedule's jobs here.
    report = left_behind("running")
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", stdout=out)

    # every job of the beat schedule runs, one line each; the sweep's line says what it did
    lines = out.getvalue().splitlines()
    assert f"sweep-stale-reports (reports.sweep_reports): {{'requeued': [{report.pk}], 'failed': []}}" in lines
    assert len(lines) == len(settings.CELERY_BEAT_SCHEDULE)
    assert Report.objects.get(pk=report.pk).status == "done"
