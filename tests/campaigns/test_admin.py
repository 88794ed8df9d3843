"""Admin: campaigns and decisions are read-only there; suspend/reinstate actions go through the services."""

import pytest

from audit.models import AuditEvent
from brands import services as brand_services
from tests.brands.factories import make_brand
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    brand_services.brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="TCR")
    return make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)


def test_admin_campaign_is_read_only(client_for, manager, approved):
    client = client_for(manager)
    assert client.get("/admin/campaigns/campaign/").status_code == 200
    page = client.get(f"/admin/campaigns/campaign/{approved.pk}/change/")
    assert page.status_code == 200 and b'name="description"' not in page.content
    assert client.post(f"/admin/campaigns/campaign/{approved.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/campaigns/campaignreview/").status_code == 200


def test_C8_admin_suspend_and_reinstate_actions_call_the_services(client_for, manager, approved):
    client = client_for(manager)
    client.post("/admin/campaigns/campaign/", {"action": "suspend_selected", "_selected_action": [approved.pk]})
    approved.refresh_from_db()
    assert approved.status == "suspended"
    event = AuditEvent.objects.for_subject(approved).filter(action="suspend").get()
    assert event.reason.startswith("Suspended from the admin") and event.actor == manager
    client.post("/admin/campaigns/campaign/", {"action": "reinstate_selected", "_selected_action": [approved.pk]})
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_C8_admin_action_reports_refusals_per_row(client_for, manager, customer_a, approved):
    draft = make_campaign(customer=customer_a, brand=approved.brand)
    response = client_for(manager).post(
        "/admin/campaigns/campaign/",
        {"action": "suspend_selected", "_selected_action": [draft.pk, approved.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "only an approved campaign is suspended" in text and "Suspended: 1 campaign(s)." in text
    draft.refresh_from_db()
    assert draft.status == "draft"
