"""Concurrency: two analysts deciding the same campaign at once — exactly one decision is recorded (row lock)."""

import threading

import pytest
from django.db import connection

from audit.models import AuditEvent
from brands import services as brand_services
from campaigns import services
from campaigns.models import Campaign, CampaignReview
from core.errors import StateConflict
from tests.accounts.factories import UserFactory
from tests.brands.factories import make_brand
from tests.campaigns.factories import ALL_TICKED, make_campaign

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("with_version", [True, False], ids=["stale-version", "no-version"])
def test_C5_two_simultaneous_decisions_one_wins(postgres_only, customer_a, sub_account_a, analyst, with_version):
    # given a submitted campaign of an approved, verified brand
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    brand_services.brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="Registry")
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    analysts = [UserFactory(username=f"campaign-analyst{i}", role="analyst") for i in range(2)]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def decide(actor, decision):
        try:
            barrier.wait()
            services.campaign_review(
                actor=actor,
                campaign=campaign,
                decision=decision,
                codes=["6012"] if decision == "reject" else [],
                reason="concurrent",
                checklist=ALL_TICKED,
                expected_version=campaign.version if with_version else None,
            )
            outcomes.append("ok")
        except StateConflict as exc:
            outcomes.append(f"conflict:{exc.code}")
        finally:
            connection.close()

    # when both decide at the same moment
    threads = [
        threading.Thread(target=decide, args=(analysts[0], "approve")),
        threading.Thread(target=decide, args=(analysts[1], "reject")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    # then one decision is recorded and the other is refused as a conflict
    assert sorted(outcomes) == ["conflict:stale" if with_version else "conflict:C5", "ok"]
    (review,) = CampaignReview.objects.filter(campaign=campaign)
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.status == {"approve": "approved", "reject": "rejected"}[review.decision]
    assert campaign.rejection_count == (1 if review.decision == "reject" else 0)
    decisions = AuditEvent.objects.for_subject(campaign).filter(action__in=["approve", "reject"])
    assert decisions.count() == 1
