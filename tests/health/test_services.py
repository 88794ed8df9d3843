"""M2.4 cases and reminders, M4.1 violations, M4.2 the ladder (proposals, skips, exact reinstatement), M4.4."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import SubAccount
from campaigns.choices import CampaignStatus
from casework.choices import Priority
from casework.models import WorkItem
from core.errors import DomainError
from health import services
from health.choices import CaseCause, CaseStatus, Severity, Step, Verdict, ViolationKind
from health.models import EnforcementAction, HealthStanding, TrafficHealthCase, Violation
from health.selectors import proposal_for, proposals_for
from health.signals import reminder_raised, violation_recorded
from senders import services as sender_services
from senders.choices import SenderStatus
from tests.campaigns.factories import make_campaign
from tests.campaigns.test_pages import verified_brand
from tests.health.factories import bad_day, day_ago, figures, good_day, watch_day

pytestmark = pytest.mark.django_db


def record(sub_account, *, actor=None, kind=ViolationKind.COMPLAINT, severity=Severity.MINOR, source=""):
    return services.violation_record(
        actor=actor, sub_account=sub_account, kind=kind, severity=severity, evidence="A complaint.", source=source
    )


# ----------------------------------------------------------------------------------------------------------
# M2.4: cases and reminders
# ----------------------------------------------------------------------------------------------------------


def test_M2_4_bad_day_opens_a_case_in_the_traffic_health_queue(sub_account_a):
    verdict = bad_day(sub_account_a, 2)
    case = TrafficHealthCase.objects.get()
    assert (case.sub_account, case.cause, case.status) == (sub_account_a, CaseCause.BAD_DAYS, CaseStatus.OPEN)
    assert verdict.case_id == case.pk
    item = WorkItem.objects.get(kind="traffic_health", subject_id=case.pk)
    assert item.closed_at is None and item.account_id == sub_account_a.account_id


def test_M2_4_second_bad_day_extends_the_open_case(sub_account_a):
    bad_day(sub_account_a, 3)
    bad_day(sub_account_a, 2)
    case = TrafficHealthCase.objects.get()
    assert sorted(case.days.values_list("day", flat=True)) == [day_ago(3), day_ago(2)]
    assert WorkItem.objects.filter(kind="traffic_health").count() == 1


def test_M2_4_recomputing_a_bad_day_adds_nothing(sub_account_a):
    bad_day(sub_account_a, 2)
    figures(sub_account_a, day_ago(2), sent=1100, errors=90)
    assert TrafficHealthCase.objects.count() == 1
    assert Violation.objects.filter(kind=ViolationKind.BAD_HEALTH_DAY).count() == 1


def test_M2_4_bad_day_after_a_closed_case_opens_a_new_one(sub_account_a, analyst):
    bad_day(sub_account_a, 3)
    services.case_close(actor=analyst, case=TrafficHealthCase.objects.get(), reason="Customer cleaned the list.")
    bad_day(sub_account_a, 1)
    assert TrafficHealthCase.objects.filter(status=CaseStatus.OPEN).count() == 1
    assert TrafficHealthCase.objects.count() == 2


def test_M2_4_watch_and_good_days_open_no_case(sub_account_a):
    watch_day(sub_account_a, 2)
    good_day(sub_account_a, 1)
    assert not TrafficHealthCase.objects.exists()


def test_M2_4_reminder_raised_once_per_watch_or_bad_day(sub_account_a):
    seen = []

    def listener(sender, sub_account_id, day, verdict, **kwargs):
        seen.append((sub_account_id, day, verdict))

    reminder_raised.connect(listener, dispatch_uid="test-reminder")
    try:
        watch_day(sub_account_a, 2)
        watch_day(sub_account_a, 2)  # the same verdict again: no second reminder
        bad_day(sub_account_a, 1)
        good_day(sub_account_a, 3)
    finally:
        reminder_raised.disconnect(dispatch_uid="test-reminder")
    assert seen == [(sub_account_a.pk, day_ago(2), "watch"), (sub_account_a.pk, day_ago(1), "bad")]


def test_M2_4_bad_day_records_a_violation_with_the_figures(sub_account_a):
    seen = []
    violation_recorded.connect(
        lambda sender, violation, **kw: seen.append(violation), dispatch_uid="test-v", weak=False
    )
    try:
        bad_day(sub_account_a, 1)
    finally:
        violation_recorded.disconnect(dispatch_uid="test-v")
    violation = Violation.objects.get()
    assert violation.kind == ViolationKind.BAD_HEALTH_DAY and violation.created_by is None
    assert violation.evidence_data["errors"] == 80 and violation.evidence_data["sent"] == 1000
    assert "8 %" in violation.evidence
    assert seen == [violation]


def test_M2_5_standing_orders_worst_recent_verdict_first(account_a):
    from tests.accounts.factories import SubAccountFactory

    good, watch, bad = (SubAccountFactory(account=account_a) for _ in range(3))
    good_day(good, 1)
    watch_day(watch, 1)
    bad_day(bad, 2)
    bad_day(bad, 1)
    order = list(HealthStanding.objects.order_by("-score", "-last_day", "-id").values_list("sub_account", flat=True))
    assert order == [bad.pk, watch.pk, good.pk]
    standing = HealthStanding.objects.get(sub_account=bad)
    assert (standing.bad_days, standing.last_verdict, standing.risky_on) == (2, Verdict.BAD, day_ago(1))


def test_M4_4_compromise_report_opens_an_urgent_case_in_the_queue(customer_a, sub_account_a):
    case = services.compromise_report(
        actor=customer_a, sub_account=sub_account_a, description="Messages we never wrote went out overnight."
    )
    assert case.urgent and case.status == CaseStatus.OPEN and case.cause == CaseCause.COMPROMISE
    item = WorkItem.objects.get(kind="traffic_health", subject_id=case.pk)
    assert item.priority == Priority.URGENT
    violation = Violation.objects.get(kind=ViolationKind.COMPROMISE)
    assert violation.severity == Severity.SERIOUS and violation.sub_account == sub_account_a


def test_M4_4_compromise_report_refuses_another_accounts_sub_account_and_staff(customer_a, sub_account_b, analyst):
    with pytest.raises(DomainError) as refused:
        services.compromise_report(actor=customer_a, sub_account=sub_account_b, description="x")
    assert refused.value.code == "not_found"
    with pytest.raises(DomainError) as staff:
        services.compromise_report(actor=analyst, sub_account=sub_account_b, description="x")
    assert staff.value.code == "forbidden"
    assert not TrafficHealthCase.objects.exists()


def test_M4_4_compromise_report_needs_a_description(customer_a, sub_account_a):
    with pytest.raises(DomainError) as refused:
        services.compromise_report(actor=customer_a, sub_account=sub_account_a, description="   ")
    assert refused.value.errors == {"description": ["A compromise report needs a reason."]}


# ----------------------------------------------------------------------------------------------------------
# M4.1: violations
# ----------------------------------------------------------------------------------------------------------


def test_M4_1_staff_record_customers_cannot(sub_account_a, analyst, customer_a):
    violation = record(sub_account_a, actor=analyst)
    assert violation.created_by == analyst and violation.account_id == sub_account_a.account_id
    with pytest.raises(DomainError) as refused:
        record(sub_account_a, actor=customer_a)
    assert refused.value.code == "forbidden"


def test_M4_1_bad_kind_and_severity_are_named(sub_account_a, analyst):
    with pytest.raises(DomainError) as refused:
        services.violation_record(actor=analyst, sub_account=sub_account_a, kind="spam", severity="huge", evidence="")
    assert set(refused.value.errors) == {"kind", "severity", "evidence"}
    assert not Violation.objects.exists()


def test_M4_1_system_violation_once_per_source(sub_account_a):
    first = record(sub_account_a, kind=ViolationKind.THRESHOLD_BREACH, source="alert:7")
    again = record(sub_account_a, kind=ViolationKind.THRESHOLD_BREACH, source="alert:7")
    assert first.pk == again.pk and Violation.objects.count() == 1


def test_M4_1_threshold_breach_alert_records_a_violation(sub_account_a):
    from traffic.services import alert_raise_breach

    alert = alert_raise_breach(
        account_id=sub_account_a.account_id,
        sub_account_id=sub_account_a.pk,
        own_bucket=True,
        country="CA",
        at=int(timezone.now().timestamp()),
        blocked_until=int(timezone.now().timestamp()) + 3600,
        threshold=50,
        count=51,
        breach_response="BLOCK_AND_ALERT",
        block_hours=1,
    )
    violation = Violation.objects.get()
    assert violation.kind == ViolationKind.THRESHOLD_BREACH and violation.source == f"alert:{alert.pk}"
    assert "destination CA" in violation.evidence and "threshold 50" in violation.evidence
    assert violation.evidence_data["alert"] == alert.pk


# ----------------------------------------------------------------------------------------------------------
# M4.2: proposals
# ----------------------------------------------------------------------------------------------------------


def _age(violation, days: int):
    Violation.objects.filter(pk=violation.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_M4_2_one_violation_proposes_a_warning(sub_account_a):
    record(sub_account_a)
    proposal = proposal_for(sub_account=sub_account_a)
    assert proposal.step == Step.WARNING and proposal.because == "1 violation in the last 30 days"


def test_M4_2_counts_within_the_window_only(sub_account_a):
    old = record(sub_account_a)
    record(sub_account_a)
    _age(old, 31)  # outside the 30-day window of the sender-or-campaign step
    assert proposal_for(sub_account=sub_account_a).step == Step.WARNING
    Violation.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=29))
    assert proposal_for(sub_account=sub_account_a).step == Step.SENDER_OR_CAMPAIGN


def test_M4_2_third_violation_proposes_the_sub_account_step(sub_account_a):
    for _ in range(3):
        record(sub_account_a)
    assert proposal_for(sub_account=sub_account_a).step == Step.SUB_ACCOUNT


def test_M4_2_five_violations_across_the_account_propose_the_account_step(account_a, sub_account_a):
    from tests.accounts.factories import SubAccountFactory

    other = SubAccountFactory(account=account_a)
    for _ in range(4):
        record(other)
    record(sub_account_a)
    proposal = proposal_for(sub_account=sub_account_a)
    assert proposal.step == Step.ACCOUNT and "across the account" in proposal.because


def test_M4_2_serious_violation_skips_to_the_sub_account_step(sub_account_a):
    record(sub_account_a, severity=Severity.SERIOUS)
    proposal = proposal_for(sub_account=sub_account_a)
    assert proposal.step == Step.SUB_ACCOUNT and proposal.because == "a serious violation"


def test_M4_2_major_violation_proposes_at_least_the_sender_or_campaign_step(sub_account_a):
    record(sub_account_a, severity=Severity.MAJOR)
    assert proposal_for(sub_account=sub_account_a).step == Step.SENDER_OR_CAMPAIGN


def test_M4_2_answered_violations_propose_nothing(sub_account_a, analyst):
    record(sub_account_a)
    services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.WARNING, reason="First warning.")
    assert proposal_for(sub_account=sub_account_a) is None
    record(sub_account_a)  # a new one counts the answered one in the window too
    assert proposal_for(sub_account=sub_account_a).step == Step.SENDER_OR_CAMPAIGN


def test_M4_2_proposals_for_many_sub_accounts_in_constant_queries(django_assert_max_num_queries):
    from tests.accounts.factories import SubAccountFactory

    subs = [SubAccountFactory() for _ in range(6)]  # one account each: no account step
    for sub in subs:
        record(sub)
    with django_assert_max_num_queries(4):
        proposals = proposals_for([(s.pk, s.account_id) for s in subs])
    assert {p.step for p in proposals.values()} == {Step.WARNING} and len(proposals) == 6


# ----------------------------------------------------------------------------------------------------------
# M4.2: applying and reinstating
# ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_campaigns(customer_a, sub_account_a, analyst):
    brand = verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    return [make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst) for _ in range(2)]


def test_M4_2_warning_suspends_nothing_and_answers_the_violations(sub_account_a, analyst):
    violation = record(sub_account_a)
    action = services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.WARNING, reason="Warned.")
    assert action.suspended == {} and not action.suspends_anything
    violation.refresh_from_db()
    assert violation.action == action
    with pytest.raises(DomainError) as refused:
        services.enforcement_reinstate(actor=analyst, action=action, reason="x")
    assert refused.value.code == "M4.2"


def test_M4_2_campaign_step_suspends_exactly_that_campaign(sub_account_a, analyst, two_campaigns):
    first, second = two_campaigns
    action = services.enforcement_apply(
        actor=analyst, sub_account=sub_account_a, step=Step.SENDER_OR_CAMPAIGN, reason="Spam.", campaign=first
    )
    assert action.suspended == {"campaigns": [first.pk]}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == CampaignStatus.SUSPENDED and second.status == CampaignStatus.APPROVED
    services.enforcement_reinstate(actor=analyst, action=action, reason="Fixed.")
    first.refresh_from_db()
    assert first.status == CampaignStatus.APPROVED


def test_M4_2_sender_or_campaign_step_needs_one_target_of_the_sub_account(
    sub_account_a, sub_account_b, analyst, two_campaigns
):
    with pytest.raises(DomainError) as none:
        services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.SENDER_OR_CAMPAIGN, reason="x")
    assert none.value.field == "target"
    with pytest.raises(DomainError) as elsewhere:
        services.enforcement_apply(
            actor=analyst,
            sub_account=sub_account_b,
            step=Step.SENDER_OR_CAMPAIGN,
            reason="x",
            campaign=two_campaigns[0],
        )
    assert elsewhere.value.field == "target"
    assert not EnforcementAction.objects.exists()


def test_M4_2_sender_step_suspends_and_reinstates_the_sender_id(sub_account_a, analyst, customer_a, two_campaigns):
    sender = sender_services.sender_assign(actor=customer_a, campaign=two_campaigns[0], number="+12025550143")
    action = services.enforcement_apply(
        actor=analyst, sub_account=sub_account_a, step=Step.SENDER_OR_CAMPAIGN, reason="Spam.", sender=sender
    )
    sender.refresh_from_db()
    assert action.suspended == {"sender_ids": [sender.pk]} and sender.status == SenderStatus.SUSPENDED
    services.enforcement_reinstate(actor=analyst, action=action, reason="Fixed.")
    sender.refresh_from_db()
    assert sender.status == SenderStatus.ACTIVE


def test_M4_2_sub_account_step_reinstates_exactly_what_it_suspended(sub_account_a, analyst, two_campaigns):
    """A campaign suspended by another action stays suspended when the sub-account step is reinstated."""
    first, second = two_campaigns
    campaign_step = services.enforcement_apply(
        actor=analyst, sub_account=sub_account_a, step=Step.SENDER_OR_CAMPAIGN, reason="Spam.", campaign=first
    )
    sub_step = services.enforcement_apply(
        actor=analyst, sub_account=sub_account_a, step=Step.SUB_ACCOUNT, reason="Repeated."
    )
    assert sub_step.suspended["sub_accounts"] == [sub_account_a.pk]
    assert sub_step.suspended["campaigns"] == [second.pk]
    sub_account_a.refresh_from_db()
    assert sub_account_a.is_suspended

    services.enforcement_reinstate(actor=analyst, action=sub_step, reason="Resolved.")
    first.refresh_from_db()
    second.refresh_from_db()
    sub_account_a.refresh_from_db()
    assert not sub_account_a.is_suspended
    assert second.status == CampaignStatus.APPROVED
    assert first.status == CampaignStatus.SUSPENDED, "the campaign step still holds it"
    sub_step.refresh_from_db()
    assert sub_step.reinstated["campaigns"] == [second.pk] and sub_step.is_reinstated
    assert not campaign_step.is_reinstated
    with pytest.raises(DomainError) as again:
        services.enforcement_reinstate(actor=analyst, action=sub_step, reason="Again.")
    assert again.value.code == "M4.2"


def test_M4_2_account_step_is_a_managers(sub_account_a, analyst, manager, two_campaigns):
    with pytest.raises(DomainError) as refused:
        services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.ACCOUNT, reason="Many.")
    assert refused.value.code == "forbidden"
    action = services.enforcement_apply(actor=manager, sub_account=sub_account_a, step=Step.ACCOUNT, reason="Many.")
    assert action.suspended["accounts"] == [sub_account_a.account_id]
    assert sorted(action.suspended["campaigns"]) == sorted(c.pk for c in two_campaigns)
    with pytest.raises(DomainError) as analyst_reinstating:
        services.enforcement_reinstate(actor=analyst, action=action, reason="x")
    assert analyst_reinstating.value.code == "forbidden"
    services.enforcement_reinstate(actor=manager, action=action, reason="Paid and fixed.")
    assert not SubAccount.objects.get(pk=sub_account_a.pk).account.is_suspended


def test_M4_2_customers_apply_nothing(sub_account_a, customer_a):
    with pytest.raises(DomainError) as refused:
        services.enforcement_apply(actor=customer_a, sub_account=sub_account_a, step=Step.WARNING, reason="x")
    assert refused.value.code == "forbidden"


def test_M4_2_a_failing_step_leaves_nothing_behind(sub_account_a, analyst):
    services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.SUB_ACCOUNT, reason="First.")
    record(sub_account_a)
    with pytest.raises(DomainError) as refused:
        services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.SUB_ACCOUNT, reason="Again.")
    assert refused.value.code == "C8"
    assert EnforcementAction.objects.count() == 1
    assert Violation.objects.filter(action__isnull=True).count() == 1
