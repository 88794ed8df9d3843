"""Vetting API: final vets refuse results (V2, 409), staff decisions name their version, roles answer 403,
V6 refusals tell a customer nothing about another account."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.brands.factories import make_brand
from vetting import services
from vetting.models import Vet

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)


@pytest.fixture
def active(brand, customer_a, analyst):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    return services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=82, token="AEG-API-0082")


def _result(client, vet, **payload):
    return client.post(f"/api/v1/vets/{vet.pk}/result/", payload, format="json")


def test_V2_api_result_on_an_active_vet_is_409_and_changes_nothing(api_for, analyst, active):
    events = AuditEvent.objects.for_subject(active).count()
    response = _result(api_for(analyst), active, status="ACTIVE", score=5, version=active.version)
    assert response.status_code == 409 and response.json()["code"] == "V2"
    assert "final" in response.json()["detail"]
    active.refresh_from_db()
    assert (active.status, active.score) == ("ACTIVE", 82)
    assert AuditEvent.objects.for_subject(active).count() == events


def test_V2_api_result_needs_the_version_and_refuses_a_stale_one(api_for, analyst, brand, customer_a):
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    staff = api_for(analyst)
    missing = _result(staff, vet, status="IN_REVIEW")
    assert missing.status_code == 400 and "version" in missing.json()
    assert _result(staff, vet, status="IN_REVIEW", version=vet.version).status_code == 200
    stale = _result(staff, vet, status="COMPLETED", score=80, version=vet.version)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    done = _result(staff, vet, status="COMPLETED", score=80, version=vet.version + 1)
    assert done.status_code == 200 and done.json()["score"] == 80
    event = AuditEvent.objects.for_subject(vet).filter(action="result_recorded").latest("id")
    assert event.data["score"] == 80 and event.actor == analyst


def test_roles_api_customer_result_and_staff_order_are_403(api_for, customer_a, analyst, manager, brand, active):
    response = _result(api_for(customer_a), active, status="EXPIRED", version=active.version)
    assert response.status_code == 403 and "staff" in response.json()["detail"]
    for staff in (analyst, manager):
        ordered = api_for(staff).post(
            f"/api/v1/brands/{brand.pk}/vets/", {"vet_class": "ENHANCED", "vendor": "WMC"}, format="json"
        )
        assert ordered.status_code == 403 and "customers order vets" in ordered.json()["detail"]
    imported = api_for(analyst).post(
        f"/api/v1/brands/{brand.pk}/vets/",
        {"vet_class": "STANDARD", "vendor": "WMC", "token": "WMC-STAFF-IMPORT"},
        format="json",
    )
    assert imported.status_code == 201
    assert Vet.objects.filter(brand=brand, requested_by__in=[analyst, manager], imported=False).count() == 0


def test_V6_api_refusal_tells_the_customer_nothing_about_another_account(
    api_for, customer_b, sub_account_b, analyst, active
):
    other = make_brand(
        customer=customer_b,
        sub_account=sub_account_b,
        status="approved",
        analyst=analyst,
        legal_name="Beacon Retail",
        display_name="Beacon Retail",
        tax_id="98-7654321",
    )
    url = f"/api/v1/brands/{other.pk}/vets/"
    foreign = api_for(customer_b).post(
        url, {"vet_class": "STANDARD", "vendor": "AEGIS", "token": "AEG-API-0082"}, format="json"
    )
    mismatch = api_for(customer_b).post(
        url, {"vet_class": "ENHANCED", "vendor": "WMC", "token": "AEG-API-0082"}, format="json"
    )
    assert foreign.status_code == mismatch.status_code == 400
    assert foreign.json() == mismatch.json()
    body = foreign.content.decode()
    for marker in ("Acme", "Aegis", "AEGIS", str(active.pk), "82"):
        assert marker not in body, marker
    staff = api_for(analyst).post(
        url, {"vet_class": "STANDARD", "vendor": "AEGIS", "token": "AEG-API-0082"}, format="json"
    )
    assert staff.status_code == 400 and "Acme Dental" in staff.json()["token"][0]


# --- the pages ask the same policies ----------------------------------------------------------------------------


def test_roles_pages_customer_cannot_record_and_staff_cannot_order(client_for, customer_a, analyst, brand, active):
    customer = client_for(customer_a)
    response = customer.post(reverse("vet-result", args=[active.pk]), {"status": "EXPIRED", "version": 2})
    assert response.status_code == 403
    staff = client_for(analyst)
    ordered = staff.post(reverse("vet-create", args=[brand.pk]), {"vet_class": "ENHANCED", "vendor": "WMC"})
    assert ordered.status_code == 403
    assert not Vet.objects.filter(brand=brand, vet_class="ENHANCED").exists()
    page = staff.get(reverse("brand-detail", args=[brand.pk])).content.decode()
    assert "Import a token" in page and "Order a vet" not in page
    imported = staff.post(
        reverse("vet-create", args=[brand.pk]), {"vet_class": "STANDARD", "vendor": "WMC", "token": "WMC-PAGE-01"}
    )
    assert imported.status_code == 302 and Vet.objects.filter(token="WMC-PAGE-01", brand=brand).exists()
    active.refresh_from_db()
    assert active.status == "ACTIVE"


def test_V2_page_result_on_a_final_vet_says_why_and_changes_nothing(client_for, analyst, active):
    response = client_for(analyst).post(
        reverse("vet-result", args=[active.pk]), {"status": "ACTIVE", "score": "5", "version": active.version},
        follow=True,
    )  # fmt: skip
    assert "final (ACTIVE with score 82)" in response.content.decode()
    active.refresh_from_db()
    assert active.score == 82
