"""Vetting rules by id, through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from brands import services as brand_services
from core.errors import DomainError, StateConflict
from tests.accounts.factories import SubAccountFactory
from tests.brands.factories import make_brand
from vetting import services
from vetting.models import Vet
from vetting.selectors import brand_instances_lacking_token, throughput_forecast
from vetting.signals import vet_completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)


def nonprofit(customer, sub_account, analyst, exempt):
    """A non-profit end brand in a sub-account of its own beside ``sub_account`` (S3: one tax id per sub-account)."""
    return make_brand(
        customer=customer,
        sub_account=SubAccountFactory(account=sub_account.account, name=f"Civic {exempt}"),
        status="approved",
        analyst=analyst,
        entity_type="NON_PROFIT",
        tax_exempt_status=exempt,
        legal_name=f"Civic {exempt}",
        tax_id="55-5555555" if exempt == "NONE" else "66-6666666",
    )


def test_V1_V2_standard_vet_lifecycle_makes_brand_vetted_verified(brand, customer_a, analyst):
    received = []
    vet_completed.connect(lambda sender, vet, **kw: received.append(vet.pk), weak=False, dispatch_uid="t")
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    assert vet.status == "PENDING"
    vet = services.vet_record_result(actor=analyst, vet=vet, status="IN_REVIEW")
    assert (vet.status, vet.vendor_status) == ("REVIEW", "IN_REVIEW")
    vet = services.vet_record_result(actor=analyst, vet=vet, status="COMPLETED", score=81, token="AEG-0001")
    assert (vet.status, vet.score, vet.vendor_status) == ("ACTIVE", 81, "COMPLETED")
    assert vet.completed_at is not None
    brand.refresh_from_db()
    assert brand.identity_status == "VETTED_VERIFIED"
    assert received == [vet.pk]
    vet_completed.disconnect(dispatch_uid="t")


def test_V2_active_requires_a_score_and_finals_are_final(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    with pytest.raises(DomainError) as exc:
        services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE")
    assert exc.value.code == "V2"
    services.vet_record_result(actor=analyst, vet=vet, status="FAIL")
    with pytest.raises(StateConflict):
        services.vet_record_result(actor=analyst, vet=vet, status="REVIEW")


@pytest.mark.parametrize(("score", "fragment"), [(101, "1 above 100"), (-3, "3 below 0"), ("abc", "whole number")])
def test_V2_score_outside_0_100_is_refused_specifically(brand, customer_a, analyst, score, fragment):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    with pytest.raises(DomainError) as exc:
        services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=score)
    assert fragment in exc.value.message and exc.value.field == "score"
    vet.refresh_from_db()
    assert vet.status == "PENDING" and vet.score is None


def test_V2_unknown_vendor_status_lists_the_known_ones(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    with pytest.raises(DomainError) as exc:
        services.vet_record_result(actor=analyst, vet=vet, status="WEIRD")
    assert "Unknown vendor status “WEIRD”" in exc.value.message and "COMPLETED" in exc.value.message


def test_V2_customers_cannot_record_results(brand, customer_a):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    with pytest.raises(DomainError):
        services.vet_record_result(actor=customer_a, vet=vet, status="ACTIVE", score=90)


def test_V3_forecast_uses_the_tier_table(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=75)
    classes = {f.group: f.tier.carrier_class for f in throughput_forecast(brand=brand)}
    assert classes == {"DEDICATED": "A", "MIXED_MARKETING": "B", "LOW_VOLUME": "T"}
    low = {f.group: (f.tier.carrier_class if f.tier else None) for f in throughput_forecast(brand=brand, score=49)}
    assert low == {"DEDICATED": "E", "MIXED_MARKETING": "F", "LOW_VOLUME": "T"}
    unvetted = {f.group: f.tier for f in throughput_forecast(brand=brand, score=None, use_default_score=False)}
    assert unvetted["DEDICATED"] is None and unvetted["LOW_VOLUME"].carrier_class == "T"


def test_V4_enhanced_refused_when_standard_score_is_75_or_more(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=75)
    with pytest.raises(DomainError) as exc:
        services.vet_request(actor=customer_a, brand=brand, vet_class="ENHANCED", vendor="AEGIS")
    assert exc.value.code == "V4" and "75" in exc.value.message


def test_V4_enhanced_allowed_below_75(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=74)
    assert services.vet_request(actor=customer_a, brand=brand, vet_class="ENHANCED", vendor="WMC").status == "PENDING"


def test_V5_political_only_for_non_exempt_non_profits(brand, customer_a, sub_account_a, analyst):
    with pytest.raises(DomainError) as exc:
        services.vet_request(actor=customer_a, brand=brand, vet_class="POLITICAL", vendor="CV")
    assert exc.value.code == "V5"
    exempt = nonprofit(customer_a, sub_account_a, analyst, "501C4")
    with pytest.raises(DomainError) as exc:
        services.vet_import(actor=customer_a, brand=exempt, vet_class="POLITICAL", vendor="CV", token="CV-1234")
    assert exc.value.code == "V5" and "501(c)(4)" in exc.value.message
    plain = nonprofit(customer_a, sub_account_a, analyst, "NONE")
    vet = services.vet_import(actor=customer_a, brand=plain, vet_class="POLITICAL", vendor="CV", token="CV-1234")
    assert vet.imported and vet.status == "ACTIVE"


def test_V6_political_token_single_use_everywhere(customer_a, customer_b, sub_account_a, sub_account_b, analyst):
    first = nonprofit(customer_a, sub_account_a, analyst, "NONE")
    services.vet_import(actor=customer_a, brand=first, vet_class="POLITICAL", vendor="CV", token="CV-ONCE-1")
    second = nonprofit(customer_b, sub_account_b, analyst, "NONE")
    with pytest.raises(DomainError) as exc:
        services.vet_import(actor=customer_b, brand=second, vet_class="POLITICAL", vendor="CV", token="CV-ONCE-1")
    assert exc.value.code == "V6" and "single-use" in exc.value.message
    assert Vet.objects.filter(token="CV-ONCE-1").count() == 1


def test_V6_standard_token_reused_across_instances_of_same_tax_id(brand, customer_a, account_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    vet = services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=88, token="AEG-SHARED-1")
    twin = make_brand(
        customer=customer_a, sub_account=SubAccountFactory(account=account_a), status="approved", analyst=analyst
    )
    assert brand_instances_lacking_token(vet=vet, user=analyst) == [twin]
    imported = services.vet_import(
        actor=customer_a, brand=twin, vet_class="STANDARD", vendor="AEGIS", token="AEG-SHARED-1"
    )
    assert (imported.imported, imported.status, imported.score, imported.imported_from_id) == (
        True,
        "ACTIVE",
        88,
        vet.pk,
    )
    twin.refresh_from_db()
    assert twin.identity_status == "VETTED_VERIFIED"
    assert brand_instances_lacking_token(vet=vet, user=analyst) == []
    with pytest.raises(StateConflict):
        services.vet_import(actor=customer_a, brand=twin, vet_class="STANDARD", vendor="AEGIS", token="AEG-SHARED-1")


def test_V6_standard_token_of_another_tax_id_is_refused(brand, customer_a, sub_account_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=88, token="AEG-MINE-1")
    other = make_brand(
        customer=customer_a,
        sub_account=SubAccountFactory(account=sub_account_a.account, name="Other Co"),  # another end brand (S3)
        status="approved",
        analyst=analyst,
        legal_name="Other Co",
        tax_id="11-1111111",
    )
    with pytest.raises(DomainError) as exc:
        services.vet_import(actor=customer_a, brand=other, vet_class="STANDARD", vendor="AEGIS", token="AEG-MINE-1")
    assert exc.value.code == "V6"


def test_V6_unknown_token_imports_pending_for_a_result(brand, customer_a):
    vet = services.vet_import(
        actor=customer_a, brand=brand, vet_class="STANDARD", vendor="WMC", token="WMC-FROM-OTHER-CSP"
    )
    assert vet.imported and vet.status == "PENDING" and vet.imported_from is None


def test_V9_after_fail_a_new_vet_needs_an_update_or_appeal(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="FAIL")
    with pytest.raises(DomainError) as exc:
        services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    assert exc.value.code == "V9"
    brand_services.brand_update(actor=customer_a, brand=brand, data={"website": "https://acme-dental.example.com"})
    assert services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS").status == "PENDING"


def test_V9_an_appeal_also_allows_a_new_vet(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="FAIL")
    Vet.objects.filter(pk=vet.pk).update(completed_at=timezone.now() - timedelta(days=1))
    services.vet_mark_appealed(actor=customer_a, vet=vet)
    assert services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="WMC").status == "PENDING"


def test_vet_requires_an_approved_brand_and_matching_vendor(customer_a, sub_account_a, analyst):
    draft = make_brand(customer=customer_a, sub_account=sub_account_a)
    with pytest.raises(StateConflict):
        services.vet_request(actor=customer_a, brand=draft, vet_class="STANDARD", vendor="AEGIS")
    with pytest.raises(DomainError) as exc:
        services.vet_request(actor=customer_a, brand=draft, vet_class="STANDARD", vendor="CV")
    assert "vendor" in exc.value.errors


def test_one_open_vet_per_class(brand, customer_a):
    services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    with pytest.raises(StateConflict):
        services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="WMC")


def test_customer_cannot_vet_another_accounts_brand(brand, customer_b):
    with pytest.raises(DomainError) as exc:
        services.vet_request(actor=customer_b, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    assert exc.value.code == "not_found"
