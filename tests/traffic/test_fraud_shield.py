"""M3: alerts from the carrier's fraud shield, at /hooks/fraud-shield/<secret>/."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from casework.models import WorkItem
from traffic.choices import AlertKind
from traffic.models import Alert
from traffic.services import fraud_shield_rotate

SEED = {
    "auth_id": "MARERE12112",
    "destination_country": "US",
    "block": "no",
    "alert_type": "sms_threshold_breach",
    "message": "Take Action. The number of messages sent exceeded the hourly threshold set.",
}


def post(secret, payload, **headers):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return Client().post(f"/hooks/fraud-shield/{secret}/", body, content_type="application/json", **headers)


@pytest.fixture
def secret(customer_a):
    return fraud_shield_rotate(actor=customer_a, account=customer_a.account)


def test_M3_fraud_shield_alert_opens_a_case(secret, account_a):
    response = post(secret, SEED)
    assert response.status_code == 201
    alert = Alert.objects.get()
    assert (alert.kind, alert.account_id, alert.country, alert.state) == (
        AlertKind.FRAUD_SHIELD,
        account_a.pk,
        "US",
        "open",
    )
    assert alert.seed_payload()["message"] == SEED["message"]
    assert WorkItem.objects.filter(kind="traffic_alert", subject_id=alert.pk).exists()


def test_M3_redelivery_is_idempotent(secret):
    first = post(secret, SEED)
    # The same alert again, keys in another order: the carrier redelivering.
    again = post(secret, json.dumps(dict(reversed(list(SEED.items())))))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Alert.objects.count() == 1


def test_M3_idempotency_key_identifies_the_alert(secret):
    a = post(secret, SEED, HTTP_IDEMPOTENCY_KEY="evt-1")
    b = post(secret, SEED, HTTP_IDEMPOTENCY_KEY="evt-1")
    c = post(secret, SEED, HTTP_IDEMPOTENCY_KEY="evt-2")
    assert a.json()["id"] == b.json()["id"] != c.json()["id"]
    assert (a.status_code, b.status_code, c.status_code) == (201, 200, 201)


def test_unknown_or_rotated_secret_is_404(secret, customer_a):
    assert post("fs_nope", SEED).status_code == 404
    fraud_shield_rotate(actor=customer_a, account=customer_a.account)
    assert post(secret, SEED).status_code == 404
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**SEED, "destination_country": "XX"}, "destination_country"),
        ({**SEED, "block": "maybe"}, "block"),
        ({k: v for k, v in SEED.items() if k != "message"}, "message"),
        ("not json", "detail"),
        ([1, 2], "detail"),
    ],
)
def test_bad_body_is_400(secret, payload, field):
    response = post(secret, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert not Alert.objects.exists()


def test_staff_may_rotate_another_customer_may_not(db, account_a, customer_b, analyst):
    from core.errors import DomainError

    assert fraud_shield_rotate(actor=analyst, account=account_a).startswith("fs_")
    with pytest.raises(DomainError):
        fraud_shield_rotate(actor=customer_b, account=account_a)
