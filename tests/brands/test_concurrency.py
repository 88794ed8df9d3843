"""Concurrency: two analysts deciding the same brand at once — exactly one wins (row lock)."""

import threading

import pytest
from django.db import connection

from brands import services
from brands.models import BrandReview
from core.errors import StateConflict
from tests.accounts.factories import UserFactory
from tests.brands.factories import ALL_TICKED, make_brand

pytestmark = pytest.mark.django_db(transaction=True)


def test_B7_two_simultaneous_decisions_one_wins(postgres_only, customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    analysts = [UserFactory(username=f"analyst{i}", role="analyst") for i in range(2)]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def decide(analyst, decision):
        try:
            barrier.wait()
            services.brand_review(
                actor=analyst,
                brand=brand,
                decision=decision,
                reason="concurrent",
                checklist=ALL_TICKED,
                expected_version=brand.version,
            )
            outcomes.append("ok")
        except StateConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(analysts[0], "approve")),
        threading.Thread(target=decide, args=(analysts[1], "request_changes")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert sorted(outcomes) == ["conflict", "ok"]
    assert BrandReview.objects.filter(brand=brand).count() == 1
