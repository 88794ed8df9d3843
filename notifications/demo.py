"""Demo data of the notifications app (called by ``manage.py seed_demo``).

By the time this runs, the other apps' demo decisions have already put events in the customers' inboxes (the audit
receiver raised them). Here: half of customer-a's inbox read, email preferences, a compliance contact, and two
webhook endpoints with a delivery log — succeeded, failing (retrying) and an endpoint turned off after failures.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from . import services
from .choices import DeliveryStatus, EmailMode
from .models import Event, Notification, WebhookAttempt, WebhookDelivery, WebhookEndpoint

DEMO_TYPES = ["campaign.approved", "campaign.rejected", "campaign.submitted", "brand.approved"]


def seed(base, brands) -> None:
    customer = base.users.get("customer-a")
    if customer is None or WebhookEndpoint.objects.filter(account_id=customer.account_id).exists():
        return
    now = timezone.now()
    # Inbox: the older half read, the newest half unread (the bell shows their count).
    mine = list(Notification.objects.filter(user=customer).order_by("id").values_list("pk", flat=True))
    Notification.objects.filter(pk__in=mine[: len(mine) // 2]).update(read_at=now)
    services.email_preference_set(
        actor=customer, modes={"registration": EmailMode.DIGEST, "traffic": EmailMode.IMMEDIATE}
    )
    if (other := base.users.get("customer-b")) is not None:
        services.email_preference_set(actor=other, modes={"announcements": EmailMode.OFF})
    services.contact_add(actor=customer, email="noc@acme-messaging.example", name="Network operations")

    working, _ = services.webhook_endpoint_create(
        actor=customer,
        url="https://hooks.acme-messaging.example/compliance",
        event_types=DEMO_TYPES,
        description="Compliance events into our ticketing system",
    )
    broken, _ = services.webhook_endpoint_create(
        actor=customer,
        url="https://old-hooks.acme-messaging.example/portal",
        event_types=DEMO_TYPES,
        description="Old receiver (decommissioned)",
    )
    events = list(Event.objects.filter(account_id=customer.account_id, type__in=DEMO_TYPES).order_by("id"))
    # Demo only: the log as deliveries would have left it (normally written by the delivery task).
    for index, event in enumerate(events):
        failing = index == len(events) - 1
        status = DeliveryStatus.RETRYING if failing else DeliveryStatus.SUCCEEDED
        delivery = WebhookDelivery.objects.create(
            account_id=customer.account_id,
            endpoint=working,
            event=event,
            status=status,
            attempts=3 if failing else 1,
            response_code=502 if failing else 200,
            last_error="The endpoint answered 502." if failing else "",
            duration_ms=140 + index * 7,
            delivered_at=None if failing else event.occurred_at + timedelta(seconds=1),
            next_attempt_at=now + timedelta(minutes=4) if failing else None,
        )
        for attempt in range(delivery.attempts):
            WebhookAttempt.objects.create(
                delivery=delivery,
                at=event.occurred_at + timedelta(minutes=2**attempt - 1),
                response_code=delivery.response_code,
                duration_ms=delivery.duration_ms,
                succeeded=not failing,
                error=delivery.last_error,
            )
        WebhookDelivery.objects.create(
            account_id=customer.account_id,
            endpoint=broken,
            event=event,
            status=DeliveryStatus.FAILED,
            attempts=8,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
            duration_ms=3,
        )
    # Its failures as the delivery task would have counted them; the real rule then turns it off (audited, and the
    # customers get the inbox notice).
    WebhookEndpoint.objects.filter(pk=broken.pk).update(
        consecutive_failures=100, failing_since=now - timedelta(hours=26)
    )
    services._disable_if_failing(broken.pk, now)
