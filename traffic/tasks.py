"""Thin tasks: the breach alert (made after the check answered, so it never slows the check) and the hourly
flush of counted traffic from Redis to geo (a periodic job)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from . import counting, services

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@shared_task(name="traffic.raise_breach_alert", autoretry_for=TRANSIENT, retry_backoff=2, max_retries=5)
def raise_breach_alert(**breach) -> int:
    """Idempotent (the alert's key names the bucket and the block window or the hour): a redelivery finds it."""
    return services.alert_raise_breach(**breach).pk


@shared_task(name="traffic.flush_hourly_counts", autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3)
def flush_hourly_counts() -> int:
    """Run by Celery beat (CELERY_BEAT_SCHEDULE) or ``manage.py run_periodic``: the hourly totals counted in
    Redis land in ``geo.HourlyCount`` (the M1.7 recommendation reads them). The database backend writes them with
    each counted message, so there is nothing to flush."""
    return counting.flush_hourly_counts()
