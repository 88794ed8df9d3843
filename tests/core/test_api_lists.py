"""Issue 13: one list shape for every API list, and one input helper (core.api).

API.md: lists are paginated, ``{"results": [...], "next": <url or null>}``; every list answers the cursor
shape ``{"next", "previous", "results"}`` (before: three shapes — a brand's vets and appeals lacked
``previous``, an appeal's evidence and a vet's instances lacking its token had ``results`` alone)."""

import pytest
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.api import validated_input
from tests.appeals.factories import draft_appeal, failed_vet, registry_answered
from tests.brands.factories import make_brand

pytestmark = pytest.mark.django_db

SHAPE = {"next", "previous", "results"}


@pytest.fixture
def world(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    brand = registry_answered(brand, analyst=analyst)
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    appeal = draft_appeal(customer=customer_a, brand=brand, files=3)
    return brand, vet, appeal


def test_every_list_endpoint_answers_the_cursor_shape(api_for, customer_a, manager, world):
    brand, vet, appeal = world
    customer, staff = api_for(customer_a), api_for(manager)
    lists = {
        customer: [
            "/api/v1/sub-accounts/",
            "/api/v1/rejection-codes/",
            "/api/v1/brands/",
            f"/api/v1/brands/{brand.pk}/vets/",
            f"/api/v1/brands/{brand.pk}/appeals/",
            "/api/v1/vets/",
            f"/api/v1/vets/{vet.pk}/appeals/",
            f"/api/v1/vets/{vet.pk}/instances-lacking-token/",
            "/api/v1/appeals/",
            f"/api/v1/appeals/{appeal.pk}/evidence/",
            "/api/v1/campaigns/",
            f"/api/v1/audit-events/?subject=brand:{brand.pk}",
            f"/api/v1/comments/?subject=brand:{brand.pk}",
        ],
        staff: ["/api/v1/work-items/", "/api/v1/audit-events/", "/api/v1/reports/"],
    }
    for client, urls in lists.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.content)
            assert set(response.json()) == SHAPE, url


def test_a_subjects_list_is_paged_by_cursor_in_its_own_order(api_for, customer_a, world):
    _, _, appeal = world
    api = api_for(customer_a)
    first = api.get(f"/api/v1/appeals/{appeal.pk}/evidence/?page_size=2").json()
    assert [e["name"] for e in first["results"]] == ["letter-0.pdf", "letter-1.pdf"]  # upload order, as before
    assert first["previous"] is None and first["next"]
    rest = api.get(first["next"]).json()
    assert [e["name"] for e in rest["results"]] == ["letter-2.pdf"] and rest["next"] is None and rest["previous"]


class _Reason(serializers.Serializer):
    reason = serializers.CharField()


def test_validated_input_returns_the_checked_body_or_a_400_with_field_errors():
    factory = APIRequestFactory()

    def request(data):
        from rest_framework.parsers import JSONParser

        return Request(factory.post("/", data, format="json"), parsers=[JSONParser()])

    assert validated_input(_Reason, request({"reason": "Spam"})) == {"reason": "Spam"}
    with pytest.raises(ValidationError) as exc:
        validated_input(_Reason, request({}))
    assert exc.value.detail == {"reason": ["This field is required."]}
