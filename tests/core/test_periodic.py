"""Issue 13: the periodic jobs are CELERY_BEAT_SCHEDULE's entries; ``manage.py run_periodic`` runs the same
tasks synchronously where no beat runs (the embedded default)."""

import io

import pytest
from celery import shared_task
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from compliance_portal.celery import app
from core.periodic import periodic_jobs

ran: list[tuple] = []


@shared_task(name="tests.core.periodic.record")
def record(*args, **kwargs):
    ran.append(("record", args, kwargs))
    return "recorded"


@shared_task(name="tests.core.periodic.explode")
def explode():
    ran.append(("explode", (), {}))
    raise RuntimeError("disk full")


SCHEDULE = {
    "first": {"task": "tests.core.periodic.record", "schedule": 60, "args": (1,), "kwargs": {"why": "beat"}},
    "broken": {"task": "tests.core.periodic.explode", "schedule": 300},
    "last": {"task": "tests.core.periodic.record", "schedule": 3600},
}


@pytest.fixture(autouse=True)
def _clear():
    ran.clear()


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("run_periodic", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_every_beat_entry_is_a_job_whose_task_an_app_defines():
    app.loader.import_default_modules()
    jobs = periodic_jobs()
    assert [job.name for job in jobs] == list(settings.CELERY_BEAT_SCHEDULE) and "sweep-stale-reports" in {
        job.name for job in jobs
    }
    assert all(job.task in app.tasks for job in jobs)


@override_settings(CELERY_BEAT_SCHEDULE={name: SCHEDULE[name] for name in ("first", "last")})
def test_run_periodic_runs_every_job_with_its_arguments_in_order():
    out, _ = _run()
    assert ran == [("record", (1,), {"why": "beat"}), ("record", (), {})]
    assert "first (tests.core.periodic.record): 'recorded'" in out and "last (" in out


@override_settings(CELERY_BEAT_SCHEDULE=SCHEDULE)
def test_job_runs_only_the_named_jobs():
    _run("--job", "last")
    assert ran == [("record", (), {})]
    _run("--job", "first", "--job", "last")
    assert ran == [("record", (), {}), ("record", (1,), {"why": "beat"}), ("record", (), {})]


@override_settings(CELERY_BEAT_SCHEDULE=SCHEDULE)
def test_a_failing_job_does_not_stop_the_others_but_fails_the_command():
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 periodic job\\(s\\) failed: broken"):
        call_command("run_periodic", stdout=io.StringIO(), stderr=err)
    assert [name for name, *_ in ran] == ["record", "explode", "record"]
    assert "broken (tests.core.periodic.explode) failed: RuntimeError('disk full')" in err.getvalue()


@override_settings(CELERY_BEAT_SCHEDULE=SCHEDULE)
def test_an_unknown_job_is_refused_naming_the_known_ones_and_runs_nothing():
    with pytest.raises(CommandError, match="No periodic job is called “nope”; the jobs are: first, broken, last"):
        _run("--job", "first", "--job", "nope")
    assert ran == []


@override_settings(CELERY_BEAT_SCHEDULE={"typo": {"task": "reports.sweep_reportz", "schedule": 60}})
def test_an_entry_naming_no_task_fails_clearly():
    with pytest.raises(CommandError, match="1 periodic job"):
        call_command("run_periodic", stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert "names the task “reports.sweep_reportz”, which no app defines" in err.getvalue()


@override_settings(CELERY_BEAT_SCHEDULE=SCHEDULE)
def test_list_shows_the_jobs_and_runs_nothing():
    out, _ = _run("--list")
    assert out.splitlines() == [
        "first: tests.core.periodic.record (every 60)",
        "broken: tests.core.periodic.explode (every 300)",
        "last: tests.core.periodic.record (every 3600)",
    ]
    assert ran == []
