"""manage.py health_rebuild: the same verdicts and standings as live judging, from figures loaded in bulk."""

import pytest
from django.core.management import call_command

from events.models import DailyFigure
from health.models import DayVerdict, HealthStanding, RateThreshold, TrafficHealthCase
from tests.health.factories import bad_day, day_ago, good_day, watch_day

pytestmark = pytest.mark.django_db


def test_rebuild_matches_live_judging_and_follows_policy_edits(sub_account_a, sub_account_b):
    good_day(sub_account_a, 3)
    watch_day(sub_account_a, 2)
    bad_day(sub_account_b, 1)
    live = {(v.sub_account_id, v.day): (v.verdict, v.error_rate, v.opt_out_rate) for v in DayVerdict.objects.all()}
    live_standings = {s.sub_account_id: (s.score, s.risky_on) for s in HealthStanding.objects.all()}
    # Figures loaded without the roll-up's signal (as seed_traffic does): no verdict until the rebuild.
    DailyFigure.objects.create(
        account_id=sub_account_a.account_id, sub_account=sub_account_a, day=day_ago(1), sent=500, delivered=500,
        errors=0, opt_outs=3,
    )  # fmt: skip
    call_command("health_rebuild", verbosity=0)
    rebuilt = {(v.sub_account_id, v.day): (v.verdict, v.error_rate, v.opt_out_rate) for v in DayVerdict.objects.all()}
    assert {k: v for k, v in rebuilt.items() if k in live} == live
    assert rebuilt[(sub_account_a.pk, day_ago(1))][0] == "bad"  # 0.6 % opt-outs
    assert HealthStanding.objects.get(sub_account=sub_account_b).score == live_standings[sub_account_b.pk][0]
    assert HealthStanding.objects.get(sub_account=sub_account_a).last_verdict == "bad"
    assert TrafficHealthCase.objects.count() == 1, "a rebuild opens no case"
    # A policy edit, then a rebuild: the watch day becomes good.
    RateThreshold.objects.filter(metric="opt_out_rate", verdict="good").update(up_to_percent="0.35")
    call_command("health_rebuild", verbosity=0)
    assert DayVerdict.objects.get(sub_account=sub_account_a, day=day_ago(2)).verdict == "good"
    assert DayVerdict.objects.get(sub_account=sub_account_b).case_id is not None, "the case link is kept"
