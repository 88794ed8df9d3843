"""Demo data of the traffic app (part of ``seed_demo``): sending-platform tokens (one active, one revoked), a
fraud-shield address, and alerts in every kind and state (a block breach waiting, an alert-only breach
acknowledged, a fraud-shield alert closed)."""

from __future__ import annotations

import json

from django.utils import timezone

from accounts.demo import DemoAccounts
from brands.models import Brand

from . import services
from .models import Alert, PlatformToken


def seed(base: DemoAccounts, brands: dict[str, Brand]) -> None:
    if PlatformToken.objects.exists() or Alert.objects.exists():
        return
    analyst = base.users["analyst"]
    customer_a, customer_b = base.users["customer-a"], base.users["customer-b"]
    dental = base.sub_accounts["Acme Dental"]
    civic = base.sub_accounts["Beacon Civic"]

    services.token_create(actor=customer_a, name="Production sender", scopes=["check", "events"])
    old, _ = services.token_create(actor=customer_a, name="Old staging sender", scopes=["check"])
    services.token_revoke(actor=customer_a, token=old)
    services.token_create(actor=customer_b, name="Beacon platform", scopes=["check"])
    secret = services.fraud_shield_rotate(actor=customer_a, account=customer_a.account)

    now = int(timezone.now().timestamp())
    services.alert_raise_breach(
        account_id=dental.account_id,
        sub_account_id=dental.pk,
        own_bucket=True,
        country="CA",
        at=now - 600,
        blocked_until=now - 600 + 2 * 3600,
        threshold=70,
        count=70,
        breach_response="BLOCK_AND_ALERT",
        block_hours=2,
    )
    alert_only = services.alert_raise_breach(
        account_id=civic.account_id,
        sub_account_id=civic.pk,
        own_bucket=False,
        country="US",
        at=now - 26 * 3600,
        blocked_until=None,
        threshold=200,
        count=201,
        breach_response="ALERT_ONLY",
        block_hours=1,
    )
    services.alert_acknowledge(actor=analyst, alert=alert_only, reason="Seasonal campaign; the customer confirmed.")
    body = {
        "auth_id": "MARERE12112",
        "destination_country": "GB",
        "block": "yes",
        "alert_type": "sms_threshold_breach",
        "message": "Take Action. The number of messages sent exceeded the hourly threshold set.",
    }
    shield, _ = services.fraud_shield_receive(secret=secret, body=json.dumps(body).encode())
    services.alert_close(
        actor=analyst, alert=shield, reason="Pumping traced to one web form; the customer added a captcha."
    )
