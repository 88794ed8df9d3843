"""The check endpoint's credentials, the token API and pages, alerts API and pages, tenancy (404s)."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from traffic import lookups
from traffic.models import Alert, PlatformToken
from traffic.services import alert_raise_breach, token_revoke

from .factories import platform_token, sending_sub_account

CHECK = "/api/v1/traffic/check/"


@pytest.fixture
def sending(customer_a, sub_account_a, analyst):
    return sending_sub_account(customer=customer_a, sub_account=sub_account_a, analyst=analyst)[1]


def body(sub_account, number, **extra):
    return {"sub_account": sub_account.pk, "from": number, "to": "+12025550188", "channel": "sms", **extra}


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_check_with_a_platform_token(backend, sending, sub_account_a, customer_a):
    response = bearer(platform_token(customer_a)).post(CHECK, body(sub_account_a, sending), format="json")
    assert response.status_code == 200
    assert response.json() == {"allowed": True, "code": None, "reason": "", "country": "US"}


def test_check_refusal_carries_code_and_plain_reason(backend, sending, sub_account_a, customer_a):
    response = bearer(platform_token(customer_a)).post(CHECK, body(sub_account_a, "+12025550999"), format="json")
    assert response.status_code == 200
    data = response.json()
    assert (data["allowed"], data["code"]) == (False, "S1")
    assert "S1" not in data["reason"] and "sender id" in data["reason"]


def test_check_with_the_customers_drf_token_and_session(backend, sending, sub_account_a, customer_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=customer_a).key}")
    assert client.post(CHECK, body(sub_account_a, sending), format="json").json()["allowed"]
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(customer_a)
    # A session caller needs its CSRF token, as everywhere else.
    assert session.post(CHECK, body(sub_account_a, sending), format="json").status_code == 403


def test_check_refuses_staff_and_anonymous(backend, sending, sub_account_a, analyst):
    assert APIClient().post(CHECK, body(sub_account_a, sending), format="json").status_code == 401
    client = APIClient()
    client.force_login(analyst)
    assert client.post(CHECK, body(sub_account_a, sending), format="json").status_code == 403


def test_check_of_another_accounts_sub_account_is_404(backend, sending, sub_account_a, customer_b):
    response = bearer(platform_token(customer_b)).post(CHECK, body(sub_account_a, sending), format="json")
    assert response.status_code == 404
    assert "Acme" not in response.content.decode()


def test_token_scopes(backend, sending, sub_account_a, customer_a):
    events_only = platform_token(customer_a, scopes=["events"])
    assert bearer(events_only).post(CHECK, body(sub_account_a, sending), format="json").status_code == 403


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"channel": "voice"}, "channel"),
        ({"to": "12025550188"}, "to"),
        ({"sub_account": "abc"}, "sub_account"),
        ({"sub_account": -3}, "sub_account"),
        ({"text": 5}, "text"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_check_bad_input_is_400_naming_the_field(backend, sending, sub_account_a, customer_a, payload, field):
    response = bearer(platform_token(customer_a)).post(
        CHECK, {**body(sub_account_a, sending), **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_check_not_json_is_400(backend, customer_a):
    client = bearer(platform_token(customer_a))
    assert client.post(CHECK, "nope", content_type="application/json").status_code == 400
    assert client.post(CHECK, "[1]", content_type="application/json").status_code == 400
    assert client.get(CHECK).status_code == 405


def test_tokens_are_hashed_and_shown_once(db, customer_a):
    client = APIClient()
    client.force_login(customer_a)
    created = client.post("/api/v1/traffic/tokens/", {"name": "Prod", "scopes": ["check"]}, format="json")
    assert created.status_code == 201
    raw = created.json()["token"]
    token = PlatformToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(PlatformToken.objects.values_list().get())
    listed = client.get("/api/v1/traffic/tokens/").json()["results"]
    assert [row["prefix"] for row in listed] == [raw[:12]] and "token" not in listed[0]


def test_revoked_token_stops_working(backend, sending, sub_account_a, customer_a, django_capture_on_commit_callbacks):
    raw = platform_token(customer_a)
    client = bearer(raw)
    assert client.post(CHECK, body(sub_account_a, sending), format="json").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        token_revoke(actor=customer_a, token=PlatformToken.objects.get())
    assert client.post(CHECK, body(sub_account_a, sending), format="json").status_code == 401


def test_revoked_token_in_another_process_expires_with_the_cache(backend, sending, sub_account_a, customer_a, settings):
    settings.TRAFFIC_TOKEN_CACHE_SECONDS = 0
    raw = platform_token(customer_a)
    client = bearer(raw)
    assert client.post(CHECK, body(sub_account_a, sending), format="json").status_code == 200
    # Revoked elsewhere: this process's receivers never ran; the entry's lifetime is the bound.
    PlatformToken.objects.update(revoked_at="2027-01-01T00:00Z")
    assert client.post(CHECK, body(sub_account_a, sending), format="json").status_code == 401


def test_token_api_tenancy_and_roles(db, customer_a, customer_b, analyst):
    platform_token(customer_a)
    token = PlatformToken.objects.get()
    other = APIClient()
    other.force_login(customer_b)
    assert other.delete(f"/api/v1/traffic/tokens/{token.pk}/").status_code == 404
    assert other.get("/api/v1/traffic/tokens/").json()["results"] == []
    staff = APIClient()
    staff.force_login(analyst)
    assert staff.get("/api/v1/traffic/tokens/").status_code == 403
    assert PlatformToken.objects.get().revoked_at is None


def test_token_api_bad_input(db, customer_a):
    client = APIClient()
    client.force_login(customer_a)
    response = client.post("/api/v1/traffic/tokens/", {"name": "x", "scopes": ["admin"]}, format="json")
    assert response.status_code == 400 and "scopes" in response.json()


@pytest.fixture
def alert_a(sub_account_a):
    return alert_raise_breach(
        account_id=sub_account_a.account_id,
        sub_account_id=sub_account_a.pk,
        own_bucket=False,
        country="US",
        at=1_800_000_000,
        blocked_until=1_800_003_600,
        threshold=5,
        count=5,
        breach_response="BLOCK_AND_ALERT",
        block_hours=1,
    )


def test_alerts_api_own_for_customers_all_for_staff(alert_a, customer_a, customer_b, analyst):
    def listed(user):
        client = APIClient()
        client.force_login(user)
        return client.get("/api/v1/alerts/").json()["results"]

    rows = listed(customer_a)
    assert [row["id"] for row in rows] == [alert_a.pk]
    assert {"kind", "sub_account", "country", "blocked_until", "created_at"} <= set(rows[0])
    assert listed(customer_b) == []
    assert [row["id"] for row in listed(analyst)] == [alert_a.pk]
    other = APIClient()
    other.force_login(customer_b)
    assert other.get(f"/api/v1/alerts/{alert_a.pk}/").status_code == 404
    assert other.post(f"/api/v1/alerts/{alert_a.pk}/close/", {"reason": "x"}).status_code == 403


def test_alert_acknowledge_and_close_by_staff(alert_a, customer_a, analyst):
    customer = APIClient()
    customer.force_login(customer_a)
    assert customer.post(f"/api/v1/alerts/{alert_a.pk}/acknowledge/", {"reason": "seen"}).status_code == 403
    staff = APIClient()
    staff.force_login(analyst)
    assert staff.post(f"/api/v1/alerts/{alert_a.pk}/acknowledge/", {}).status_code == 400
    assert staff.post(f"/api/v1/alerts/{alert_a.pk}/acknowledge/", {"reason": "Called them"}).json()["state"] == (
        "acknowledged"
    )
    assert staff.post(f"/api/v1/alerts/{alert_a.pk}/acknowledge/", {"reason": "again"}).status_code == 409
    assert staff.post(f"/api/v1/alerts/{alert_a.pk}/close/", {"reason": "Pumping stopped"}).json()["state"] == "closed"
    from audit.models import AuditEvent

    actions = list(
        AuditEvent.objects.filter(subject_type="traffic_alert", subject_id=str(alert_a.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["raise_alert", "acknowledge", "close"]


def test_pages_tenancy(alert_a, client, customer_a, customer_b, analyst):
    client.force_login(customer_b)
    assert client.get(reverse("traffic-alert-detail", args=[alert_a.pk])).status_code == 404
    assert client.post(reverse("traffic-alert-decide", args=[alert_a.pk]), {"action": "close"}).status_code == 404
    page = client.get(reverse("traffic-alerts"))
    assert page.status_code == 200 and f"TA-{alert_a.pk}" not in page.content.decode()
    platform_token(customer_a)
    assert client.post(reverse("traffic-token-revoke", args=[PlatformToken.objects.get().pk])).status_code == 404
    client.force_login(customer_a)
    assert f"TA-{alert_a.pk}" in client.get(reverse("traffic-alerts")).content.decode()
    assert client.get(reverse("traffic-alert-detail", args=[alert_a.pk])).status_code == 200
    assert client.get(reverse("traffic-fraud-shield", args=[customer_a.account_id])).status_code == 403
    client.force_login(analyst)
    assert client.get(reverse("traffic-tokens")).status_code == 403
    assert client.get(reverse("traffic-alert-detail", args=[alert_a.pk])).status_code == 200


def test_token_page_shows_a_new_token_once(db, client, customer_a):
    client.force_login(customer_a)
    page = client.post(reverse("traffic-tokens"), {"action": "create", "name": "Prod", "scopes": ["check"]})
    raw = page.context["token"]
    assert raw in page.content.decode()
    assert raw not in client.get(reverse("traffic-tokens")).content.decode()
    lookups.reset()


def test_alert_page_staff_close(alert_a, client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("traffic-alert-decide", args=[alert_a.pk]), {"action": "close", "reason": "False alarm"}
    )
    assert response.status_code == 302
    alert_a.refresh_from_db()
    assert alert_a.state == "closed"
    assert Alert.objects.get().state_reason == "False alarm"
