"""Celery tasks: thin, by id, safe to run twice (each service checks the row's state first)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="notifications.dispatch_event", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def dispatch_event(event_id: int) -> None:
    """After the change committed: the event's immediate emails and its webhook deliveries."""
    services.event_dispatch(event_id=event_id)


@shared_task(name="notifications.deliver_webhook")
def deliver_webhook(delivery_id: int) -> None:
    """One attempt of one delivery; a failure is recorded with its next attempt, which the retry job sends."""
    services.delivery_attempt(delivery_id=delivery_id)


@shared_task(name="notifications.retry_webhooks")
def retry_webhooks() -> int:
    """Periodic: queue every delivery whose next attempt is due."""
    due = services.deliveries_due()
    for delivery_id in due:
        deliver_webhook.delay(delivery_id)
    return len(due)


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """Daily: the digest email of every user who chose it."""
    return services.digest_send()
