"""V2 under concurrency: 50 results sent at once for one vet in REVIEW — exactly one is recorded (row lock,
version), the other 49 answer 409, and the audit trail holds one result."""

import threading

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import AuditEvent
from tests.brands.factories import make_brand
from vetting import services

pytestmark = pytest.mark.django_db(transaction=True)

CALLS = 50


def test_V2_fifty_simultaneous_results_one_wins(postgres_only, customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    vet = services.vet_record_result(actor=analyst, vet=vet, status="IN_REVIEW")
    key = Token.objects.create(user=analyst).key
    barrier = threading.Barrier(CALLS, timeout=60)
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()

    def send(score: int) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        try:
            barrier.wait()
            response = client.post(
                f"/api/v1/vets/{vet.pk}/result/",
                {"status": "ACTIVE", "score": score, "version": vet.version},
                format="json",
            )
            with lock:
                outcomes.append((response.status_code, response.json().get("code", "")))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(50 + i,)) for i in range(CALLS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert len(outcomes) == CALLS
    assert sorted(status for status, _ in outcomes) == [200] + [409] * (CALLS - 1), outcomes
    assert {code for status, code in outcomes if status == 409} <= {"stale", "V2"}
    vet.refresh_from_db()
    assert vet.status == "ACTIVE" and vet.version == 3
    recorded = AuditEvent.objects.for_subject(vet).filter(action="result_recorded", to_state="ACTIVE")
    assert [e.data["score"] for e in recorded] == [vet.score]
