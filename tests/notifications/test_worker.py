"""A real Celery worker (Redis, database 5) dispatches an event: the webhook arrives signed at a real receiver."""

from __future__ import annotations

import json
import socket
import time

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker

from notifications import services
from notifications.docs.verify_webhook import verify
from notifications.models import WebhookDelivery
from tests.conftest import require
from tests.notifications.factories import make_endpoint, raise_event

REDIS_URL = "redis://127.0.0.1:6379/5"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_n1_real_worker_delivers_the_signed_webhook(receiver, customer_a, monkeypatch):
    require(_redis_up(), "Redis on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    real = Celery("compliance_portal", set_as_current=False)
    real.config_from_object("django.conf:settings", namespace="CELERY")
    real.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue="notifications-test")
    real.autodiscover_tasks(force=True)
    # The service's after-commit enqueue goes to Redis (the rest of this process stays eager).
    sent = []

    def enqueue(event_ids):
        for event_id in event_ids:
            sent.append(real.send_task("notifications.dispatch_event", args=[event_id]))

    monkeypatch.setattr(services, "_dispatch_on_commit", enqueue)
    _endpoint, secret = make_endpoint(customer=customer_a, url=receiver.url("/ok"))
    with start_worker(real, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        event = raise_event(account=customer_a.account)
        assert len(sent) == 1
        [request] = receiver.wait_for(1, timeout=30)
        deadline = time.monotonic() + 15  # the worker records the outcome just after the receiver answered
        while time.monotonic() < deadline and not WebhookDelivery.objects.filter(status="succeeded").exists():
            time.sleep(0.05)
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert verify(secret, request.body, headers["x-portal-timestamp"], headers["x-portal-signature"])
    assert json.loads(request.body)["id"] == event.webhook_id
    delivery = WebhookDelivery.objects.get(event=event)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 1, 204)
    redis.Redis.from_url(REDIS_URL).flushdb()
