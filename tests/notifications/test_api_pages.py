"""Webhook endpoints through the API and the pages: the secret shown once, specific 400s, 403 for staff, and 404
for another account's endpoint or delivery on every route."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import WebhookDelivery, WebhookEndpoint
from tests.notifications.factories import make_endpoint, raise_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def endpoint_a(receiver, customer_a, django_capture_on_commit_callbacks):
    endpoint, _ = make_endpoint(customer=customer_a, url=receiver.url("/fail"))
    with django_capture_on_commit_callbacks(execute=True):
        raise_event(account=customer_a.account)
    return endpoint


def test_n1_api_create_shows_the_secret_once(api_for, customer_a):
    api = api_for(customer_a)
    created = api.post(
        "/api/v1/webhook-endpoints/", {"url": "https://hooks.example.com/in", "events": ["campaign.rejected"]}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_") and body["events"] == ["campaign.rejected"]
    shown = api.get(f"/api/v1/webhook-endpoints/{body['id']}/").json()
    assert "secret" not in shown and shown["url"] == "https://hooks.example.com/in"
    assert all("secret" not in e for e in api.get("/api/v1/webhook-endpoints/").json()["results"])
    rotated = api.post(f"/api/v1/webhook-endpoints/{body['id']}/rotate-secret/").json()
    assert rotated["secret"] != body["secret"] and rotated["previous_secret_expires_at"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "url"),
        ({"url": "gopher://x"}, "url"),
        ({"url": "https://x.example", "events": ["nope"]}, "events"),
        ({"url": "https://x.example", "events": "campaign.rejected"}, "events"),
        ({"url": "https://x.example/" + "a" * 2100}, "url"),
    ],
)
def test_n1_api_bad_input_is_a_400_naming_the_field(api_for, customer_a, payload, field):
    response = api_for(customer_a).post("/api/v1/webhook-endpoints/", payload, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not WebhookEndpoint.objects.exists()


def test_n1_api_patch_delete_deliveries_and_replay(api_for, customer_a, endpoint_a):
    api = api_for(customer_a)
    patched = api.patch(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/", {"active": False}, format="json")
    assert patched.status_code == 200 and patched.json()["active"] is False
    deliveries = api.get(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/deliveries/").json()["results"]
    assert deliveries[0]["status"] == "retrying" and deliveries[0]["response_code"] == 500
    # Still retrying: a replay is refused (409) until the delivery is finished.
    delivery = WebhookDelivery.objects.get()
    assert api.post(f"/api/v1/webhook-endpoints/deliveries/{delivery.pk}/replay/").status_code == 409
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="failed", next_attempt_at=None)
    # The endpoint is off: replaying is refused with the reason.
    refused = api.post(f"/api/v1/webhook-endpoints/deliveries/{delivery.pk}/replay/")
    assert refused.status_code == 409 and refused.json()["code"] == "endpoint_inactive"
    api.patch(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/", {"active": True}, format="json")
    replayed = api.post(f"/api/v1/webhook-endpoints/deliveries/{delivery.pk}/replay/")
    assert replayed.status_code == 202 and replayed.json()["replay_of"] == delivery.pk
    assert api.delete(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_n1_another_account_gets_404_everywhere(api_for, client_for, customer_b, endpoint_a):
    delivery = WebhookDelivery.objects.get()
    api = api_for(customer_b)
    assert api.get(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/").status_code == 404
    assert api.patch(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/", {"active": False}, format="json").status_code == 404
    assert api.delete(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/").status_code == 404
    assert api.get(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/deliveries/").status_code == 404
    assert api.post(f"/api/v1/webhook-endpoints/{endpoint_a.pk}/rotate-secret/").status_code == 404
    assert api.post(f"/api/v1/webhook-endpoints/deliveries/{delivery.pk}/replay/").status_code == 404
    assert api.get("/api/v1/webhook-endpoints/").json()["results"] == []
    client = client_for(customer_b)
    for name in ("webhook-page", "webhook-rotate", "webhook-delete"):
        method = client.get if name == "webhook-page" else client.post
        assert method(reverse(name, args=[endpoint_a.pk])).status_code == 404
    assert client.post(reverse("webhook-replay", args=[delivery.pk])).status_code == 404
    endpoint_a.refresh_from_db()
    assert endpoint_a.active


def test_n1_staff_are_refused_customer_webhooks(api_for, client_for, analyst, endpoint_a):
    assert api_for(analyst).get("/api/v1/webhook-endpoints/").status_code == 403
    assert client_for(analyst).get(reverse("webhooks")).status_code == 403
    assert client_for(analyst).get(reverse("webhook-page", args=[endpoint_a.pk])).status_code == 403


def test_n1_pages_create_shows_secret_once_then_log_and_replay(client_for, customer_a, receiver):
    client = client_for(customer_a)
    response = client.post(reverse("webhooks"), {"url": receiver.url("/ok"), "description": "ops"})
    assert response.status_code == 201
    page = response.content.decode()
    assert 'data-testid="secret"' in page
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in page
    detail = client.get(reverse("webhook-page", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in detail and 'data-testid="secret"' not in detail
    bad = client.post(reverse("webhooks"), {"url": "ftp://x"})
    assert bad.status_code == 200 and "must start with https://" in bad.content.decode()
    listing = client.get(reverse("webhooks")).content.decode()
    assert listing.count('data-testid="endpoint"') == 1
    # Edit: turn it off, then on.
    edited = client.post(
        reverse("webhook-page", args=[endpoint.pk]), {"url": receiver.url("/ok"), "description": "x", "active": ""}
    )
    assert edited.status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.active


def test_n1_delivery_log_page_queries_do_not_grow(
    client_for, customer_a, endpoint_a, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(10):
            raise_event(account=customer_a.account, subject_id=100 + i)
    client = client_for(customer_a)
    client.get(reverse("webhook-page", args=[endpoint_a.pk]))
    with django_assert_max_num_queries(14):
        page = client.get(reverse("webhook-page", args=[endpoint_a.pk])).content.decode()
    assert page.count('data-testid="delivery"') == 11
