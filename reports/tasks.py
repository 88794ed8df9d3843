"""Thin task: load by id, call the service; retried on transient errors, idempotent (a finished report is left
alone). Time and memory are bounded by the task limits below and the worker's --max-memory-per-child."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from .services import report_fail, report_run

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@shared_task(
    bind=True,
    name="reports.render_report",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
)
def render_report(self, report_id: int) -> str:
    try:
        return report_run(report_id=report_id).status
    except TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            report_fail(report_id=report_id, reason=f"Gave up after {self.request.retries + 1} attempts: {exc}")
            return "failed"
        if self.request.is_eager:
            # Eager (embedded default, tests) propagates exceptions, so autoretry would raise ``Retry`` into the
            # caller and leave the report running for ever: try again at once, in this process, instead.
            return self.apply(args=(report_id,), retries=self.request.retries + 1).result
        raise
    except SoftTimeLimitExceeded:
        report_fail(report_id=report_id, reason="The render took longer than 10 minutes; narrow the period.")
        return "failed"
    except Exception as exc:  # anything else is a bug or bad data: fail visibly, do not retry forever
        report_fail(report_id=report_id, reason=f"{type(exc).__name__}: {exc}")
        return "failed"
