"""Thin tasks: load by id, call the service; retried on transient errors, idempotent (a finished report is left
alone). Time and memory are bounded by the task limits below and the worker's --max-memory-per-child."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError

from .services import report_fail, report_run, report_sweep

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@shared_task(
    bind=True,
    name="reports.render_report",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=settings.REPORT_TIME_LIMIT - 60,
    time_limit=settings.REPORT_TIME_LIMIT,
    # Acknowledged only once it ran; when its worker is killed the broker hands it out again (Redis: after the
    # visibility timeout, which the settings derive from the same limit). The render is idempotent and its
    # starts are capped (REPORT_MAX_ATTEMPTS), so a render that kills its worker cannot loop for ever.
    acks_late=True,
    reject_on_worker_lost=True,
)
def render_report(self, report_id: int) -> str:
    try:
        return report_run(report_id=report_id, task_id=self.request.id or "").status
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            report_fail(report_id=report_id, reason=f"Gave up after {self.request.retries + 1} attempts: {exc}")
            return "failed"
        if self.request.is_eager:
            # Eager (embedded default, tests) propagates exceptions, so autoretry would raise ``Retry`` into the
            # caller and leave the report running for ever: try again at once, in this process, instead. The
            # same task id, as a broker retry keeps it: this is the same task trying again.
            return self.apply(args=(report_id,), retries=self.request.retries + 1, task_id=self.request.id).result
        raise
    except SoftTimeLimitExceeded:
        minutes = round(self.soft_time_limit / 60)
        report_fail(report_id=report_id, reason=f"The render took longer than {minutes} minutes; narrow the period.")
        return "failed"
    except Exception as exc:  # anything else is a bug or bad data: fail visibly, do not retry forever
        report_fail(report_id=report_id, reason=f"{type(exc).__name__}: {exc}")
        return "failed"


@shared_task(name="reports.sweep_reports")
def sweep_reports() -> dict[str, list[int]]:
    """Run by Celery beat (CELERY_BEAT_SCHEDULE): reports whose worker was lost are queued again."""
    return report_sweep()
