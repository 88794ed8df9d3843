"""V2 results: a final vet is never rewritten, every recorded result is audited, and who may do what (roles in
the services, one policy per action)."""

import pytest

from audit.models import AuditEvent
from core.errors import DomainError, StateConflict
from tests.brands.factories import make_brand
from vetting import policies, services
from vetting.models import Vet

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)


@pytest.fixture
def active(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    return services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=82, token="AEG-FINAL-82")


def _events(vet):
    return list(AuditEvent.objects.for_subject(vet).values_list("action", flat=True))


@pytest.mark.parametrize("status", ["ACTIVE", "COMPLETED", "FAIL", "REVIEW"])
def test_V2_an_active_vet_refuses_any_new_result_and_keeps_its_score(active, analyst, status):
    before = _events(active)
    with pytest.raises(StateConflict) as exc:
        services.vet_record_result(actor=analyst, vet=active, status=status, score=5)
    assert exc.value.code == "V2" and "final (ACTIVE with score 82)" in exc.value.message
    active.refresh_from_db()
    assert (active.status, active.score, active.version) == ("ACTIVE", 82, 2)
    assert _events(active) == before


def test_V2_a_failed_vet_is_final_too(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    vet = services.vet_record_result(actor=analyst, vet=vet, status="FAILED", score=12)
    with pytest.raises(StateConflict) as exc:
        services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=99)
    assert exc.value.code == "V2" and "appeal" in exc.value.message
    vet.refresh_from_db()
    assert (vet.status, vet.score) == ("FAIL", 12)


def test_V2_an_active_vet_may_still_expire_keeping_its_score(active, analyst):
    with pytest.raises(DomainError) as exc:
        services.vet_record_result(actor=analyst, vet=active, status="EXPIRED", score=5)
    assert exc.value.code == "V2" and exc.value.field == "score"
    vet = services.vet_record_result(actor=analyst, vet=active, status="EXPIRED")
    assert (vet.status, vet.score) == ("EXPIRED", 82)
    with pytest.raises(StateConflict):
        services.vet_record_result(actor=analyst, vet=vet, status="EXPIRED")


def test_V2_every_recorded_result_is_audited_with_its_score(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="IN_REVIEW")
    # The status does not move (REVIEW → REVIEW), yet the vendor's interim score is on the record.
    services.vet_record_result(actor=analyst, vet=vet, status="MANUAL_REVIEW", score=40)
    services.vet_record_result(actor=analyst, vet=vet, status="COMPLETED", score=82)
    recorded = AuditEvent.objects.for_subject(vet).filter(action="result_recorded").order_by("id")
    assert [(e.from_state, e.to_state, e.data["score"], e.data["vendor_status"]) for e in recorded] == [
        ("PENDING", "REVIEW", None, "IN_REVIEW"),
        ("REVIEW", "REVIEW", 40, "MANUAL_REVIEW"),
        ("REVIEW", "ACTIVE", 82, "COMPLETED"),
    ]
    assert recorded.last().data["previous_score"] == 40 and recorded.last().actor == analyst
    assert "score 82" in recorded.last().reason


def test_A9_rescore_is_audited_with_the_old_and_new_score(active, manager):
    services.vet_rescore(actor=manager, vet=active, score=91, reason="Appeal approved")
    event = AuditEvent.objects.for_subject(active).get(action="rescored")
    assert (event.data["previous_score"], event.data["score"]) == (82, 91) and "82 → 91" in event.reason


def test_V2_a_stale_version_is_refused(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="IN_REVIEW", expected_version=vet.version)
    with pytest.raises(StateConflict) as exc:
        services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=70, expected_version=vet.version)
    assert exc.value.code == "stale"
    assert Vet.objects.get(pk=vet.pk).status == "REVIEW"


# --- roles in the services (issue 12 item 2): one policy per action, enforced by the service ------------------


def test_roles_only_customers_order_vets(brand, analyst, manager):
    for staff in (analyst, manager):
        with pytest.raises(DomainError) as exc:
            services.vet_request(actor=staff, brand=brand, vet_class="STANDARD", vendor="AEGIS")
        assert exc.value.code == "forbidden" and "customers order vets" in exc.value.message
    assert not Vet.objects.filter(brand=brand).exists()


def test_roles_staff_import_tokens_into_instances_V6(brand, analyst):
    vet = services.vet_import(actor=analyst, brand=brand, vet_class="STANDARD", vendor="WMC", token="WMC-STAFF-01")
    assert vet.imported and vet.requested_by == analyst


def test_roles_only_staff_record_results_and_rescore(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="IN_REVIEW")
    with pytest.raises(DomainError) as exc:
        services.vet_record_result(actor=customer_a, vet=vet, status="ACTIVE", score=90)
    assert exc.value.code == "forbidden"
    active = services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=82)
    with pytest.raises(DomainError) as exc:
        services.vet_rescore(actor=customer_a, vet=active, score=99, reason="mine")
    assert exc.value.code == "forbidden"
    active.refresh_from_db()
    assert active.score == 82


def test_roles_policies_answer_per_role(customer_a, analyst, manager, active):
    assert policies.vet_can_request(customer_a) and not policies.vet_can_request(analyst)
    assert policies.vet_can_import(customer_a) and policies.vet_can_import(manager)
    assert policies.vet_can_record_result(analyst) and not policies.vet_can_record_result(customer_a)
    refused = policies.vet_can_record_result(analyst, active, "ACTIVE")
    assert not refused and refused.code == "V2"
    assert policies.vet_can_record_result(analyst, active, "EXPIRED")
    assert policies.vet_can_rescore(manager) and not policies.vet_can_rescore(customer_a)
