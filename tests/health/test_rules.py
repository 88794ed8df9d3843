"""M2.3 at its boundaries: exact comparison, both rates, minimum volume — through the pure rule and through the
real path (figures → events' signal → health's verdict)."""

from decimal import Decimal

import pytest

from health.choices import Verdict
from health.rules import judge
from health.selectors import health_policy
from tests.health.factories import day_ago, figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return health_policy()


def test_M2_3_seed_policy_rows_are_the_seed_numbers(policy):
    assert policy.min_sent == 100
    assert policy.band("error_rate") == ((Decimal("6.0000"), Verdict.GOOD),)
    assert policy.band("opt_out_rate") == ((Decimal("0.3000"), Verdict.GOOD), (Decimal("0.4000"), Verdict.WATCH))


@pytest.mark.parametrize(
    ("errors", "expected"),
    [(0, Verdict.GOOD), (599, Verdict.GOOD), (600, Verdict.GOOD), (601, Verdict.BAD), (10_000, Verdict.BAD)],
)
def test_M2_3_error_rate_6_00_is_good_6_01_is_bad(policy, errors, expected):
    result = judge(sent=10_000, delivered=10_000 - errors, errors=errors, opt_outs=0, policy=policy)
    assert result.error_verdict == expected
    assert result.verdict == expected


@pytest.mark.parametrize(
    ("opt_outs", "expected"),
    [(30, Verdict.GOOD), (31, Verdict.WATCH), (40, Verdict.WATCH), (41, Verdict.BAD)],
)
def test_M2_3_opt_out_rate_0_30_good_0_40_watch_0_41_bad(policy, opt_outs, expected):
    result = judge(sent=10_000, delivered=10_000, errors=0, opt_outs=opt_outs, policy=policy)
    assert result.opt_out_verdict == expected
    assert result.verdict == expected


def test_M2_3_opt_out_rate_is_over_delivered_not_sent(policy):
    # 4 of 1,000 delivered = 0.4 % (watch); over the 2,000 sent it would read 0.2 % (good).
    result = judge(sent=2000, delivered=1000, errors=100, opt_outs=4, policy=policy)
    assert result.opt_out_rate == Decimal("0.4000")
    assert result.opt_out_verdict == Verdict.WATCH
    assert result.error_rate == Decimal("5.0000")


def test_M2_3_the_worse_rate_is_the_days_verdict(policy):
    result = judge(sent=10_000, delivered=10_000, errors=700, opt_outs=35, policy=policy)
    assert (result.error_verdict, result.opt_out_verdict, result.verdict) == (Verdict.BAD, Verdict.WATCH, Verdict.BAD)


@pytest.mark.parametrize(("sent", "expected"), [(99, Verdict.LOW_VOLUME), (100, Verdict.BAD)])
def test_M2_3_minimum_volume_99_not_judged_100_judged(policy, sent, expected):
    result = judge(sent=sent, delivered=sent - 50, errors=50, opt_outs=0, policy=policy)
    assert result.verdict == expected


def test_M2_3_no_delivered_message_has_no_opt_out_rate(policy):
    result = judge(sent=200, delivered=0, errors=0, opt_outs=0, policy=policy)
    assert result.opt_out_rate is None
    assert result.verdict == Verdict.GOOD


@pytest.mark.parametrize(
    ("sent", "errors", "opt_outs", "expected"),
    [
        (10_000, 600, 0, Verdict.GOOD),
        (10_000, 601, 0, Verdict.BAD),
        (10_000, 0, 30, Verdict.GOOD),
        (10_000, 0, 40, Verdict.WATCH),
        (10_000, 0, 41, Verdict.BAD),
        (99, 99, 0, Verdict.LOW_VOLUME),
        (100, 0, 0, Verdict.GOOD),
    ],
)
def test_M2_3_day_verdict_from_events_figures(sub_account_a, sent, errors, opt_outs, expected):
    delivered = sent if opt_outs else sent - errors
    verdict = figures(sub_account_a, day_ago(1), sent=sent, delivered=delivered, errors=errors, opt_outs=opt_outs)
    assert verdict is not None and verdict.verdict == expected
    assert verdict.account_id == sub_account_a.account_id


def test_M2_3_policy_rows_are_editable(sub_account_a):
    from health.models import VolumeFloor

    VolumeFloor.objects.update(min_sent=1000)
    assert figures(sub_account_a, day_ago(1), sent=999, errors=500).verdict == Verdict.LOW_VOLUME


def test_M2_3_recomputed_day_follows_new_figures(sub_account_a):
    assert figures(sub_account_a, day_ago(1), sent=1000, errors=10).verdict == Verdict.GOOD
    assert figures(sub_account_a, day_ago(1), sent=1000, errors=70).verdict == Verdict.BAD
    from health.models import DayVerdict

    assert DayVerdict.objects.filter(sub_account=sub_account_a).count() == 1
