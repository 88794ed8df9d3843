"""The at-send check (DESIGN §7): the order of its refusals, 450 not counted, M1.4 buckets, alerts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from accounts.services import account_suspend, sub_account_suspend
from casework.models import WorkItem
from core.errors import DomainError
from senders.models import SenderId
from senders.services import sender_suspend
from tests.accounts.factories import SubAccountFactory, UserFactory
from traffic import lookups
from traffic.check import SubAccountNotFound, check_send, registered_steps
from traffic.choices import AlertKind
from traffic.models import Alert
from traffic.signals import alert_raised

from .factories import sending_sub_account, set_permission

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
UK = "+447400123456"
US = "+12025550188"


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", role="manager")


@pytest.fixture
def sending(customer_a, sub_account_a, analyst):
    campaign, number = sending_sub_account(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    return campaign, number


def check(sub_account, number, to=US, **kwargs):
    kwargs.setdefault("now", NOW)
    return check_send(
        account_id=sub_account.account_id, sub_account_id=sub_account.pk, sender=number, to=to, channel="sms", **kwargs
    )


def test_allowed_message_says_its_country(backend, sending, sub_account_a):
    result = check(sub_account_a, sending[1])
    assert result == (True, None, "", "US")


def test_M1_2_country_not_enabled_is_450_and_not_counted(backend, sending, sub_account_a, account_a):
    set_permission(account=account_a, country="GB", enabled=False, mph_threshold=1)
    for _ in range(3):
        result = check(sub_account_a, sending[1], to=UK)
        assert (result.allowed, result.code, result.country) == (False, "450", "GB")
        assert "United Kingdom" in result.reason
    # Enabling it: nothing was counted, so a threshold of 1 lets the first message through.
    set_permission(account=account_a, country="GB", enabled=True, mph_threshold=1)
    lookups.reset()
    assert check(sub_account_a, sending[1], to=UK).allowed


def test_decision_order_each_earlier_refusal_wins(backend, sending, sub_account_a, account_a, analyst, manager):
    _campaign, number = sending
    set_permission(account=account_a, country="US", mph_threshold=1)
    assert check(sub_account_a, number).allowed
    assert check(sub_account_a, number).code == "451"  # MPH
    set_permission(account=account_a, country="US", enabled=False, mph_threshold=1)
    lookups.reset()
    assert check(sub_account_a, number).code == "450"  # country beats MPH
    sender_suspend(actor=analyst, sender=SenderId.objects.get(number=number), reason="Complaints")
    lookups.reset()
    assert check(sub_account_a, number).code == "S2"  # sender beats country
    assert check(sub_account_a, "+12025550999").code == "S1"
    sub_account_suspend(actor=analyst, sub_account=sub_account_a, reason="Violations")
    lookups.reset()
    refused = check(sub_account_a, number)
    assert (refused.code, refused.allowed) == ("M4", False)  # suspension beats sender
    assert "sub-account is suspended" in refused.reason
    account_suspend(actor=manager, account=account_a, reason="Repeated violations")
    lookups.reset()
    assert "account is suspended" in check(sub_account_a, number).reason
    assert registered_steps()[:3] == [(10, "suspension"), (20, "sender"), (30, "country")]
    assert registered_steps()[-1] == (80, "mph")


def test_M4_3_suspension_reaches_a_warm_cache_through_the_version(
    redis_backend, sending, sub_account_a, analyst, django_capture_on_commit_callbacks
):
    """Another process suspended the sub-account: this one's cache still says active, the Redis version says
    otherwise, so the very next check is refused."""
    assert check(sub_account_a, sending[1]).allowed
    with django_capture_on_commit_callbacks(execute=True):
        sub_account_suspend(actor=analyst, sub_account=sub_account_a, reason="Violations")
    # The suspension's receivers dropped this process's entries; put the stale ones back, as another process
    # would still hold them.
    lookups.cache.get(sub_account_a.account_id, ("susp", sub_account_a.pk), lambda: (False, False))
    lookups.cache.get(sub_account_a.account_id, ("sender", sub_account_a.pk, sending[1], None), lambda: None)
    lookups.cache.versions[sub_account_a.account_id] = "0"
    assert check(sub_account_a, sending[1]).code == "M4"


def test_M1_4_account_50_plus_sub_account_100_is_150_an_hour(backend, customer_a, account_a, analyst):
    inherits = SubAccountFactory(account=account_a, name="Inherits")
    overrides = SubAccountFactory(account=account_a, name="Overrides")
    also_inherits = SubAccountFactory(account=account_a, name="Also inherits")
    numbers = {
        sub: sending_sub_account(customer=customer_a, sub_account=sub, analyst=analyst)[1]
        for sub in (inherits, overrides, also_inherits)
    }
    set_permission(account=account_a, country="US", mph_threshold=50)
    set_permission(account=account_a, sub_account=overrides, country="US", mph_threshold=100)
    allowed = {sub: sum(check(sub, numbers[sub]).allowed for _ in range(120)) for sub in (inherits, overrides)}
    assert allowed == {inherits: 50, overrides: 100}
    # The account's bucket is shared by every inheriting sub-account: it is full.
    assert not check(also_inherits, numbers[also_inherits]).allowed
    assert sum(allowed.values()) == 150


def test_M3_block_breach_raises_one_alert_with_its_case(
    backend, sending, sub_account_a, account_a, django_capture_on_commit_callbacks
):
    set_permission(account=account_a, country="US", mph_threshold=2, block_hours=3)
    received = []

    def listener(sender, alert, **kwargs):
        received.append(alert.seed_payload())

    alert_raised.connect(listener, dispatch_uid="test-listener")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            results = [check(sub_account_a, sending[1]) for _ in range(6)]
    finally:
        alert_raised.disconnect(dispatch_uid="test-listener")
    assert [r.code for r in results] == [None, None, "451", "451", "451", "451"]
    alert = Alert.objects.get()
    assert (alert.kind, alert.sub_account_id, alert.country, alert.state) == (
        AlertKind.BREACH_BLOCK,
        sub_account_a.pk,
        "US",
        "open",
    )
    assert alert.blocked_until == NOW + timezone.timedelta(hours=3)
    assert alert.figures["threshold"] == 2 and alert.figures["count"] == 2
    assert received == [
        {
            "auth_id": str(account_a.pk),
            "destination_country": "US",
            "block": "yes",
            "alert_type": "sms_threshold_breach",
            "message": "Take Action. The number of messages sent exceeded the hourly threshold set.",
        }
    ]
    item = WorkItem.objects.get(kind="traffic_alert", subject_id=alert.pk)
    assert item.account_id == account_a.pk
    assert "2027-03-01 15:00 UTC" in results[2].reason


def test_M3_alert_only_one_alert_per_bucket_hour(
    backend, sending, sub_account_a, account_a, django_capture_on_commit_callbacks
):
    set_permission(account=account_a, country="US", mph_threshold=2, breach_response="ALERT_ONLY")
    with django_capture_on_commit_callbacks(execute=True):
        results = [check(sub_account_a, sending[1]) for _ in range(6)]
        results += [check(sub_account_a, sending[1], now=NOW.replace(hour=13, minute=30)) for _ in range(3)]
    assert all(r.allowed for r in results)
    alerts = list(Alert.objects.order_by("id"))
    assert [a.kind for a in alerts] == [AlertKind.BREACH_ALERT, AlertKind.BREACH_ALERT]
    assert alerts[0].seed_payload()["block"] == "no"


def test_breach_alert_task_is_idempotent(db, sub_account_a):
    from traffic.services import alert_raise_breach

    breach = {
        "account_id": sub_account_a.account_id,
        "sub_account_id": sub_account_a.pk,
        "own_bucket": False,
        "country": "US",
        "at": int(NOW.timestamp()),
        "blocked_until": int(NOW.timestamp()) + 3600,
        "threshold": 5,
        "count": 5,
        "breach_response": "BLOCK_AND_ALERT",
        "block_hours": 1,
    }
    assert alert_raise_breach(**breach).pk == alert_raise_breach(**breach).pk
    assert Alert.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("channel", "voice", "SMS and MMS only"),
        ("to", "447700900123", "E.164"),
        ("to", "+999123456789", "any country"),
        ("to", "", "destination"),
        ("from", "abc", "not a phone number"),
    ],
)
def test_bad_input_is_a_specific_400(backend, sending, sub_account_a, field, value, words):
    kwargs = {"sender": sending[1], "to": US, "channel": "sms", field if field != "from" else "sender": value}
    with pytest.raises(DomainError) as refused:
        check_send(account_id=sub_account_a.account_id, sub_account_id=sub_account_a.pk, **kwargs)
    assert words in str(refused.value.errors)
    assert field in refused.value.errors


def test_sub_account_of_another_account_is_not_found(backend, sending, sub_account_a, sub_account_b):
    with pytest.raises(SubAccountNotFound):
        check_send(
            account_id=sub_account_b.account_id,
            sub_account_id=sub_account_a.pk,
            sender=sending[1],
            to=US,
            channel="sms",
        )


def test_country_enabled_elsewhere_is_allowed_at_once_through_the_version(
    redis_backend, sending, sub_account_a, account_a
):
    """A refusal from a warm cache is confirmed against the account's version: another process enabling the
    country is seen by the very next check."""
    set_permission(account=account_a, country="GB", enabled=False)
    assert check(sub_account_a, sending[1], to=UK).code == "450"
    # Another process enabled it (its receivers bumped the version; this process's entries are untouched).
    set_permission(account=account_a, country="GB", enabled=True)
    from traffic.counting import bump_version

    bump_version(account_a.pk)
    assert check(sub_account_a, sending[1], to=UK).allowed
