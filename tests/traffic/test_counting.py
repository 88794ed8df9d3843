"""M1.4–M1.6: the MPH counter, on Redis (the Lua script) and on the database (the same decisions)."""

from __future__ import annotations

import pytest

from geo.models import HourlyCount
from tests.accounts.factories import AccountFactory, SubAccountFactory
from traffic import counting
from traffic.counting import ALERTED, ALLOWED, BLOCKED, BREACHED, Bucket, limits_for

T0 = 1_800_000_000 - 1_800_000_000 % 3600  # an hour boundary


@pytest.fixture
def bucket(db):
    account = AccountFactory()
    return Bucket(account.pk, None, "US")


def block(threshold, hours=1):
    return limits_for(mph_threshold=threshold, breach_response="BLOCK_AND_ALERT", block_hours=hours)


def run(bucket, limits, now, times=1):
    return [counting.count(bucket=bucket, limits=limits, now=now, version="*").status for _ in range(times)]


def test_M1_6_threshold_n_passes_n_and_refuses_the_next(backend, bucket):
    statuses = run(bucket, block(5), T0, times=8)
    assert statuses == [ALLOWED] * 5 + [BREACHED, BLOCKED, BLOCKED]


def test_M1_6_breach_reported_once_per_block(backend, bucket):
    statuses = run(bucket, block(2), T0, times=2) + run(bucket, block(2), T0 + 30, times=5)
    assert statuses.count(BREACHED) == 1


def test_M1_5_window_is_sixty_one_minute_buckets(backend, bucket):
    """Minute 59 still sees the first message; minute 61 no longer does."""
    alert_only = limits_for(mph_threshold=1, breach_response="ALERT_ONLY", block_hours=1)
    assert run(bucket, alert_only, T0) == [ALLOWED]
    # ALERT_ONLY counts every message, so the reply's count shows the window's sum.
    at_59 = counting.count(bucket=bucket, limits=alert_only, now=T0 + 59 * 60, version="*")
    assert at_59.count == 2
    at_61 = counting.count(bucket=bucket, limits=alert_only, now=T0 + 61 * 60, version="*")
    # Minute 59's message is still in the window, minute 0's is not.
    assert at_61.count == 2


def test_M1_5_blocking_threshold_at_minute_59_vs_61(backend, bucket):
    assert run(bucket, block(1, hours=1), T0) == [ALLOWED]
    # Blocked for an hour from minute 59 would hide the window; use a fresh bucket per probe instead.
    other = Bucket(bucket.account_id, None, "CA")
    assert run(other, block(1), T0) == [ALLOWED]
    assert run(other, limits_for(mph_threshold=None, breach_response="IGNORE", block_hours=1), T0 + 60) == [ALLOWED]
    # Two messages in the window at minute 59 (threshold 2: refused), one at minute 61 (allowed).
    third = Bucket(bucket.account_id, None, "MX")
    assert run(third, block(2), T0, times=2) == [ALLOWED, ALLOWED]
    assert run(third, block(2), T0 + 59 * 60) == [BREACHED]
    fourth = Bucket(bucket.account_id, None, "GB")
    assert run(fourth, block(2), T0, times=2) == [ALLOWED, ALLOWED]
    assert run(fourth, block(2), T0 + 61 * 60) == [ALLOWED]


def test_M1_6_block_lasts_block_hours_with_a_moved_clock(backend, bucket):
    assert run(bucket, block(1, hours=2), T0, times=2) == [ALLOWED, BREACHED]
    assert run(bucket, block(1, hours=2), T0 + 2 * 3600 - 1) == [BLOCKED]
    # At the block's end the window is empty (refused messages are not counted): traffic flows again.
    assert run(bucket, block(1, hours=2), T0 + 2 * 3600) == [ALLOWED]
    assert run(bucket, block(1, hours=2), T0 + 2 * 3600 + 1) == [BREACHED]


def test_M1_6_alert_only_lets_traffic_through_with_one_alert_per_bucket_hour(backend, bucket):
    alert_only = limits_for(mph_threshold=3, breach_response="ALERT_ONLY", block_hours=1)
    statuses = run(bucket, alert_only, T0 + 60, times=10)
    assert statuses == [ALLOWED] * 3 + [ALERTED] + [ALLOWED] * 6
    # The next hour, still over the threshold: one more alert.
    assert run(bucket, alert_only, T0 + 3600 + 30, times=3) == [ALERTED, ALLOWED, ALLOWED]


def test_M1_5_ignore_and_no_threshold_are_inert(backend, bucket):
    ignore = limits_for(mph_threshold=1, breach_response="IGNORE", block_hours=1)
    none = limits_for(mph_threshold=None, breach_response="BLOCK_AND_ALERT", block_hours=1)
    assert set(run(bucket, ignore, T0, times=20)) == {ALLOWED}
    assert set(run(bucket, none, T0, times=20)) == {ALLOWED}


def test_M1_4_buckets_are_separate_per_override_and_country(backend, bucket):
    sub = SubAccountFactory(account_id=bucket.account_id)
    own = Bucket(bucket.account_id, sub.pk, "US")
    assert run(bucket, block(1), T0, times=2) == [ALLOWED, BREACHED]
    assert run(own, block(1), T0, times=2) == [ALLOWED, BREACHED]


def test_M1_7_counted_traffic_reaches_geo_hourly_counts(backend, bucket):
    sub = SubAccountFactory(account_id=bucket.account_id)
    own = Bucket(bucket.account_id, sub.pk, "US")
    run(bucket, block(3), T0 + 10, times=5)  # 3 counted, 2 refused
    run(own, block(None), T0 + 3600 + 10, times=4)
    if backend == "redis":
        assert counting.flush_hourly_counts() == 2
        assert counting.flush_hourly_counts() == 0  # flushed once
    rows = {
        (row.sub_account_id, row.hour_start.timestamp(), row.count)
        for row in HourlyCount.objects.filter(account_id=bucket.account_id)
    }
    assert rows == {(None, T0, 3), (sub.pk, T0 + 3600, 4)}


def test_version_mismatch_counts_nothing(redis_backend, bucket):
    outcome = counting.count(bucket=bucket, limits=block(5), now=T0, version="stale-version")
    assert outcome.status == counting.STALE
    assert outcome.version == "0"
    counting.bump_version(bucket.account_id)
    assert counting.count(bucket=bucket, limits=block(5), now=T0, version="1").status == ALLOWED
    assert not redis_backend.hget(f"{{acct:{bucket.account_id}}}:m:a:US", str(T0 // 60 - 1))


def test_keys_carry_the_account_hash_tag(redis_backend, bucket):
    run(bucket, block(1), T0, times=2)
    keys = {key.decode() for key in redis_backend.keys("*")}
    assert keys and all(key.startswith(f"{{acct:{bucket.account_id}}}:") for key in keys)


@pytest.mark.parametrize(
    ("window_sum", "block_until", "alert_hour", "limits", "expected"),
    [
        (4, 0, -1, block(5), ALLOWED),
        (5, 0, -1, block(5), BREACHED),
        (0, T0 + 1, -1, block(5), BLOCKED),
        (5, 0, -1, limits_for(mph_threshold=5, breach_response="ALERT_ONLY", block_hours=1), ALERTED),
        (5, 0, T0 // 3600, limits_for(mph_threshold=5, breach_response="ALERT_ONLY", block_hours=1), ALLOWED),
        (99, 0, -1, limits_for(mph_threshold=5, breach_response="IGNORE", block_hours=1), ALLOWED),
    ],
)
def test_decide_matches_the_script(window_sum, block_until, alert_hour, limits, expected):
    verdict = counting.decide(
        now=T0, limits=limits, window_sum=window_sum, block_until=block_until, alert_hour=alert_hour
    )
    assert verdict.status == expected
