"""Periodic jobs: ``CELERY_BEAT_SCHEDULE`` is their one registry, for Celery beat and for cron alike.

Each entry names a Celery task an app defines in its ``tasks.py`` (``"reports.sweep_reports"``). With a broker,
beat sends those tasks to the workers on the entry's schedule. The embedded default has no broker and no beat:
``manage.py run_periodic`` (from cron, or a systemd timer) runs the same tasks here, synchronously, so the two
set-ups can never run different jobs. A job is added once — a task, and a settings entry naming it — and both
set-ups run it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from celery import current_app
from django.conf import settings


class UnknownJob(LookupError):
    """No beat entry has this name, or its task is defined by no app."""


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: str
    schedule: Any
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


def periodic_jobs() -> list[PeriodicJob]:
    """The beat schedule's entries, in their settings order."""
    return [
        PeriodicJob(
            name=name,
            task=entry["task"],
            schedule=entry.get("schedule"),
            args=tuple(entry.get("args", ())),
            kwargs=dict(entry.get("kwargs", {})),
        )
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    ]


def periodic_job(name: str) -> PeriodicJob:
    for job in periodic_jobs():
        if job.name == name:
            return job
    known = ", ".join(job.name for job in periodic_jobs()) or "none"
    raise UnknownJob(f"No periodic job is called “{name}”; the jobs are: {known}.")


def run_periodic_job(job: PeriodicJob) -> Any:
    """Run ``job``'s task here and now (not through the broker) and return its result; its errors propagate."""
    # Beat and the workers import every app's tasks module; a management command must ask for it.
    current_app.loader.import_default_modules()
    task = current_app.tasks.get(job.task)
    if task is None:
        raise UnknownJob(f"The periodic job “{job.name}” names the task “{job.task}”, which no app defines.")
    return task.apply(args=job.args, kwargs=job.kwargs, throw=True).get()
