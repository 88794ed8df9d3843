"""S3: one end brand (one tax id) per sub-account; existing violations listed for staff."""

import pytest
from django.test import Client
from django.urls import reverse

from brands import services as brand_services
from brands.models import Brand
from core.errors import StateConflict
from tests.accounts.factories import SubAccountFactory
from tests.brands.factories import brand_data, make_brand


@pytest.mark.django_db
def test_s3_second_end_brand_refused_with_the_way_forward(customer_a, sub_account_a):
    make_brand(customer=customer_a, sub_account=sub_account_a)
    with pytest.raises(StateConflict) as refused:
        brand_services.brand_register(
            actor=customer_a,
            sub_account=sub_account_a,
            data=brand_data(legal_name="Acme Pets LLC", tax_id="77-7777777"),
        )
    assert refused.value.code == "S3" and refused.value.field == "tax_id"
    assert "This sub-account already carries Acme Dental" in refused.value.message
    assert reverse("sub-account-create") in refused.value.message
    assert Brand.objects.filter(sub_account=sub_account_a).count() == 1


@pytest.mark.django_db
def test_s3_same_tax_id_is_the_same_end_brand(customer_a, sub_account_a):
    make_brand(customer=customer_a, sub_account=sub_account_a)
    second = brand_services.brand_register(
        actor=customer_a, sub_account=sub_account_a, data=brand_data(display_name="Acme Dental North")
    )
    assert second.sub_account_id == sub_account_a.pk


@pytest.mark.django_db
def test_s3_editing_the_tax_id_to_another_end_brand_refused(customer_a, sub_account_a):
    make_brand(customer=customer_a, sub_account=sub_account_a)
    second = make_brand(customer=customer_a, sub_account=sub_account_a, display_name="Acme Dental North")
    with pytest.raises(StateConflict) as refused:
        brand_services.brand_update(actor=customer_a, brand=second, data={"tax_id": "77-7777777"})
    assert refused.value.code == "S3"
    second.refresh_from_db()
    assert second.tax_id == "123456789"
    # A lone brand may correct its own tax id.
    lone = SubAccountFactory(account=sub_account_a.account, name="Acme Lone")
    brand = make_brand(customer=customer_a, sub_account=lone, tax_id="44-4444444")
    assert brand_services.brand_update(actor=customer_a, brand=brand, data={"tax_id": "45-4444444"}).tax_id


@pytest.mark.django_db
def test_s3_refusal_on_the_api_and_the_page(api_for, client_for, customer_a, sub_account_a):
    make_brand(customer=customer_a, sub_account=sub_account_a)
    data = {**brand_data(legal_name="Acme Pets LLC", tax_id="77-7777777"), "sub_account": sub_account_a.pk}
    refused = api_for(customer_a).post("/api/v1/brands/", data, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "S3"
    assert refused.json()["create_sub_account"] == reverse("sub-account-create")
    page = client_for(customer_a).post(reverse("brand-register"), data)
    assert "already carries Acme Dental" in page.content.decode()
    assert Brand.objects.count() == 1


def _legacy_violation(sub_account):
    """A brand registered before S3 existed: inserted directly, as old data is."""
    return Brand.objects.create(
        sub_account=sub_account,
        legal_name="Acme Pets LLC",
        entity_type="PRIVATE_PROFIT",
        tax_id="77-7777777",
        vertical="RETAIL",
        email="pets@example.com",
        phone="+12025550111",
    )


@pytest.mark.django_db
def test_staff_segregation_list(
    customer_a, analyst, sub_account_a, sub_account_b, customer_b, django_assert_max_num_queries
):
    make_brand(customer=customer_a, sub_account=sub_account_a)
    _legacy_violation(sub_account_a)
    make_brand(customer=customer_b, sub_account=sub_account_b, tax_id="98-7654321")
    for index in range(5):
        sub = SubAccountFactory(account=sub_account_a.account, name=f"Legacy {index}")
        make_brand(customer=customer_a, sub_account=sub, tax_id=f"55-000000{index}")
        _legacy_violation(sub)
    staff = Client()
    staff.force_login(analyst)
    with django_assert_max_num_queries(12):
        page = staff.get(reverse("segregation-list"))
    html = page.content.decode()
    assert page.status_code == 200 and "Acme Messaging / Acme Dental" in html and "77-7777777 (US)" in html
    assert "Beacon Retail" not in html  # one tax id: not listed
    assert html.count('data-testid="segregation"') == 1 and html.count("Legacy ") == 5


@pytest.mark.django_db
def test_segregation_list_is_staff_only(client_for, customer_a):
    assert client_for(customer_a).get(reverse("segregation-list")).status_code == 403
