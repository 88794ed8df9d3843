"""Concurrency on PostgreSQL: two decisions on one request — exactly one wins; concurrent hourly counts never
lose an increment (the single-statement upsert)."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection

from core.errors import DomainError
from geo import services
from geo.models import GeoRequest, HourlyCount
from tests.accounts.factories import UserFactory

from .factories import kyc_brand

pytestmark = pytest.mark.django_db(transaction=True)


def _run(workers, target):
    threads = [threading.Thread(target=target, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"


def test_two_decisions_at_once_one_wins(postgres_only, customer_a, sub_account_a, analyst):
    kyc_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=sub_account_a, country="MX", justification="Clinic patients in Tijuana."
    )
    managers = [UserFactory(username=f"manager{i}", role="manager") for i in range(2)]
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def decide(pair):
        manager, decision = pair
        try:
            barrier.wait()
            services.geo_request_decide(actor=manager, georequest=georequest, decision=decision, reason="concurrent")
            outcomes.append(decision)
        except DomainError as exc:
            outcomes.append(f"refused:{exc.code}")
        finally:
            connection.close()

    _run([(managers[0], "grant"), (managers[1], "refuse")], decide)
    winners = [o for o in outcomes if not o.startswith("refused")]
    assert len(outcomes) == 2 and len(winners) == 1
    georequest.refresh_from_db()
    assert georequest.status == {"grant": "granted", "refuse": "refused"}[winners[0]]


def test_concurrent_hourly_counts_lose_nothing(postgres_only, sub_account_a):
    hour = datetime(2026, 11, 30, 12, tzinfo=UTC)
    barrier = threading.Barrier(8, timeout=30)

    def add(_):
        try:
            barrier.wait()
            for _ in range(25):
                services.hourly_counts_add(
                    rows=[
                        (sub_account_a.account_id, None, "US", hour, 1),
                        (sub_account_a.account_id, None, "CA", hour, 2),
                    ]
                )
        finally:
            connection.close()

    _run(range(8), add)
    counts = dict(HourlyCount.objects.values_list("country", "count"))
    assert counts == {"US": 200, "CA": 400}
    assert GeoRequest.objects.count() == 0
