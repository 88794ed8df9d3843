"""Thin tasks: load by id, call the service; idempotent (a finished import is left alone)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from .services import dnc_import_run

TRANSIENT = (OperationalError, ConnectionError, TimeoutError)


@shared_task(
    name="optouts.import_dnc",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.DNC_IMPORT_TIME_LIMIT - 60,
    time_limit=settings.DNC_IMPORT_TIME_LIMIT,
)
def import_dnc(import_id: int) -> str:
    """M5.3: load one uploaded DNC version; a malformed line fails it with the line named."""
    return dnc_import_run(import_id=import_id).status
