"""Admin: brands and vets are read-only there (changes go through the services); tiers are editable."""

import pytest

from tests.brands.factories import make_brand
from vetting.models import ThroughputTier

pytestmark = pytest.mark.django_db


def test_admin_brand_is_read_only_and_tiers_editable(client_for, manager, customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    client = client_for(manager)
    assert client.get("/admin/brands/brand/").status_code == 200
    page = client.get(f"/admin/brands/brand/{brand.pk}/change/")
    assert page.status_code == 200 and b'name="legal_name"' not in page.content
    assert client.post(f"/admin/brands/brand/{brand.pk}/delete/", {"post": "yes"}).status_code == 403
    tier = ThroughputTier.objects.get(use_case_group="LOW_VOLUME")
    assert client.get(f"/admin/vetting/throughputtier/{tier.pk}/change/").status_code == 200
    assert client.get("/admin/vetting/vet/").status_code == 200


def test_admin_suspend_action_calls_the_service(client_for, manager, customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    response = client_for(manager).post(
        "/admin/brands/brand/", {"action": "suspend_selected", "_selected_action": [brand.pk]}, follow=True
    )
    assert response.status_code == 200
    brand.refresh_from_db()
    assert brand.status == "suspended"
