"""Thin tasks: the roll-up and the partition job (both idempotent: they recompute or make what is missing)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from .services import figures_rollup, figures_rollup_recent, partitions_maintain

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@shared_task(name="events.rollup_figures", autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3)
def rollup_figures(pairs: list[list]) -> int:
    """Recompute the figures of the (sub-account id, ISO day) pairs an intake changed."""
    days = {dt.date.fromisoformat(day) for _, day in pairs}
    subs = {int(sub) for sub, _ in pairs}
    return len(figures_rollup(days=days, sub_account_ids=subs))


@shared_task(name="events.rollup_recent", autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3)
def rollup_recent() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE ``events-rollup``): today's and the two previous days' figures."""
    return len(figures_rollup_recent())


@shared_task(name="events.maintain_partitions", autoretry_for=TRANSIENT, retry_backoff=5, max_retries=3)
def maintain_partitions() -> dict:
    """Periodic (CELERY_BEAT_SCHEDULE ``events-partitions``): day partitions ahead, the ledger pruned."""
    return partitions_maintain()
