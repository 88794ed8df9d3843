"""health.demo seeds every kind of verdict, an open case, violations, a proposal, applied and reinstated steps."""

import pytest

from accounts import demo as accounts_demo
from health import demo
from health.choices import CaseCause, Step, Verdict
from health.models import DayVerdict, EnforcementAction, TrafficHealthCase, Violation
from health.selectors import proposal_for

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state(settings):
    settings.DEMO_PASSWORD = "demo-pass-for-tests"
    base = accounts_demo.seed()
    demo.seed(base, {})
    assert set(DayVerdict.objects.values_list("verdict", flat=True)) == set(Verdict.values)
    bad_days_case = TrafficHealthCase.objects.get(
        cause=CaseCause.BAD_DAYS, status="open", sub_account=base.sub_accounts["Acme Coffee"]
    )
    assert bad_days_case.days.count() == 3
    assert TrafficHealthCase.objects.get(cause=CaseCause.COMPROMISE).urgent
    assert Violation.objects.count() >= 5
    assert proposal_for(sub_account=base.sub_accounts["Acme Coffee"]).step == Step.SUB_ACCOUNT
    assert EnforcementAction.objects.filter(reinstated_at__isnull=False).exists()
    assert EnforcementAction.objects.filter(reinstated_at__isnull=True).exists()
    demo.seed(base, {})  # idempotent
    assert EnforcementAction.objects.count() == 2
