"""Q3 under real concurrency (PostgreSQL): many analysts claiming at once never get the same item, and two
analysts deciding one unclaimed campaign at once record one decision."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from django.db import connection

from audit.models import AuditEvent
from campaigns import services as campaign_services
from campaigns.models import Campaign, CampaignReview
from casework import services
from casework.models import WorkItem
from core.errors import StateConflict
from tests.accounts.factories import UserFactory
from tests.campaigns.factories import ALL_TICKED
from tests.casework.factories import bulk_items, open_item, submitted_campaign, verified_brand

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20
CLAIMS_PER_THREAD = 50


def run_threads(targets: list, *, timeout: float = 60) -> None:
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"


def test_Q3_twenty_analysts_claiming_at_once_never_share_an_item(postgres_only, account_a):
    # given 1,000 open items and 20 analysts: half press "next", half claim items they picked from the
    # earliest-due 300 (the very rows "next" hands out first), 50 times each
    pool = sorted(bulk_items(account=account_a, n=THREADS * CLAIMS_PER_THREAD), key=lambda i: (i.sla_due, i.pk))
    analysts = [UserFactory(username=f"queue-analyst-{n:02d}", role="analyst") for n in range(THREADS)]
    for analyst in analysts:
        assert analyst.is_staff_role  # warm the permission cache outside the race
    barrier = threading.Barrier(THREADS, timeout=60)
    got: dict[int, list[int]] = {a.pk: [] for a in analysts}
    refused: Counter[str] = Counter()
    empty_next: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(analyst, use_next: bool, seed: int):
        picks = random.Random(seed).sample(pool[:300], CLAIMS_PER_THREAD)
        try:
            barrier.wait()
            for n in range(CLAIMS_PER_THREAD):
                try:
                    if use_next:
                        item = services.workitem_next(actor=analyst, kind="campaign")
                    else:
                        item = services.workitem_claim(actor=analyst, item=picks[n])
                except StateConflict as exc:
                    with lock:
                        refused[exc.code] += 1
                    continue
                if item is None:
                    with lock:
                        empty_next.append(analyst.pk)
                    continue
                assert item.assignee_id == analyst.pk, "a claim handed back someone else's item"
                got[analyst.pk].append(item.pk)
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connection.close()

    run_threads([(lambda a=analyst, i=i: worker(a, use_next=i % 2 == 0, seed=i)) for i, analyst in enumerate(analysts)])
    assert not errors, errors
    # then no item was handed out twice, "next" never came back empty-handed while work remained, and
    # every refusal was a clean "claimed"
    handed_out = Counter(pk for pks in got.values() for pk in pks)
    assert handed_out and max(handed_out.values()) == 1
    assert empty_next == []
    assert set(refused) <= {"claimed"}
    next_claims = sum(len(got[a.pk]) for i, a in enumerate(analysts) if i % 2 == 0)
    assert next_claims == THREADS // 2 * CLAIMS_PER_THREAD
    assert sum(handed_out.values()) + sum(refused.values()) == THREADS * CLAIMS_PER_THREAD
    # and the database agrees: each item's assignee is the analyst it was handed to, claimed once
    owners = dict(WorkItem.objects.filter(assignee__isnull=False).values_list("pk", "assignee_id"))
    assert owners == {pk: analyst_pk for analyst_pk, pks in got.items() for pk in pks}
    claims = Counter(AuditEvent.objects.filter(action="claimed").values_list("subject_id", flat=True))
    assert claims and max(claims.values()) == 1
    assert sum(claims.values()) == len(handed_out)


def test_Q3_ten_analysts_claiming_one_item_at_once_one_wins(postgres_only, account_a):
    (item,) = bulk_items(account=account_a, n=1)
    analysts = [UserFactory(username=f"claimer-{n}", role="analyst") for n in range(10)]
    barrier = threading.Barrier(len(analysts), timeout=60)
    outcomes: list[str] = []

    def claim(analyst):
        try:
            barrier.wait()
            services.workitem_claim(actor=analyst, item=item)
            outcomes.append(f"won:{analyst.username}")
        except StateConflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    run_threads([lambda a=analyst: claim(a) for analyst in analysts])
    winners = [o for o in outcomes if o.startswith("won:")]
    assert len(winners) == 1 and sorted(set(outcomes) - set(winners)) == ["claimed"] and len(outcomes) == 10
    item.refresh_from_db()
    assert f"won:{item.assignee.username}" == winners[0]
    assert AuditEvent.objects.filter(action="claimed", subject_id=str(item.subject_id)).count() == 1


def test_Q3_two_analysts_deciding_an_unclaimed_campaign_at_once_record_one_decision(
    postgres_only, customer_a, sub_account_a, analyst
):
    # given a submitted campaign nobody has claimed
    brand = verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    campaign = submitted_campaign(customer=customer_a, brand=brand)
    item = open_item(campaign)
    assert item.assignee is None
    deciders = [UserFactory(username=f"decider-{n}", role="analyst") for n in range(2)]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: dict[str, str] = {}

    def decide(actor, decision):
        try:
            barrier.wait()
            campaign_services.campaign_review(
                actor=actor,
                campaign=campaign,
                decision=decision,
                codes=["6012"] if decision == "reject" else [],
                reason="concurrent",
                checklist=ALL_TICKED,
            )
            outcomes[actor.username] = "ok"
        except StateConflict as exc:
            outcomes[actor.username] = exc.code
        finally:
            connection.close()

    # when both decide at the same moment
    run_threads([lambda: decide(deciders[0], "approve"), lambda: decide(deciders[1], "reject")])
    # then one decision is recorded, by the one who also claimed the item; the other is refused
    assert sorted(outcomes.values())[1] == "ok" and sorted(outcomes.values())[0] in {"C5", "claimed"}
    (winner,) = [name for name, outcome in outcomes.items() if outcome == "ok"]
    (review,) = CampaignReview.objects.filter(campaign=campaign)
    assert review.decided_by.username == winner
    assert Campaign.objects.get(pk=campaign.pk).status == {"approve": "approved", "reject": "rejected"}[review.decision]
    item.refresh_from_db()
    assert item.closed_at is not None and item.assignee.username == winner
    (claimed,) = AuditEvent.objects.for_subject(campaign).filter(action="claimed")
    assert claimed.actor_label == winner
