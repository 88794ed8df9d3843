"""N1 for the traffic apps: a carrier alert (M3) reaches the inbox, the email of users and compliance contacts,
and the webhook in the seed's shape; health reminders, violations and keyword announcements reach the inbox."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from django.core import mail

from health import services as health_services
from health.signals import reminder_raised
from notifications import services
from notifications.docs.verify_webhook import verify
from notifications.models import Event, Notification
from optouts import services as optout_services
from tests.notifications.factories import make_endpoint
from traffic import services as traffic_services
from traffic.models import Alert

pytestmark = pytest.mark.django_db


def _breach(account_id, sub_account_id, *, block: bool) -> Alert:
    now = int(time.time())
    return traffic_services.alert_raise_breach(
        account_id=account_id,
        sub_account_id=sub_account_id,
        own_bucket=False,
        country="GB",
        at=now,
        blocked_until=now + 3600 if block else None,
        threshold=100,
        count=101,
        breach_response="BLOCK_AND_ALERT" if block else "ALERT_ONLY",
        block_hours=1,
    )


def test_m3_alert_reaches_inbox_email_contacts_and_the_webhook_in_the_seed_shape(
    receiver, customer_a, customer_b, sub_account_a, django_capture_on_commit_callbacks
):
    _endpoint, secret = make_endpoint(customer=customer_a, url=receiver.url("/ok"), events=["traffic.alert"])
    services.contact_add(actor=customer_a, email="noc@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        alert = _breach(customer_a.account_id, sub_account_a.pk, block=True)

    event = Event.objects.get(type="traffic.alert")
    assert event.account_id == customer_a.account_id and event.subject_type == "traffic_alert"
    assert event.subject_url == alert.get_absolute_url()
    assert (
        event.title == f"Messages to United Kingdom from {sub_account_a.name} went over the hourly limit; "
        "sending there is paused for now."
    )
    assert Notification.objects.filter(user=customer_a, event=event).exists()
    assert not Notification.objects.filter(user=customer_b).exists()
    alert_mail = [m for m in mail.outbox if "hourly limit" in m.subject]
    assert sorted(m.to[0] for m in alert_mail) == sorted([customer_a.email, "noc@example.com"])

    [request] = receiver.wait_for(1)
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert verify(secret, request.body, headers["x-portal-timestamp"], headers["x-portal-signature"])
    body = json.loads(request.body)
    assert body["type"] == "traffic.alert" and body["id"] == event.webhook_id
    assert {k: body[k] for k in ("auth_id", "destination_country", "block", "alert_type", "message")} == (
        alert.seed_payload()
    )
    assert body["block"] == "yes" and body["alert_type"] == "sms_threshold_breach"


def test_m2_reminder_reaches_the_inbox(customer_a, sub_account_a):
    reminder_raised.send(sender=None, sub_account_id=sub_account_a.pk, day=dt.date(2026, 11, 29), verdict="watch")
    event = Event.objects.get(type="health.reminder")
    assert event.status == "watch" and "2026-11-29" in event.title and sub_account_a.name in event.title
    assert Notification.objects.filter(user=customer_a, event=event).exists()


def test_m4_violation_reaches_the_inbox_in_plain_words(customer_a, sub_account_a, analyst):
    health_services.violation_record(
        actor=analyst, sub_account=sub_account_a, kind="complaint", severity="major", evidence="Carrier complaint #88"
    )
    event = Event.objects.get(type="violation.recorded")
    assert event.title == f"A violation was recorded on sub-account {sub_account_a.name}: complaint."
    assert "M4" not in event.title and event.status == "major"
    assert Notification.objects.filter(user=customer_a, event=event).exists()


def test_m5_keyword_announcement_reaches_every_account(
    customer_a, customer_b, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        keyword = optout_services.keyword_add(actor=manager, word="jackpot")
    events = Event.objects.filter(type="keyword.announced")
    assert sorted(events.values_list("account_id", flat=True)) == sorted([customer_a.account_id, customer_b.account_id])
    assert (
        events.first().title == f"Messages containing “jackpot” will be refused from {keyword.effective_at:%Y-%m-%d}."
    )
    assert Notification.objects.filter(event__type="keyword.announced").count() == 2
    assert not Notification.objects.filter(user=manager).exists()
