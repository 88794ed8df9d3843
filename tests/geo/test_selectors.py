"""effective_permission (M1.1, M1.2, M1.4) and the hourly counts the recommendation reads (M1.7)."""

from datetime import UTC, datetime, timedelta

import pytest

from geo.models import Country, HourlyCount
from geo.selectors import Permission, busiest_hours, effective_permission, recommended_threshold
from geo.services import hourly_counts_add
from tests.accounts.factories import SubAccountFactory

from .factories import set_permission

pytestmark = pytest.mark.django_db


def test_m1_2_new_account_has_only_us_enabled(sub_account_a):
    us = effective_permission(account_id=sub_account_a.account_id, sub_account_id=sub_account_a.id, country="US")
    assert us == Permission(True, None, "BLOCK_AND_ALERT", 1, False, False)
    for code in ("CA", "GB", "MX"):
        other = effective_permission(account_id=sub_account_a.account_id, sub_account_id=sub_account_a.id, country=code)
        assert other.enabled is False and other.overridden is False


def test_m1_2_hard_disabled_flag_is_reported(sub_account_a):
    assert Country.objects.get(code="KP").hard_disabled
    perm = effective_permission(account_id=sub_account_a.account_id, sub_account_id=sub_account_a.id, country="KP")
    assert perm.hard_disabled is True and perm.enabled is False


def test_unknown_code_is_disabled(sub_account_a):
    perm = effective_permission(account_id=sub_account_a.account_id, sub_account_id=sub_account_a.id, country="XK")
    assert perm.enabled is False and perm.hard_disabled is False


def test_m1_4_sub_account_inherits_account_default(sub_account_a):
    account = sub_account_a.account
    set_permission(account=account, country="CA", mph_threshold=50, breach_response="ALERT_ONLY", block_hours=3)
    perm = effective_permission(account_id=account.id, sub_account_id=sub_account_a.id, country="CA")
    assert perm == Permission(True, 50, "ALERT_ONLY", 3, False, False)
    # The account's own traffic (no sub-account) reads the same row.
    assert effective_permission(account_id=account.id, sub_account_id=None, country="CA").mph_threshold == 50


def test_m1_4_override_wins_and_is_marked_overridden(sub_account_a):
    account = sub_account_a.account
    set_permission(account=account, country="CA", mph_threshold=50)
    set_permission(account=account, sub_account=sub_account_a, country="CA", mph_threshold=100, block_hours=24)
    perm = effective_permission(account_id=account.id, sub_account_id=sub_account_a.id, country="CA")
    assert perm == Permission(True, 100, "BLOCK_AND_ALERT", 24, True, False)
    # Another sub-account of the same account still inherits the account's 50 (and counts in its bucket).
    other = SubAccountFactory(account=account)
    assert effective_permission(account_id=account.id, sub_account_id=other.id, country="CA") == Permission(
        True, 50, "BLOCK_AND_ALERT", 1, False, False
    )


def test_m1_4_override_of_a_default_country(sub_account_a):
    """An override of a country the account never set (the US default) is still an override."""
    account = sub_account_a.account
    set_permission(account=account, sub_account=sub_account_a, country="US", enabled=False)
    perm = effective_permission(account_id=account.id, sub_account_id=sub_account_a.id, country="US")
    assert perm.enabled is False and perm.overridden is True


def test_another_accounts_rows_never_apply(sub_account_a, sub_account_b):
    set_permission(account=sub_account_b.account, sub_account=sub_account_b, country="CA", mph_threshold=7)
    perm = effective_permission(account_id=sub_account_a.account_id, sub_account_id=sub_account_b.id, country="CA")
    assert perm.enabled is False and perm.overridden is False


def test_effective_permission_is_one_query(sub_account_a, django_assert_num_queries):
    set_permission(account=sub_account_a.account, country="CA")
    set_permission(account=sub_account_a.account, sub_account=sub_account_a, country="CA")
    with django_assert_num_queries(1):
        effective_permission(account_id=sub_account_a.account_id, sub_account_id=sub_account_a.id, country="CA")


HOUR = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


def test_hourly_counts_add_upserts_and_increments(sub_account_a):
    account_id = sub_account_a.account_id
    hourly_counts_add(rows=[(account_id, None, "CA", HOUR, 5), (account_id, sub_account_a.id, "CA", HOUR, 2)])
    # The same hour again (minutes are truncated to the hour), twice in one call: summed into one row.
    written = hourly_counts_add(
        rows=[
            (account_id, None, "CA", HOUR + timedelta(minutes=59), 3),
            (account_id, None, "CA", HOUR, 1),
            (account_id, None, "MX", HOUR, 0),
        ]
    )
    assert written == 1
    counts = {(row.bucket, row.country): row.count for row in HourlyCount.objects.all()}
    assert counts == {(0, "CA"): 9, (sub_account_a.id, "CA"): 2}


def test_hourly_counts_add_refuses_naive_hours_and_negative_counts(sub_account_a):
    with pytest.raises(ValueError):
        hourly_counts_add(rows=[(sub_account_a.account_id, None, "CA", datetime(2026, 1, 1), 1)])
    with pytest.raises(ValueError):
        hourly_counts_add(rows=[(sub_account_a.account_id, None, "CA", HOUR, -1)])
    assert not HourlyCount.objects.exists()


def test_hourly_counts_add_large_batch_is_chunked(sub_account_a):
    rows = [(sub_account_a.account_id, None, "CA", HOUR - timedelta(hours=i), i + 1) for i in range(1200)]
    assert hourly_counts_add(rows=rows) == 1200
    assert HourlyCount.objects.count() == 1200


def test_m1_7_recommendation_formula_and_floors():
    assert recommended_threshold(risk_level="LOW", busiest_hour=None) == 100
    assert recommended_threshold(risk_level="MEDIUM", busiest_hour=0) == 25
    assert recommended_threshold(risk_level="HIGH", busiest_hour=3) == 5  # 4.5 → 5, the floor is 5
    assert recommended_threshold(risk_level="HIGH", busiest_hour=7) == 11  # 10.5 rounded up
    assert recommended_threshold(risk_level="MEDIUM", busiest_hour=17) == 26  # 25.5 → 26, above the floor 25
    assert recommended_threshold(risk_level="LOW", busiest_hour=66) == 100  # 99 < floor 100
    assert recommended_threshold(risk_level="LOW", busiest_hour=67) == 101  # 100.5 → 101


def test_m1_7_busiest_hour_reads_last_15_days_of_one_bucket(sub_account_a):
    account_id = sub_account_a.account_id
    now = HOUR + timedelta(minutes=30)
    hourly_counts_add(
        rows=[
            (account_id, None, "CA", now - timedelta(days=15, minutes=1), 900),  # older than 15 days
            (account_id, None, "CA", now - timedelta(days=14, hours=23), 40),
            (account_id, None, "CA", now - timedelta(hours=1), 60),
            (account_id, sub_account_a.id, "CA", now, 500),  # another bucket
        ]
    )
    assert busiest_hours(account_id=account_id, bucket=0, now=now) == {"CA": 60}
    assert busiest_hours(account_id=account_id, bucket=sub_account_a.id, now=now) == {"CA": 500}
