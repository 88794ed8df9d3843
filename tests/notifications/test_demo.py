"""The demo data of notifications: an inbox half read, preferences, a contact, and endpoints whose log shows
succeeded, retrying and failed deliveries, one endpoint turned off (with its inbox notice)."""

from __future__ import annotations

import pytest

from accounts import demo as accounts_demo
from brands import demo as brands_demo
from campaigns import demo as campaigns_demo
from notifications import demo
from notifications.models import ComplianceContact, Notification, WebhookDelivery, WebhookEndpoint
from vetting import demo as vetting_demo

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_state(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        base = accounts_demo.seed()
        brands = brands_demo.seed(base)
        vetting_demo.seed(brands, base)
        campaigns_demo.seed(brands, base)
        demo.seed(base, brands)
    customer = base.users["customer-a"]
    inbox = Notification.objects.filter(user=customer)
    assert inbox.filter(read_at__isnull=True).exists() and inbox.filter(read_at__isnull=False).exists()
    assert inbox.filter(event__type="webhook_endpoint.disabled").exists()
    assert customer.email_preference.registration == "digest"
    assert ComplianceContact.objects.filter(account=customer.account).count() == 1
    statuses = set(WebhookDelivery.objects.values_list("status", flat=True))
    assert {"succeeded", "retrying", "failed"} <= statuses
    assert WebhookEndpoint.objects.filter(active=False, disabled_at__isnull=False).count() == 1
    count = WebhookDelivery.objects.count()
    demo.seed(base, brands)  # idempotent
    assert WebhookDelivery.objects.count() == count
