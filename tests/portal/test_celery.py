"""Celery: the embedded default runs tasks inline; a real worker round-trips through Redis."""

import socket

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from compliance_portal.celery import app
from compliance_portal.tasks import ping
from tests.conftest import require

REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_embedded_default_runs_the_task_eagerly():
    assert app.conf.task_always_eager
    assert ping.delay("hello").get(timeout=1) == {"reply": "pong", "payload": "hello"}


# A worker that dies mid-task: tests/reports/test_worker_killed.py SIGKILLs a real worker mid-render and
# proves the report is queued again and rendered to the end (not merely that acks_late is configured).


@pytest.mark.django_db
def test_enqueue_waits_for_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        ping.delay_on_commit("later")
    assert len(callbacks) == 1


@pytest.mark.broker
def test_real_worker_round_trip_through_redis():
    require(_redis_up(), "Redis on 127.0.0.1:6379")
    # The project's app configured as production would be (CELERY_* settings), pointed at Redis.
    # A separate instance, so the eager default of the rest of the suite stays untouched.
    real = Celery("compliance_portal", set_as_current=False)
    real.config_from_object("django.conf:settings", namespace="CELERY")
    real.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    real.autodiscover_tasks(force=True)
    task = real.tasks["compliance_portal.ping"]
    assert real.conf.task_acks_late and real.conf.task_reject_on_worker_lost
    with start_worker(real, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = task.delay("round-trip")
        assert result.get(timeout=20) == {"reply": "pong", "payload": "round-trip"}
        assert result.successful()
