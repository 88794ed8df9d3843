"""RC1: ``/api/v1/rejection-codes/`` serves the whole catalogue to any signed-in user."""

import pytest
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIClient

from rejections.api import RejectionCodeViewSet
from rejections.models import RejectionCode
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api-rejection-code-list")
FIELDS = {"code", "reason", "remediation", "family", "remediable"}


def detail(code: str) -> str:
    return reverse("api-rejection-code-detail", args=[code])


@pytest.mark.parametrize("role", ["analyst", "manager", "customer_a"])
def test_RC1_list_returns_all_103_codes_in_one_page(request, api_for, role):
    response = api_for(request.getfixturevalue(role)).get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert {"results", "next"} <= set(body)
    assert body["next"] is None
    assert len(body["results"]) == 103
    assert set(body["results"][0]) == FIELDS
    assert [item["code"] for item in body["results"]] == list(RejectionCode.objects.values_list("code", flat=True))


def test_RC1_detail(api_for, customer_a):
    response = api_for(customer_a).get(detail("701"))
    assert response.status_code == 200
    assert response.json() == {
        "code": "701",
        "reason": "Prohibited Content; Cannabis",
        "remediation": RejectionCode.objects.get(code="701").remediation,
        "family": "prohibited_content",
        "remediable": False,
    }


def test_RC1_detail_lookup_is_case_insensitive(api_for, analyst):
    response = api_for(analyst).get(detail("3003a"))
    assert response.status_code == 200
    assert response.json()["code"] == "3003A"


def test_RC1_unknown_code_is_404(api_for, analyst):
    assert api_for(analyst).get(detail("9999")).status_code == 404


def test_RC1_search_by_code_or_reason(api_for, analyst):
    client = api_for(analyst)
    by_code = client.get(LIST, {"q": "3003"}).json()["results"]
    assert [item["code"] for item in by_code] == ["3003A", "3003B"]
    by_text = client.get(LIST, {"q": "cannabis"}).json()["results"]
    assert [item["code"] for item in by_text] == ["701"]


def test_RC1_filter_by_family(api_for, analyst):
    client = api_for(analyst)
    results = client.get(LIST, {"family": "special_use_cases"}).json()["results"]
    assert [item["code"] for item in results] == ["9001", "9002"]
    assert len(client.get(LIST, {"family": "call_to_action", "q": "age gate"}).json()["results"]) == 2
    assert client.get(LIST, {"family": "nonsense"}).status_code == 400


def test_RC1_anonymous_is_401():
    client = APIClient()
    assert client.get(LIST).status_code == 401
    assert client.get(detail("701")).status_code == 401


def test_RC1_user_without_role_is_403(api_for):
    assert api_for(UserFactory(username="nobody")).get(LIST).status_code == 403


def test_RC1_read_only(api_for, manager):
    client = api_for(manager)
    assert client.post(LIST, {"code": "9999"}).status_code == 405
    assert client.patch(detail("701"), {"remediable": True}).status_code == 405


def test_RC1_schema_renders_without_warnings():
    router = DefaultRouter()
    router.register("rejection-codes", RejectionCodeViewSet, basename="api-rejection-code")
    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))]).get_schema(request=None, public=True)
    assert not GENERATOR_STATS, dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    list_params = {p["name"] for p in schema["paths"]["/api/v1/rejection-codes/"]["get"]["parameters"]}
    assert {"q", "family", "cursor"} <= list_params
    assert "/api/v1/rejection-codes/{code}/" in schema["paths"]
