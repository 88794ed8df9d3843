"""Work queues through the services: items follow their subjects (Q1), SLA and priority (Q2), claims,
assignment and the decision guard (Q3), comments and the audit of queue actions (Q4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from appeals import services as appeal_services
from appeals.models import Appeal
from audit.models import AuditEvent
from brands import services as brand_services
from brands.models import Brand, BrandReview
from campaigns import services as campaign_services
from campaigns.models import Campaign, CampaignReview
from casework import services
from casework.choices import Priority
from casework.models import Comment, SlaPolicy, WorkItem
from casework.selectors import workitem_queue
from core.errors import DomainError, StateConflict
from tests.accounts.factories import UserFactory
from tests.brands.factories import ALL_TICKED as BRAND_TICKED
from tests.brands.factories import make_brand
from tests.campaigns.factories import ALL_TICKED as CAMPAIGN_TICKED
from tests.campaigns.factories import make_campaign
from tests.casework.factories import (
    bulk_items,
    items_of,
    open_item,
    submitted_appeal,
    submitted_campaign,
    verified_brand,
    vet_in_review,
)
from vetting import services as vet_services
from vetting.models import Vet

pytestmark = pytest.mark.django_db


class Clock:
    """A stand-in for ``django.utils.timezone.now`` that only moves when told."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def analyst_b(db):
    return UserFactory(username="analyst-b", role="analyst")


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


@pytest.fixture
def campaign(customer_a, brand):
    return submitted_campaign(customer=customer_a, brand=brand)


def raises(code, call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as exc:
        call(*args, **kwargs)
    assert exc.value.code == code, exc.value
    return exc.value


def claim_events(item: WorkItem, action: str = "claimed"):
    return AuditEvent.objects.filter(subject_type=item.kind, subject_id=str(item.subject_id), action=action)


# ----------------------------------------------------------------------------------------------------------
# Q1: items open when the subject waits for staff and close on the decision
# ----------------------------------------------------------------------------------------------------------


def test_Q1_brand_submission_opens_a_brand_item(customer_a, sub_account_a, account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    assert not items_of(brand).exists()  # a draft is not work
    brand = brand_services.brand_submit(actor=customer_a, brand=brand)
    item = open_item(brand)
    assert (item.kind, item.state, item.account, item.assignee) == ("brand", "submitted", account_a, None)
    assert item.subject_label == "Acme Dental (Acme Dental Group LLC)"
    assert "acme dental group llc" in item.search and "123456789" in item.search and f"b-{brand.pk}" in item.search


def test_Q1_campaign_submission_opens_a_campaign_item(customer_a, brand, account_a):
    draft = make_campaign(customer=customer_a, brand=brand)
    assert not items_of(draft).exists()
    campaign = campaign_services.campaign_submit(actor=customer_a, campaign=draft)
    item = open_item(campaign)
    assert (item.kind, item.state, item.account, item.priority) == ("campaign", "submitted", account_a, Priority.NORMAL)
    assert item.subject_label.startswith(f"C-{campaign.pk} ")
    assert f"c-{campaign.pk}" in item.search and "acme dental" in item.search


def test_Q1_vet_in_review_opens_a_vet_item(customer_a, analyst, brand):
    vet = vet_services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    assert vet.status == "PENDING" and not items_of(vet).exists()  # waiting on the vendor, not on staff
    vet = vet_services.vet_record_result(actor=analyst, vet=vet, status="IN_REVIEW")
    item = open_item(vet)
    assert (item.kind, item.state, item.assignee) == ("vet", "REVIEW", None)


def test_Q1_appeal_submission_opens_an_appeal_item(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    appeal = submitted_appeal(customer=customer_a, analyst=analyst, brand=brand)
    item = open_item(appeal)
    assert (item.kind, item.state) == ("appeal", "submitted")
    assert item.subject_label.startswith(f"Appeal #{appeal.pk} ")
    # the seeded policy gives appeals a higher default priority
    assert item.priority == SlaPolicy.objects.get(kind="appeal").default_priority == Priority.HIGH


def test_Q1_start_review_keeps_the_same_item(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    before = open_item(brand)
    brand_services.brand_start_review(actor=analyst, brand=brand)
    after = open_item(brand)
    assert after.pk == before.pk and after.state == "in_review" and after.version > before.version
    assert after.assignee == analyst  # starting a review is a decision step: it claims


def test_Q1_decisions_close_items_with_their_resolution(customer_a, sub_account_a, analyst, brand):
    # given one open item of each kind
    submitted_brand = make_brand(
        customer=customer_a, sub_account=sub_account_a, status="submitted", legal_name="Bolt Dental LLC"
    )
    campaign = submitted_campaign(customer=customer_a, brand=brand)
    vet = vet_in_review(customer=customer_a, analyst=analyst, brand=brand)
    appeal_brand = make_brand(
        customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst, legal_name="Cove LLC"
    )
    appeal = submitted_appeal(customer=customer_a, analyst=analyst, brand=appeal_brand)
    assert WorkItem.objects.open().count() == 4
    # when each is decided
    brand_services.brand_review(actor=analyst, brand=submitted_brand, decision="approve", checklist=BRAND_TICKED)
    campaign_services.campaign_review(actor=analyst, campaign=campaign, decision="reject", codes=["6012"], reason="x")
    vet_services.vet_record_result(actor=analyst, vet=vet, status="COMPLETED", score=75, token="AEG-0075")
    appeal_services.appeal_decide(actor=analyst, appeal=appeal, decision="reject", reason="The letter is unreadable.")
    # then every item is closed with the subject's resulting state, by the analyst who decided
    assert not WorkItem.objects.open().exists()
    expected = {
        ("brand", submitted_brand.pk): "approved",
        ("campaign", campaign.pk): "rejected",
        ("vet", vet.pk): "ACTIVE",
        ("appeal", appeal.pk): "rejected",
    }
    for (kind, pk), resolution in expected.items():
        item = WorkItem.objects.get(kind=kind, subject_id=pk)
        assert item.closed_at is not None, kind
        assert (item.state, item.resolution, item.assignee) == (resolution, resolution, analyst), kind


def test_Q1_one_open_item_per_subject(customer_a, analyst, campaign, account_a):
    # given a rejected and resubmitted campaign
    first = open_item(campaign)
    campaign_services.campaign_review(actor=analyst, campaign=campaign, decision="reject", codes=["6012"], reason="x")
    campaign_services.campaign_update(actor=customer_a, campaign=campaign, data={"description": "Acme reminders v2."})
    campaign_services.campaign_submit(actor=customer_a, campaign=campaign)
    # then the subject has a new open item and the old one stays closed (history)
    first.refresh_from_db()
    second = open_item(campaign)
    assert second.pk != first.pk and first.resolution == "rejected" and second.assignee is None
    assert items_of(campaign).count() == 2 and items_of(campaign).open().count() == 1
    # and the database refuses a second open item for the same subject
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkItem.objects.create(
            kind="campaign",
            subject_id=campaign.pk,
            subject_label="duplicate",
            account=account_a,
            state="submitted",
            sla_due=timezone.now(),
        )


# ----------------------------------------------------------------------------------------------------------
# Q2: SLA due time per kind, pause while waiting on the customer, priority
# ----------------------------------------------------------------------------------------------------------


def test_Q2_sla_due_is_opened_plus_policy_hours_and_policy_edits_apply_to_new_items(
    clock, customer_a, sub_account_a, brand
):
    # given the seeded campaign policy
    hours = SlaPolicy.objects.get(kind="campaign").hours
    first = open_item(submitted_campaign(customer=customer_a, brand=brand))
    assert first.opened_at == clock.now and first.sla_due == clock.now + timedelta(hours=hours)
    # when a manager shortens it
    SlaPolicy.objects.filter(kind="campaign").update(hours=5, default_priority=Priority.HIGH)
    clock.advance(minutes=30)
    second = open_item(submitted_campaign(customer=customer_a, brand=brand))
    # then new items take the new SLA and priority, open ones keep theirs
    assert second.sla_due == clock.now + timedelta(hours=5) and second.priority == Priority.HIGH
    first.refresh_from_db()
    assert first.sla_due == first.opened_at + timedelta(hours=hours) and first.priority == Priority.NORMAL


def test_Q2_a_kind_without_policy_gets_the_default(clock, customer_a, sub_account_a):
    SlaPolicy.objects.filter(kind="brand").delete()
    item = open_item(make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted"))
    assert item.sla_due == clock.now + timedelta(hours=services.DEFAULT_SLA_HOURS)


def test_Q2_changes_requested_pauses_and_resubmission_moves_due_by_the_paused_time(
    clock, customer_a, sub_account_a, analyst
):
    # given a brand submitted now (due in 48 h)
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    item = open_item(brand)
    due = item.sla_due
    assert due == clock.now + timedelta(hours=SlaPolicy.objects.get(kind="brand").hours)
    # when the analyst requests changes 3 hours later
    clock.advance(hours=3)
    paused_at = clock.now
    brand_services.brand_review(actor=analyst, brand=brand, decision="request_changes", reason="Fix the EIN")
    item.refresh_from_db()
    # then the item stays open, paused, with the same due time
    assert (item.state, item.paused_at, item.sla_due, item.closed_at) == ("changes_requested", paused_at, due, None)
    # and the customer answers 100 hours later (long past the original due time)
    clock.advance(hours=100)
    brand_services.brand_update(actor=customer_a, brand=brand, data={"website": "https://acme.example.com"})
    brand_services.brand_submit(actor=customer_a, brand=brand)
    item.refresh_from_db()
    # then the clock resumes: the same item, due exactly 100 hours later than before
    assert item.pk == open_item(brand).pk
    assert (item.state, item.paused_at) == ("submitted", None)
    assert item.sla_due - due == timedelta(hours=100)


def test_Q2_paused_item_is_not_overdue_even_past_due(customer_a, sub_account_a, analyst, brand, campaign, manager):
    # given a paused brand item and a running campaign item, both due an hour ago
    paused_brand = make_brand(
        customer=customer_a, sub_account=sub_account_a, status="changes_requested", analyst=analyst, legal_name="P LLC"
    )
    paused, running = open_item(paused_brand), open_item(campaign)
    assert paused.is_paused and not running.is_paused
    WorkItem.objects.filter(pk__in=[paused.pk, running.pk]).update(sla_due=timezone.now() - timedelta(hours=1))
    # then only the running one is overdue, in Python's and in the database's view
    assert list(WorkItem.objects.overdue()) == [running]
    queue = workitem_queue(user=manager, filters={"overdue": "1"})
    assert [i.pk for i in queue] == [running.pk]
    flags = {i.pk: i.is_overdue for i in workitem_queue(user=manager, filters={})}
    assert flags == {paused.pk: False, running.pk: True}


def test_Q2_escalated_campaign_is_urgent(customer_a, analyst, manager, campaign):
    # given a campaign rejected five times (escalated on the fifth, C6)
    for n in range(5):
        assert open_item(campaign).priority == Priority.NORMAL
        campaign_services.campaign_review(
            actor=analyst, campaign=campaign, decision="reject", codes=["6012"], reason="Fix it."
        )
        if n < 4:
            campaign_services.campaign_update(
                actor=customer_a, campaign=campaign, data={"description": f"Acme Dental reminders, revision {n}."}
            )
            campaign_services.campaign_submit(actor=customer_a, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.escalated and not items_of(campaign).open().exists()
    # when the customer resubmits it
    campaign_services.campaign_update(actor=customer_a, campaign=campaign, data={"description": "Acme, final."})
    campaign_services.campaign_submit(actor=customer_a, campaign=campaign)
    # then its queue item is urgent
    item = open_item(campaign)
    assert item.priority == Priority.URGENT
    assert items_of(campaign).exclude(pk=item.pk).filter(priority=Priority.URGENT).count() == 0


# ----------------------------------------------------------------------------------------------------------
# Q3: claim, release, assign, next
# ----------------------------------------------------------------------------------------------------------


def test_Q3_claim_takes_the_item_and_a_second_claim_is_refused(analyst, analyst_b, campaign):
    item = open_item(campaign)
    claimed = services.workitem_claim(actor=analyst, item=item)
    assert claimed.assignee == analyst and claimed.claimed_at is not None and claimed.version == item.version + 1
    # claiming it again is harmless for the holder
    assert services.workitem_claim(actor=analyst, item=item).assignee == analyst
    # another analyst is told who holds it
    error = raises("claimed", services.workitem_claim, actor=analyst_b, item=item)
    assert isinstance(error, StateConflict) and "analyst" in error.message and "release" in error.message
    item.refresh_from_db()
    assert item.assignee == analyst
    (event,) = claim_events(item)
    assert (event.actor, event.customer_visible) == (analyst, False)


def test_Q3_closed_items_and_customers_cannot_be_claimed_or_released(customer_a, analyst, manager, campaign):
    item = open_item(campaign)
    raises("forbidden", services.workitem_claim, actor=customer_a, item=item)
    raises("forbidden", services.workitem_release, actor=customer_a, item=item)
    campaign_services.campaign_review(actor=analyst, campaign=campaign, decision="approve", checklist=CAMPAIGN_TICKED)
    other = UserFactory(username="late-analyst", role="analyst")
    error = raises("closed", services.workitem_claim, actor=other, item=item)
    assert "approved" in error.message
    # the closed item keeps who worked it: neither its holder nor a manager can hand it back
    for actor in (analyst, manager):
        raises("closed", services.workitem_release, actor=actor, item=item)
    item.refresh_from_db()
    assert (item.assignee, item.resolution) == (analyst, "approved") and item.claimed_at is not None


def test_Q3_only_the_assignee_or_a_manager_releases(analyst, analyst_b, manager, campaign):
    item = services.workitem_claim(actor=analyst, item=open_item(campaign))
    # another analyst may not
    raises("claimed", services.workitem_release, actor=analyst_b, item=item)
    assert WorkItem.objects.get(pk=item.pk).assignee == analyst
    # the assignee may
    released = services.workitem_release(actor=analyst, item=item)
    assert (released.assignee, released.claimed_at) == (None, None)
    # and a manager may release someone else's claim
    services.workitem_claim(actor=analyst_b, item=item)
    services.workitem_release(actor=manager, item=item)
    item.refresh_from_db()
    assert item.assignee is None
    events = claim_events(item, "released").order_by("id")
    assert [(e.actor, e.data["from"], e.customer_visible) for e in events] == [
        (analyst, "analyst", False),
        (manager, "analyst-b", False),
    ]


def test_Q3_assign_is_manager_only_and_bulk(account_a, analyst, analyst_b, manager):
    items = bulk_items(account=account_a, n=3)
    # an analyst may not assign
    raises("forbidden", services.workitem_assign, actor=analyst, items=items, assignee=analyst_b)
    assert not WorkItem.objects.filter(assignee__isnull=False).exists()
    # a manager assigns all three at once
    assigned = services.workitem_assign(actor=manager, items=items, assignee=analyst_b)
    assert {i.assignee_id for i in assigned} == {analyst_b.pk}
    assert WorkItem.objects.filter(assignee=analyst_b, claimed_at__isnull=False).count() == 3
    events = AuditEvent.objects.filter(action="assigned")
    assert events.count() == 3 and {(e.actor_id, e.data["to"], e.customer_visible) for e in events} == {
        (manager.pk, "analyst-b", False)
    }
    # and returns them to the queue
    services.workitem_assign(actor=manager, items=items, assignee=None)
    assert WorkItem.objects.filter(assignee__isnull=True, claimed_at__isnull=True).count() == 3
    assert AuditEvent.objects.filter(action="unassigned").count() == 3


def test_Q3_assign_refuses_a_closed_item_for_the_whole_batch(account_a, manager, analyst):
    items = bulk_items(account=account_a, n=2)
    WorkItem.objects.filter(pk=items[1].pk).update(closed_at=timezone.now(), resolution="approved")
    error = raises("closed", services.workitem_assign, actor=manager, items=items, assignee=analyst)
    assert isinstance(error, StateConflict) and items[1].subject_label in error.message
    assert not WorkItem.objects.filter(assignee__isnull=False).exists()
    raises("required", services.workitem_assign, actor=manager, items=[], assignee=analyst)


def test_Q3_assign_refuses_a_non_staff_assignee(account_a, manager, customer_a):
    items = bulk_items(account=account_a, n=1)
    error = raises("invalid", services.workitem_assign, actor=manager, items=items, assignee=customer_a)
    assert error.field == "assignee" and "customer-a" in error.message
    assert WorkItem.objects.get(pk=items[0].pk).assignee is None


def test_Q3_next_claims_the_oldest_due_unassigned_unpaused_item_of_the_queue(account_a, analyst, analyst_b):
    now = timezone.now()
    (taken,) = bulk_items(account=account_a, n=1, start=now - timedelta(hours=5), assignee=analyst_b)
    (paused,) = bulk_items(account=account_a, n=1, start=now - timedelta(hours=4), paused_at=now)
    (closed,) = bulk_items(account=account_a, n=1, start=now - timedelta(hours=6), closed_at=now)
    (brand_item,) = bulk_items(account=account_a, n=1, kind="brand", start=now - timedelta(hours=9))
    later, earlier = bulk_items(account=account_a, n=2, start=now + timedelta(hours=2), step=timedelta(hours=-1))
    # the campaign queue: the earliest due free item, then the next, then nothing
    first = services.workitem_next(actor=analyst, kind="campaign")
    assert (first.pk, first.assignee) == (earlier.pk, analyst)
    assert services.workitem_next(actor=analyst, kind="campaign").pk == later.pk
    assert services.workitem_next(actor=analyst, kind="campaign") is None
    # any queue: the brand item, due first of all
    assert services.workitem_next(actor=analyst).pk == brand_item.pk
    assert services.workitem_next(actor=analyst) is None
    for item in (taken, paused, closed):
        item.refresh_from_db()
    assert (taken.assignee, paused.assignee, closed.assignee) == (analyst_b, None, None)
    assert claim_events(first).get().actor == analyst


def test_Q3_next_refuses_an_unknown_queue_and_customers(analyst, customer_a):
    error = raises("invalid", services.workitem_next, actor=analyst, kind="geo")
    assert "brand" in error.message and error.field == "kind"
    raises("forbidden", services.workitem_next, actor=customer_a)


# --- the decision guard: a claimed item is decided by its holder only ------------------------------------


def _decide_brand(customer_a, sub_account_a, analyst, **_):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted", legal_name="Guard LLC")
    return brand, lambda who: brand_services.brand_review(
        actor=who, brand=brand, decision="approve", checklist=BRAND_TICKED
    )


def _decide_campaign(customer_a, sub_account_a, analyst, brand):
    campaign = submitted_campaign(customer=customer_a, brand=brand)
    return campaign, lambda who: campaign_services.campaign_review(
        actor=who, campaign=campaign, decision="approve", checklist=CAMPAIGN_TICKED
    )


def _decide_vet(customer_a, sub_account_a, analyst, brand):
    vet = vet_in_review(customer=customer_a, analyst=analyst, brand=brand)
    return vet, lambda who: vet_services.vet_record_result(
        actor=who, vet=vet, status="COMPLETED", score=70, token="AEG-7070"
    )


def _decide_appeal(customer_a, sub_account_a, analyst, **_):
    brand = make_brand(
        customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst, legal_name="Appeal LLC"
    )
    appeal = submitted_appeal(customer=customer_a, analyst=analyst, brand=brand)
    return appeal, lambda who: appeal_services.appeal_decide(
        actor=who, appeal=appeal, decision="approve", reason="The EIN letter matches."
    )


DECISIONS = {
    "brand_review": _decide_brand,
    "campaign_review": _decide_campaign,
    "vet_record_result": _decide_vet,
    "appeal_decide": _decide_appeal,
}
MODELS = {"brand": Brand, "campaign": Campaign, "vet": Vet, "appeal": Appeal}


@pytest.mark.parametrize("decision", DECISIONS)
def test_Q3_deciding_an_item_claimed_by_another_is_refused_and_changes_nothing(
    decision, customer_a, sub_account_a, analyst, analyst_b, brand
):
    # given a subject whose item analyst A claimed
    subject, decide = DECISIONS[decision](customer_a, sub_account_a, analyst, brand=brand)
    item = services.workitem_claim(actor=analyst, item=open_item(subject))
    state_before = MODELS[item.kind].objects.get(pk=subject.pk).status
    events_before = AuditEvent.objects.count()
    reviews_before = BrandReview.objects.count() + CampaignReview.objects.count()
    # when analyst B decides it
    error = raises("claimed", decide, analyst_b)
    # then the refusal says who holds it and nothing changed
    assert isinstance(error, StateConflict) and "analyst" in error.message
    assert MODELS[item.kind].objects.get(pk=subject.pk).status == state_before
    after = WorkItem.objects.get(pk=item.pk)
    assert (after.assignee, after.closed_at, after.version) == (analyst, None, item.version)
    assert AuditEvent.objects.count() == events_before
    assert BrandReview.objects.count() + CampaignReview.objects.count() == reviews_before
    # and analyst A, who holds it, decides
    decide(analyst)
    after.refresh_from_db()
    assert after.closed_at is not None and after.assignee == analyst


@pytest.mark.parametrize("decision", DECISIONS)
def test_Q3_deciding_an_unassigned_item_claims_it_for_the_decider(
    decision, customer_a, sub_account_a, analyst, analyst_b, brand
):
    subject, decide = DECISIONS[decision](customer_a, sub_account_a, analyst, brand=brand)
    item = open_item(subject)
    assert item.assignee is None
    decide(analyst_b)
    item.refresh_from_db()
    assert item.assignee == analyst_b and item.closed_at is not None
    assert claim_events(item).get().actor == analyst_b


# ----------------------------------------------------------------------------------------------------------
# Q4: comments and the audit of queue actions
# ----------------------------------------------------------------------------------------------------------


def test_Q4_internal_notes_are_staff_only_and_never_customer_visible(customer_a, analyst, campaign):
    raises("forbidden", services.comment_add, actor=customer_a, subject=campaign, body="Let me see", internal=True)
    message = services.comment_add(actor=customer_a, subject=campaign, body="  We fixed the opt-in text.  ")
    note = services.comment_add(actor=analyst, subject=campaign, body="Checked the website: fine.", internal=True)
    reply = services.comment_add(actor=analyst, subject=campaign, body="Thanks, reviewing now.")
    assert message.body == "We fixed the opt-in text." and message.account_id == campaign.audit_account_id
    assert (message.subject_type, message.subject_id) == ("campaign", str(campaign.pk))
    visible = Comment.objects.for_subject(campaign).customer_visible()
    assert list(visible) == [message, reply]
    assert list(Comment.objects.for_subject(campaign)) == [message, note, reply]
    events = AuditEvent.objects.for_subject(campaign).filter(action__in=["message", "internal_note"]).order_by("id")
    assert [(e.action, e.actor, e.customer_visible, e.data["comment"]) for e in events] == [
        ("message", customer_a, True, message.pk),
        ("internal_note", analyst, False, note.pk),
        ("message", analyst, True, reply.pk),
    ]


def test_Q4_comment_length_limit_says_by_how_much(customer_a, campaign):
    error = raises("invalid", services.comment_add, actor=customer_a, subject=campaign, body="x" * 5003)
    assert error.field == "body"
    assert "5,000" in error.message and "5,003" in error.message and "(3 too many)" in error.message
    assert services.comment_add(actor=customer_a, subject=campaign, body="x" * 5000).body == "x" * 5000
    raises("required", services.comment_add, actor=customer_a, subject=campaign, body="   ")


def test_Q4_queue_actions_are_audited_for_staff_only(customer_a, analyst, analyst_b, manager, campaign):
    item = open_item(campaign)
    services.workitem_claim(actor=analyst, item=item)
    services.workitem_release(actor=analyst, item=item)
    services.workitem_assign(actor=manager, items=[item], assignee=analyst_b)
    events = AuditEvent.objects.for_subject(campaign).filter(action__in=["claimed", "released", "assigned"])
    assert sorted(e.action for e in events) == ["assigned", "claimed", "released"]
    assert not any(e.customer_visible for e in events)
    assert {e.account_id for e in events} == {campaign.audit_account_id}
    # the customer's view of the trail has the submission but no queue actions
    visible = {e.action for e in AuditEvent.objects.for_subject(campaign).customer_visible()}
    assert "submit" in visible and not visible & {"claimed", "released", "assigned"}
