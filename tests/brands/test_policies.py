"""Who may do what to a brand (brands/policies.py), asked by the services, the API and the pages alike.

Customer-only: register, edit, submit, the live findings form. Staff-only: start review, review, identity result,
suspend, reinstate. B5 + B7: no request for changes while an appeal has frozen the brand.
"""

import pytest
from django.urls import reverse

from appeals import services as appeal_services
from brands import services
from brands.models import Brand
from core.errors import DomainError, StateConflict
from tests.appeals.factories import draft_appeal, registry_answered
from tests.brands.factories import ALL_TICKED, brand_data, make_brand

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["analyst", "manager"])
def staff(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def draft(customer_a, sub_account_a):
    return make_brand(customer=customer_a, sub_account=sub_account_a)


@pytest.fixture
def approved(customer_a, sub_account_a, analyst):
    return make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)


# --- customer-only actions: staff get 403 from the service, the API and the page ---------------------------------


def test_customer_only_services_refuse_staff_with_forbidden(staff, sub_account_a, draft):
    calls = [
        lambda: services.brand_register(actor=staff, sub_account=sub_account_a, data=brand_data()),
        lambda: services.brand_update(actor=staff, brand=draft, data={"display_name": "Staff edit"}),
        lambda: services.brand_submit(actor=staff, brand=draft),
    ]
    for call in calls:
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden" and "customer" in refused.value.message.lower()
    draft.refresh_from_db()
    assert draft.display_name == "Acme Dental" and draft.status == "draft"
    assert Brand.objects.count() == 1


def test_customer_only_api_actions_answer_403_to_staff(api_for, staff, sub_account_a, draft):
    api = api_for(staff)
    created = api.post("/api/v1/brands/", {**brand_data(), "sub_account": sub_account_a.pk}, format="json")
    assert created.status_code == 403 and "customers register" in created.json()["detail"]
    assert Brand.objects.count() == 1
    patched = api.patch(f"/api/v1/brands/{draft.pk}/", {"display_name": "Staff edit"}, format="json")
    assert patched.status_code == 403
    assert api.post(f"/api/v1/brands/{draft.pk}/submit/", {}, format="json").status_code == 403
    draft.refresh_from_db()
    assert draft.display_name == "Acme Dental" and draft.status == "draft"


def test_customer_only_api_refuses_staff_before_reading_input(api_for, staff, draft):
    # A malformed body would be a 400 for a customer; the role is refused first.
    response = api_for(staff).patch(f"/api/v1/brands/{draft.pk}/", {"email_2fa_confirmed": "maybe"}, format="json")
    assert response.status_code == 403


def test_customer_only_pages_answer_403_to_staff(client_for, staff, draft):
    client = client_for(staff)
    assert client.get(reverse("brand-register")).status_code == 403
    assert client.get(reverse("brand-edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("brand-edit", args=[draft.pk]), brand_data(display_name="X")).status_code == 403
    assert client.post(reverse("brand-submit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("brand-findings-preview"), brand_data()).status_code == 403
    detail = client.get(reverse("brand-detail", args=[draft.pk])).content.decode()
    assert (
        reverse("brand-edit", args=[draft.pk]) not in detail and reverse("brand-submit", args=[draft.pk]) not in detail
    )


# --- staff-only actions: customers get 403 (their own brand) or 404 (another account's) ---------------------------


def test_staff_only_services_refuse_customers_with_forbidden(customer_a, approved):
    calls = [
        lambda: services.brand_start_review(actor=customer_a, brand=approved),
        lambda: services.brand_review(actor=customer_a, brand=approved, decision="approve", checklist=ALL_TICKED),
        lambda: services.brand_record_identity(
            actor=customer_a, brand=approved, identity_status="VERIFIED", reason="mine"
        ),
        lambda: services.brand_suspend(actor=customer_a, brand=approved, reason="no"),
        lambda: services.brand_reinstate(actor=customer_a, brand=approved, reason="no"),
    ]
    for call in calls:
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden"


def test_staff_only_api_and_pages_answer_403_to_own_customer_and_404_to_another(
    api_for, client_for, customer_a, customer_b, approved
):
    payloads = {
        "review": {"decision": "approve", "checklist": ALL_TICKED},
        "identity": {"identity_status": "VERIFIED", "reason": "mine"},
    }
    for action, payload in payloads.items():
        url = f"/api/v1/brands/{approved.pk}/{action}/"
        assert api_for(customer_a).post(url, payload, format="json").status_code == 403, action
        assert api_for(customer_b).post(url, payload, format="json").status_code in (403, 404), action
    for name in ("brand-review", "brand-identity", "brand-suspend", "brand-reinstate"):
        url = reverse(name, args=[approved.pk])
        assert client_for(customer_a).post(url, {"reason": "x"}).status_code == 403, name
    approved.refresh_from_db()
    assert approved.status == "approved" and approved.identity_status == "UNVERIFIED"


# --- B5: changes cannot be requested while an appeal has frozen the brand -----------------------------------------


@pytest.fixture
def frozen_in_review(customer_a, sub_account_a, analyst):
    """Submitted for review, identity UNVERIFIED recorded, then an identity appeal submitted: the brand is frozen."""
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    registry_answered(brand, analyst=analyst)
    appeal = draft_appeal(customer=customer_a, brand=brand)
    appeal_services.appeal_submit(actor=customer_a, appeal=appeal)
    brand.refresh_from_db()
    assert brand.is_frozen and brand.status == "submitted"
    return brand


def test_B5_request_changes_on_a_frozen_brand_is_refused_saying_why(analyst, frozen_in_review):
    with pytest.raises(StateConflict) as refused:
        services.brand_review(
            actor=analyst, brand=frozen_in_review, decision="request_changes", reason="Fix the address", codes=["511"]
        )
    assert refused.value.code == "B5"
    assert "appeal" in refused.value.message and "cannot change it" in refused.value.message
    frozen_in_review.refresh_from_db()
    assert frozen_in_review.status == "submitted" and not frozen_in_review.reviews.exists()


def test_B5_approval_of_a_frozen_brand_is_still_possible(analyst, frozen_in_review):
    review = services.brand_review(actor=analyst, brand=frozen_in_review, decision="approve", checklist=ALL_TICKED)
    assert review.decision == "approve"


def test_B5_api_request_changes_on_frozen_brand_is_409(api_for, analyst, frozen_in_review):
    response = api_for(analyst).post(
        f"/api/v1/brands/{frozen_in_review.pk}/review/",
        {"decision": "request_changes", "reason": "Fix the address"},
        format="json",
    )
    assert response.status_code == 409 and response.json()["code"] == "B5"
    assert "appeal" in response.json()["detail"]


def test_B5_staff_review_page_hides_request_changes_and_says_why(client_for, analyst, frozen_in_review):
    page = client_for(analyst).get(reverse("brand-detail", args=[frozen_in_review.pk])).content.decode()
    assert 'data-testid="review-form"' in page
    assert 'value="request_changes"' not in page and 'value="approve"' in page
    assert 'data-testid="request-changes-refused"' in page and "Decide the appeal first" in page


def test_B5_page_post_of_request_changes_on_frozen_brand_is_refused_with_the_reason(
    client_for, analyst, frozen_in_review
):
    response = client_for(analyst).post(
        reverse("brand-review", args=[frozen_in_review.pk]),
        {"decision": "request_changes", "reason": "Fix it", "version": frozen_in_review.version},
        follow=True,
    )
    # The page no longer offers the choice; a post made anyway gets the service's refusal as the page's message.
    assert response.status_code == 200 and "Decide the appeal first" in response.content.decode()
    frozen_in_review.refresh_from_db()
    assert frozen_in_review.status == "submitted"


def test_B5_request_changes_page_offers_the_choice_when_not_frozen(client_for, analyst, customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    page = client_for(analyst).get(reverse("brand-detail", args=[brand.pk])).content.decode()
    assert 'value="request_changes"' in page and 'data-testid="request-changes-refused"' not in page
