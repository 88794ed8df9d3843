"""N1 webhooks: signed with the endpoint's secret (verified by the customers' snippet from the README, on a real
loopback receiver), retried with exponential backoff for 24 hours, replayable, and turned off after sustained
failure with an inbox notice; private addresses refused unless allowed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import DomainError
from notifications import services, transport
from notifications.docs.verify_webhook import verify
from notifications.models import Event, WebhookAttempt, WebhookDelivery
from tests.notifications.factories import make_endpoint, raise_event

pytestmark = pytest.mark.django_db


def _dispatch(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return raise_event(**kwargs)


def test_n1_webhook_is_signed_and_verified_by_the_readme_snippet(
    receiver, customer_a, django_capture_on_commit_callbacks
):
    endpoint, secret = make_endpoint(customer=customer_a, url=receiver.url("/ok"))
    event = _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)

    [request] = receiver.wait_for(1)
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert verify(secret, request.body, headers["x-portal-timestamp"], headers["x-portal-signature"])
    assert not verify("whsec_wrong", request.body, headers["x-portal-timestamp"], headers["x-portal-signature"])
    assert not verify(secret, request.body + b" ", headers["x-portal-timestamp"], headers["x-portal-signature"])
    body = json.loads(request.body)
    assert body == {
        "id": event.webhook_id,
        "type": "campaign.approved",
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "subject": {"type": "campaign", "id": "1", "reference": "C-1"},
        "status": "approved",
        "reasons": [],
        "summary": "Campaign “Acme alerts” was approved.",
    }
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 1, 204)
    assert delivery.delivered_at is not None and delivery.duration_ms is not None


def test_n1_core_verifier_accepts_the_signature_too(receiver, customer_a, django_capture_on_commit_callbacks):
    from core.webhooks import verify_hmac_signature

    _endpoint, secret = make_endpoint(customer=customer_a, url=receiver.url("/ok"))
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    [request] = receiver.wait_for(1)
    headers = {k.lower(): v for k, v in request.headers.items()}
    verify_hmac_signature(
        secret=secret.encode(),
        body=request.body,
        timestamp=headers["x-portal-timestamp"],
        signature=headers["x-portal-signature"],
    )


def test_n1_rotation_signs_with_both_secrets_during_the_overlap(
    receiver, customer_a, django_capture_on_commit_callbacks
):
    endpoint, old = make_endpoint(customer=customer_a, url=receiver.url("/ok"))
    endpoint, new = services.webhook_endpoint_rotate_secret(actor=customer_a, endpoint=endpoint)
    assert new != old and endpoint.previous_secret_expires_at > timezone.now() + timedelta(hours=23)
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    [request] = receiver.wait_for(1)
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["x-portal-signature"].count("v1=") == 2
    for secret in (old, new):
        assert verify(secret, request.body, headers["x-portal-timestamp"], headers["x-portal-signature"])
    # After the overlap only the new secret signs.
    later = timezone.now() + timedelta(hours=25)
    assert endpoint.signing_secrets(later) == [new]


def test_n1_event_type_filter(receiver, customer_a, django_capture_on_commit_callbacks):
    make_endpoint(customer=customer_a, url=receiver.url("/ok"), events=["campaign.rejected"])
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    assert WebhookDelivery.objects.count() == 0


def test_n1_another_accounts_event_never_reaches_the_endpoint(
    receiver, customer_a, customer_b, django_capture_on_commit_callbacks
):
    make_endpoint(customer=customer_a, url=receiver.url("/ok"))
    _dispatch(django_capture_on_commit_callbacks, account=customer_b.account)
    assert WebhookDelivery.objects.count() == 0 and receiver.requests == []


def test_n1_failed_attempts_back_off_exponentially_then_succeed(
    receiver, settings, customer_a, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 60
    endpoint, secret = make_endpoint(customer=customer_a, url=receiver.url("/flaky/3"))
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("retrying", 1, 503)
    gaps = []
    now = timezone.now()
    while delivery.status == "retrying":
        assert services.delivery_attempt(delivery_id=delivery.pk, now=now) is None  # not due yet
        gaps.append((delivery.next_attempt_at - now).total_seconds())
        now = delivery.next_attempt_at
        assert services.deliveries_due(now=now) == [delivery.pk]
        delivery = services.delivery_attempt(delivery_id=delivery.pk, now=now)
    assert delivery.status == "succeeded" and delivery.attempts == 4
    assert [round(g / 60) for g in gaps] == [1, 2, 4]
    assert list(
        WebhookAttempt.objects.filter(delivery=delivery).order_by("at").values_list("response_code", flat=True)
    ) == [503, 503, 503, 200]
    # Every attempt carried a valid signature.
    for request in receiver.requests:
        headers = {k.lower(): v for k, v in request.headers.items()}
        assert verify(secret, request.body, headers["x-portal-timestamp"], headers["x-portal-signature"], 10**9)


def test_n1_retries_stop_after_the_window(receiver, settings, customer_a, django_capture_on_commit_callbacks):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 3600
    settings.WEBHOOK_RETRY_MAX_DELAY_SECONDS = 4 * 3600
    endpoint, _ = make_endpoint(customer=customer_a, url=receiver.url("/fail"))
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    while delivery.status == "retrying":
        delivery = services.delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    assert delivery.status == "failed" and delivery.next_attempt_at is None
    # Attempts at 0, 1, 3, 7, 11, 15, 19 and 23 h (1 h, 2 h, then 4 h apart); the next would pass 24 h.
    assert delivery.attempts == 8


def test_n1_slow_receiver_times_out_and_is_retried(receiver, settings, customer_a, django_capture_on_commit_callbacks):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    endpoint, _ = make_endpoint(customer=customer_a, url=receiver.url("/slow/1500"))
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "retrying" and delivery.response_code is None
    assert "No answer within" in delivery.last_error


def test_n1_replay_sends_the_same_event_again(receiver, customer_a, django_capture_on_commit_callbacks):
    endpoint, _secret = make_endpoint(customer=customer_a, url=receiver.url("/ok"))
    event = _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    first = WebhookDelivery.objects.get(endpoint=endpoint)
    with django_capture_on_commit_callbacks(execute=True):
        replay = services.delivery_replay(actor=customer_a, delivery=first)
    requests = receiver.wait_for(2)
    assert json.loads(requests[0].body)["id"] == json.loads(requests[1].body)["id"] == event.webhook_id
    replay.refresh_from_db()
    assert replay.replay_of_id == first.pk and replay.status == "succeeded"


def test_n1_replay_refused_while_in_progress(receiver, customer_a, django_capture_on_commit_callbacks):
    endpoint, _ = make_endpoint(customer=customer_a, url=receiver.url("/fail"))
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    with pytest.raises(DomainError) as refused:
        services.delivery_replay(actor=customer_a, delivery=delivery)
    assert refused.value.code == "in_progress"


def test_n1_endpoint_turned_off_after_consecutive_failures_with_an_inbox_notice(
    receiver, settings, customer_a, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER_FAILURES = 3
    endpoint, _ = make_endpoint(customer=customer_a, url=receiver.url("/fail"))
    for i in range(3):
        _dispatch(django_capture_on_commit_callbacks, account=customer_a.account, subject_id=i + 1)
    endpoint.refresh_from_db()
    assert not endpoint.active and endpoint.disabled_at is not None
    assert "3 times in a row" in endpoint.disabled_reason
    notice = Event.objects.get(type="webhook_endpoint.disabled")
    assert customer_a.notifications.filter(event=notice).exists()
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"failed"}
    # No more deliveries go to it; turning it back on clears the failure count.
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account, subject_id=9)
    assert WebhookDelivery.objects.count() == 3
    endpoint = services.webhook_endpoint_update(actor=customer_a, endpoint=endpoint, active=True)
    assert endpoint.disabled_at is None and endpoint.consecutive_failures == 0


def test_n1_endpoint_turned_off_after_a_day_of_failures(
    receiver, settings, customer_a, django_capture_on_commit_callbacks
):
    endpoint, _ = make_endpoint(customer=customer_a, url=receiver.url("/fail"))
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    endpoint.refresh_from_db()
    assert endpoint.active and endpoint.failing_since is not None
    later = endpoint.failing_since + timedelta(hours=24, seconds=1)
    services.delivery_attempt(delivery_id=delivery.pk, now=later)
    endpoint.refresh_from_db()
    assert not endpoint.active and "24 hours" in endpoint.disabled_reason


def test_n1_a_success_resets_the_failure_count(receiver, customer_a, django_capture_on_commit_callbacks):
    endpoint, _ = make_endpoint(customer=customer_a, url=receiver.url("/flaky/1"))
    _dispatch(django_capture_on_commit_callbacks, account=customer_a.account)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 1
    delivery = WebhookDelivery.objects.get()
    services.delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0 and endpoint.failing_since is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://192.168.0.10/",
    ],
)
def test_n1_private_addresses_refused_in_production(settings, customer_a, url):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    with pytest.raises(DomainError) as refused:
        make_endpoint(customer=customer_a, url=url)
    assert "private or local" in refused.value.errors["url"][0]


def test_n1_a_name_resolving_to_a_private_address_is_refused_at_send_time(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    outcome = transport.post("http://localhost:9/hook", b"{}", {}, timeout=1)
    assert outcome.status is None and "private or local" in outcome.error


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/x", "must start with https://"),
        ("https://user:pw@example.com/x", "Leave user names"),
        ("https:///x", "no host"),
        ("not a url", "must start with https://"),
    ],
)
def test_n1_bad_urls_are_refused_with_the_reason(customer_a, url, message):
    with pytest.raises(DomainError) as refused:
        make_endpoint(customer=customer_a, url=url)
    assert message in refused.value.errors["url"][0]


def test_n1_unknown_event_types_and_the_endpoint_limit(settings, customer_a):
    with pytest.raises(DomainError) as refused:
        make_endpoint(customer=customer_a, url="https://example.com/h", events=["campaign.exploded"])
    assert "campaign.exploded" in refused.value.errors["events"][0]
    for i in range(services.MAX_ENDPOINTS_PER_ACCOUNT):
        make_endpoint(customer=customer_a, url=f"https://example.com/h{i}")
    with pytest.raises(DomainError) as refused:
        make_endpoint(customer=customer_a, url="https://example.com/one-more")
    assert refused.value.code == "limit" and "this account has 10" in refused.value.message


def test_n1_staff_do_not_manage_customer_webhooks(analyst):
    with pytest.raises(DomainError) as refused:
        services.webhook_endpoint_create(actor=analyst, url="https://example.com/h")
    assert refused.value.code == "forbidden"
