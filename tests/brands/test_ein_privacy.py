"""B4/511 and DESIGN §9 "Never reveal another account": the EIN-reuse check runs system-wide, but a customer's
message never names, counts or confirms another account's brand; staff see the details."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from brands import services
from tests.brands.factories import brand_data, make_brand

pytestmark = pytest.mark.django_db

OTHER_NAME = "Zanzibar Orthodontics Holdings LLC"
EIN = "98-7654321"


@pytest.fixture
def foreign(customer_a, sub_account_a):
    """Account A's brand; account B will type the same EIN."""
    return make_brand(customer=customer_a, sub_account=sub_account_a, legal_name=OTHER_NAME, tax_id=EIN)


@pytest.fixture
def b_brand(customer_b, sub_account_b, foreign):
    return services.brand_register(
        actor=customer_b, sub_account=sub_account_b, data=brand_data(legal_name="Beacon Pets Inc", tax_id=EIN)
    )


def test_511_check_stays_system_wide_but_the_other_accounts_finding_is_staff_only(b_brand, customer_b, analyst):
    staff_view = services.brand_findings_for(user=analyst, findings=b_brand.findings)
    assert [f["code"] for f in staff_view] == ["511"]
    assert OTHER_NAME in staff_view[0]["message"] and "Acme Messaging" in staff_view[0]["message"]
    assert services.brand_findings_for(user=customer_b, findings=b_brand.findings) == []


def test_511_same_account_reuse_is_still_named_to_its_own_customer(customer_a, sub_account_a, foreign):
    mine = services.brand_register(
        actor=customer_a, sub_account=sub_account_a, data=brand_data(legal_name="Acme Pets", tax_id=EIN)
    )
    visible = services.brand_findings_for(user=customer_a, findings=mine.findings)
    assert [f["code"] for f in visible] == ["511"] and OTHER_NAME in visible[0]["message"]


def test_511_legacy_stored_finding_naming_another_brand_is_withheld_from_customers(b_brand, customer_b, analyst):
    legacy = [
        {"check": "ein_reuse", "code": "511", "field": "tax_id", "message": f"… “{OTHER_NAME}”.", "remediation": ""}
    ]
    assert services.brand_findings_for(user=customer_b, findings=legacy) == []
    assert services.brand_findings_for(user=analyst, findings=legacy) == legacy


def test_511_api_detail_hides_the_other_accounts_brand_from_the_customer_only(api_for, customer_b, analyst, b_brand):
    customer_body = api_for(customer_b).get(f"/api/v1/brands/{b_brand.pk}/")
    assert customer_body.status_code == 200
    assert OTHER_NAME not in customer_body.content.decode() and customer_body.json()["findings"] == []
    staff_body = api_for(analyst).get(f"/api/v1/brands/{b_brand.pk}/").json()
    assert [f["code"] for f in staff_body["findings"]] == ["511"] and OTHER_NAME in staff_body["findings"][0]["message"]


def test_511_api_patch_of_tax_id_does_not_turn_an_ein_into_another_accounts_name(
    api_for, customer_b, sub_account_b, foreign
):
    draft = services.brand_register(
        actor=customer_b, sub_account=sub_account_b, data=brand_data(legal_name="Beacon Pets Inc", tax_id="11-1111111")
    )
    response = api_for(customer_b).patch(f"/api/v1/brands/{draft.pk}/", {"tax_id": EIN}, format="json")
    assert response.status_code == 200
    assert OTHER_NAME not in response.content.decode() and "511" not in response.content.decode()


def test_511_api_register_with_another_accounts_ein_reveals_nothing(api_for, customer_b, sub_account_b, foreign):
    response = api_for(customer_b).post(
        "/api/v1/brands/", {**brand_data(legal_name="Beacon Pets", tax_id=EIN), "sub_account": sub_account_b.pk}
    )
    assert response.status_code == 201 and response.json()["findings"] == []


def test_511_live_findings_form_reveals_nothing_about_other_accounts(client_for, customer_b, foreign):
    response = client_for(customer_b).post(
        reverse("brand-findings-preview"), brand_data(legal_name="Anything Else", tax_id=EIN)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert OTHER_NAME not in body and "511" not in body and 'data-testid="no-findings"' in body


def test_511_brand_pages_show_the_other_accounts_brand_to_staff_only(client_for, customer_b, analyst, b_brand):
    customer_pages = [reverse("brand-detail", args=[b_brand.pk]), reverse("brand-edit", args=[b_brand.pk])]
    for url in customer_pages:
        response = client_for(customer_b).get(url)
        assert response.status_code == 200 and OTHER_NAME.encode() not in response.content, url
    assert OTHER_NAME.encode() in client_for(analyst).get(customer_pages[0]).content


def test_511_customer_timeline_does_not_confirm_the_other_accounts_brand(api_for, customer_b, analyst, b_brand):
    registered = AuditEvent.objects.for_subject(b_brand).get(action="registered")
    assert registered.codes == [] and registered.customer_visible
    staff_event = AuditEvent.objects.for_subject(b_brand).get(action="staff_findings")
    assert staff_event.codes == ["511"] and not staff_event.customer_visible
    trail = api_for(customer_b).get(f"/api/v1/audit-events/?subject=brand:{b_brand.pk}").content.decode()
    assert "511" not in trail and OTHER_NAME not in trail
