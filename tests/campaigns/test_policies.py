"""Who may do what to a campaign (campaigns/policies.py), asked by the services, the API and the pages alike.

Customer-only: register, edit, submit, V7 resubmission. Staff-only: start review, review (escalated: managers, C6),
suspend/reinstate a campaign or a sub-account.
"""

import pytest
from django.urls import reverse

from accounts import services as account_services
from brands.services import brand_record_identity
from campaigns import services
from campaigns.models import Campaign
from core.errors import DomainError
from tests.brands.factories import make_brand
from tests.campaigns.factories import ALL_TICKED, campaign_data, make_campaign
from tests.campaigns.test_pages import form_post
from vetting import services as vet_services

pytestmark = pytest.mark.django_db
LIST = "/api/v1/campaigns/"


@pytest.fixture(params=["analyst", "manager"])
def staff(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    return brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="Registry verified")


@pytest.fixture
def draft(customer_a, brand):
    return make_campaign(customer=customer_a, brand=brand)


@pytest.fixture
def flagged(customer_a, analyst, brand):
    """V7: approved, then a standard vet completed ACTIVE: it waits for the customer's resubmission."""
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    vet = vet_services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    vet_services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=85)
    campaign.refresh_from_db()
    assert campaign.needs_resubmission
    return campaign


def test_customer_only_services_refuse_staff_with_forbidden(staff, brand, draft, flagged):
    calls = [
        lambda: services.campaign_create(actor=staff, brand=brand, data=campaign_data()),
        lambda: services.campaign_update(actor=staff, campaign=draft, data={"description": "Staff text " * 5}),
        lambda: services.campaign_submit(actor=staff, campaign=draft),
        lambda: services.campaigns_resubmit_for_vet(actor=staff, campaigns=[flagged]),
    ]
    for call in calls:
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden" and "customer" in refused.value.message
    flagged.refresh_from_db()
    assert flagged.needs_resubmission and Campaign.objects.filter(status="draft").count() == 1


def test_customer_only_api_actions_answer_403_to_staff(api_for, staff, brand, draft, flagged):
    api = api_for(staff)
    assert api.post(LIST, {**campaign_data(), "brand": brand.pk}, format="json").status_code == 403
    assert api.patch(f"{LIST}{draft.pk}/", {"description": "x"}, format="json").status_code == 403
    assert api.post(f"{LIST}{draft.pk}/submit/", {}, format="json").status_code == 403
    resubmit = api.post(f"{LIST}resubmit-for-vet/", {"campaigns": [flagged.pk]}, format="json")
    assert resubmit.status_code == 403 and "customer" in resubmit.json()["detail"]
    flagged.refresh_from_db()
    assert flagged.needs_resubmission


def test_staff_may_still_prescreen_through_the_api(api_for, staff, brand):
    response = api_for(staff).post(f"{LIST}prescreen/", {**campaign_data(), "brand": brand.pk}, format="json")
    assert response.status_code == 200


def test_customer_only_pages_answer_403_to_staff(client_for, staff, brand, draft, flagged):
    client = client_for(staff)
    assert client.get(reverse("campaign-create")).status_code == 403
    assert client.get(reverse("campaign-edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("campaign-submit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("campaign-prescreen"), form_post()).status_code == 403
    resubmit = client.post(reverse("campaigns-resubmit-for-vet"), {"campaigns": [flagged.pk]})
    assert resubmit.status_code == 403
    flagged.refresh_from_db()
    assert flagged.needs_resubmission
    detail = client.get(reverse("campaign-detail", args=[draft.pk])).content.decode()
    assert reverse("campaign-edit", args=[draft.pk]) not in detail
    assert reverse("campaign-create") not in client.get(reverse("brand-detail", args=[brand.pk])).content.decode()


def test_staff_only_actions_answer_403_to_own_customer_and_404_to_another(
    api_for, client_for, customer_a, customer_b, analyst, brand, sub_account_a
):
    submitted = make_campaign(customer=customer_a, brand=brand, status="submitted")
    approved = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    service_calls = [
        lambda: services.campaign_start_review(actor=customer_a, campaign=submitted),
        lambda: services.campaign_review(
            actor=customer_a, campaign=submitted, decision="approve", checklist=ALL_TICKED
        ),
        lambda: services.campaign_suspend(actor=customer_a, campaign=approved, reason="x"),
        lambda: services.campaign_reinstate(actor=customer_a, campaign=approved, reason="x"),
        lambda: account_services.sub_account_suspend(actor=customer_a, sub_account=sub_account_a, reason="x"),
        lambda: account_services.sub_account_reinstate(actor=customer_a, sub_account=sub_account_a, reason="x"),
    ]
    for call in service_calls:
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden"
    api_posts = [
        (f"{LIST}{submitted.pk}/start-review/", {}),
        (f"{LIST}{submitted.pk}/review/", {"decision": "approve", "checklist": ALL_TICKED}),
        (f"{LIST}{approved.pk}/suspend/", {"reason": "x"}),
        (f"{LIST}{approved.pk}/reinstate/", {"reason": "x"}),
        (f"/api/v1/sub-accounts/{sub_account_a.pk}/suspend/", {"reason": "x"}),
        (f"/api/v1/sub-accounts/{sub_account_a.pk}/reinstate/", {"reason": "x"}),
    ]
    for path, payload in api_posts:
        assert api_for(customer_a).post(path, payload, format="json").status_code == 403, path
        assert api_for(customer_b).post(path, payload, format="json").status_code in (403, 404), path
    page_posts = [
        reverse("campaign-start-review", args=[submitted.pk]),
        reverse("campaign-review", args=[submitted.pk]),
        reverse("campaign-suspend", args=[approved.pk]),
        reverse("campaign-reinstate", args=[approved.pk]),
        reverse("sub-account-suspend", args=[sub_account_a.pk]),
        reverse("sub-account-reinstate", args=[sub_account_a.pk]),
    ]
    for path in page_posts:
        assert client_for(customer_a).post(path, {"reason": "x", "decision": "approve"}).status_code == 403, path
    submitted.refresh_from_db()
    approved.refresh_from_db()
    sub_account_a.refresh_from_db()
    assert (submitted.status, approved.status, sub_account_a.suspended_at) == ("submitted", "approved", None)
