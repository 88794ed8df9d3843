"""Who may do what to an appeal (appeals/policies.py), asked by the services, the API and the pages alike.

Customer-only: file, edit the draft, add/remove evidence, submit. Staff-only: start review, decide.
"""

import pytest
from django.urls import reverse

from appeals import services
from appeals.models import Appeal, Evidence
from core.errors import DomainError
from tests.appeals.factories import draft_appeal, registry_answered, upload
from tests.brands.factories import make_brand

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["analyst", "manager"])
def staff(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    return registry_answered(brand, analyst=analyst)


@pytest.fixture
def draft(customer_a, brand):
    return draft_appeal(customer=customer_a, brand=brand)


@pytest.fixture
def submitted(customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    return services.appeal_submit(actor=customer_a, appeal=appeal)


def test_customer_only_services_refuse_staff_with_forbidden(staff, brand, draft):
    evidence = draft.evidence.get()
    calls = [
        lambda: services.appeal_open(actor=staff, brand=brand, categories=["VERIFY_TAX_ID"]),
        lambda: services.appeal_update(actor=staff, appeal=draft, explanation="Staff words"),
        lambda: services.evidence_add(actor=staff, appeal=draft, upload=upload("staff.pdf")),
        lambda: services.evidence_remove(actor=staff, evidence=evidence),
        lambda: services.appeal_submit(actor=staff, appeal=draft),
    ]
    for call in calls:
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden" and "customer" in refused.value.message
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.explanation == "The EIN letter matches." and draft.evidence.count() == 1


def test_customer_only_api_actions_answer_403_to_staff(api_for, staff, brand, draft):
    api = api_for(staff)
    evidence = draft.evidence.get()
    filed = api.post(f"/api/v1/brands/{brand.pk}/appeals/", {"categories": ["VERIFY_TAX_ID"]}, format="json")
    assert filed.status_code == 403 and "customer" in filed.json()["detail"]
    assert api.patch(f"/api/v1/appeals/{draft.pk}/", {"explanation": "x"}, format="json").status_code == 403
    uploaded = api.post(f"/api/v1/appeals/{draft.pk}/evidence/", {"file": upload("staff.pdf")}, format="multipart")
    assert uploaded.status_code == 403
    assert api.delete(f"/api/v1/appeals/{draft.pk}/evidence/{evidence.pk}/").status_code == 403
    assert api.post(f"/api/v1/appeals/{draft.pk}/submit/", {}, format="json").status_code == 403
    assert Appeal.objects.count() == 1 and Evidence.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_customer_only_pages_answer_403_to_staff(client_for, staff, brand, draft):
    client = client_for(staff)
    evidence = draft.evidence.get()
    assert client.get(reverse("appeal-new") + f"?brand={brand.pk}").status_code == 403
    assert client.post(reverse("appeal-edit", args=[draft.pk]), {"explanation": "x"}).status_code == 403
    assert client.post(reverse("appeal-evidence-upload", args=[draft.pk]), {"file": upload()}).status_code == 403
    assert client.post(reverse("appeal-evidence-remove", args=[draft.pk, evidence.pk])).status_code == 403
    assert client.post(reverse("appeal-submit", args=[draft.pk])).status_code == 403
    assert Evidence.objects.count() == 1 and Appeal.objects.get().status == "draft"


def test_staff_only_actions_answer_403_to_own_customer_and_404_to_another(
    api_for, client_for, customer_a, customer_b, submitted
):
    for call in (
        lambda: services.appeal_start_review(actor=customer_a, appeal=submitted),
        lambda: services.appeal_decide(actor=customer_a, appeal=submitted, decision="approve", reason="mine"),
    ):
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden"
    payload = {"decision": "approve", "reason": "mine", "identity_status": "VERIFIED"}
    for path in (f"/api/v1/appeals/{submitted.pk}/start-review/", f"/api/v1/appeals/{submitted.pk}/decide/"):
        assert api_for(customer_a).post(path, payload, format="json").status_code == 403, path
        assert api_for(customer_b).post(path, payload, format="json").status_code in (403, 404), path
    assert client_for(customer_a).post(reverse("appeal-decide", args=[submitted.pk]), payload).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
