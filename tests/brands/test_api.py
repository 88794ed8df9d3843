"""Brands and vets through the REST API: same services, 400/409/404 mapping, tenancy."""

import pytest

from brands.models import Brand
from tests.brands.factories import ALL_TICKED, brand_data, make_brand
from vetting import services as vet_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand(customer_a, sub_account_a):
    return make_brand(customer=customer_a, sub_account=sub_account_a)


def test_B1_api_refuses_sole_proprietor_with_code(api_for, customer_a, sub_account_a):
    response = api_for(customer_a).post(
        "/api/v1/brands/",
        {**brand_data(entity_type="SOLE_PROPRIETOR", tax_id=""), "sub_account": sub_account_a.pk},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "802" and "Sole Proprietor" in body["entity_type"][0]
    assert not Brand.objects.exists()


def test_api_register_returns_findings_and_field_errors(api_for, customer_a, sub_account_a):
    api = api_for(customer_a)
    ok = api.post(
        "/api/v1/brands/", {**brand_data(email="x@gmail.com"), "sub_account": sub_account_a.pk}, format="json"
    )
    assert ok.status_code == 201
    body = ok.json()
    assert body["tax_id"] == "123456789" and body["status"] == "draft" and body["identity_status"] == "UNVERIFIED"
    assert [f["code"] for f in body["findings"]] == ["713"]
    bad = api.post(
        "/api/v1/brands/",
        {**brand_data(tax_id="1234", tax_id_country="ZZ", phone="12"), "sub_account": sub_account_a.pk},
        format="json",
    )
    assert bad.status_code == 400
    assert set(bad.json()) >= {"tax_id_country", "phone"}


def test_api_submit_review_and_conflicts(api_for, customer_a, analyst, brand):
    customer, staff = api_for(customer_a), api_for(analyst)
    assert (
        customer.post(f"/api/v1/brands/{brand.pk}/review/", {"decision": "approve"}, format="json").status_code == 403
    )
    early = staff.post(
        f"/api/v1/brands/{brand.pk}/review/", {"decision": "approve", "checklist": ALL_TICKED}, format="json"
    )
    assert early.status_code == 409 and early.json()["code"] == "B7"
    submitted = customer.post(f"/api/v1/brands/{brand.pk}/submit/", {}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    stale = staff.post(
        f"/api/v1/brands/{brand.pk}/review/",
        {"decision": "approve", "checklist": ALL_TICKED, "version": 1},
        format="json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    review = staff.post(
        f"/api/v1/brands/{brand.pk}/review/",
        {"decision": "request_changes", "reason": "Use your own EIN", "codes": ["511"]},
        format="json",
    )
    assert review.status_code == 200
    assert review.json()["codes"][0]["code"] == "511"
    assert customer.get(f"/api/v1/brands/{brand.pk}/").json()["status"] == "changes_requested"


def test_B5_api_patch_on_frozen_brand_is_409(api_for, customer_a, brand):
    from brands.services import brand_freeze

    brand_freeze(actor=customer_a, brand=brand, reason="Appeal submitted")
    response = api_for(customer_a).patch(f"/api/v1/brands/{brand.pk}/", {"display_name": "New"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "B5"


def test_api_identity_is_staff_only(api_for, customer_a, analyst, brand):
    url = f"/api/v1/brands/{brand.pk}/identity/"
    payload = {"identity_status": "VERIFIED", "reason": "Registry verified", "feedback": []}
    assert api_for(customer_a).post(url, payload, format="json").status_code == 403
    response = api_for(analyst).post(url, payload, format="json")
    assert response.status_code == 200 and response.json()["identity_status"] == "VERIFIED"


def test_api_vets_request_import_result_and_masking(api_for, customer_a, analyst, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    customer, staff = api_for(customer_a), api_for(analyst)
    created = customer.post(
        f"/api/v1/brands/{brand.pk}/vets/", {"vet_class": "STANDARD", "vendor": "AEGIS"}, format="json"
    )
    assert created.status_code == 201
    vet_id = created.json()["id"]
    assert (
        customer.post(f"/api/v1/vets/{vet_id}/result/", {"status": "ACTIVE", "score": 90}, format="json").status_code
        == 403
    )
    version = created.json()["version"]
    out_of_range = staff.post(
        f"/api/v1/vets/{vet_id}/result/", {"status": "ACTIVE", "score": 120, "version": version}, format="json"
    )
    assert out_of_range.status_code == 400 and "20 above 100" in out_of_range.json()["score"][0]
    done = staff.post(
        f"/api/v1/vets/{vet_id}/result/",
        {"status": "ACTIVE", "score": 90, "token": "AEG-TOKEN-9876", "version": version},
        format="json",
    )
    assert done.status_code == 200 and done.json()["token"] == "AEG-TOKEN-9876"
    seen = customer.get(f"/api/v1/vets/{vet_id}/").json()
    assert seen["token"].endswith("9876") and "AEG" not in seen["token"]
    listed = customer.get(f"/api/v1/brands/{brand.pk}/vets/").json()
    assert [v["id"] for v in listed["results"]] == [vet_id]
    enhanced = customer.post(
        f"/api/v1/brands/{brand.pk}/vets/", {"vet_class": "ENHANCED", "vendor": "AEGIS"}, format="json"
    )
    assert enhanced.status_code == 400 and enhanced.json()["code"] == "V4"


def test_tenancy_every_brand_and_vet_endpoint_is_404_for_other_accounts(
    api_for, customer_a, customer_b, analyst, sub_account_a
):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    vet = vet_services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    other = api_for(customer_b)
    assert other.get(f"/api/v1/brands/{brand.pk}/").status_code == 404
    assert other.patch(f"/api/v1/brands/{brand.pk}/", {"display_name": "x"}, format="json").status_code == 404
    assert other.post(f"/api/v1/brands/{brand.pk}/submit/", {}, format="json").status_code == 404
    assert other.get(f"/api/v1/brands/{brand.pk}/vets/").status_code == 404
    assert (
        other.post(
            f"/api/v1/brands/{brand.pk}/vets/", {"vet_class": "STANDARD", "vendor": "WMC"}, format="json"
        ).status_code
        == 404
    )
    assert other.get(f"/api/v1/vets/{vet.pk}/").status_code == 404
    assert other.get(f"/api/v1/vets/{vet.pk}/instances-lacking-token/").status_code == 404
    assert other.get("/api/v1/brands/").json()["results"] == []
    assert other.get("/api/v1/vets/").json()["results"] == []
    assert (
        other.post("/api/v1/brands/", {**brand_data(), "sub_account": sub_account_a.pk}, format="json").status_code
        == 404
    )


def test_anonymous_gets_401(client, brand):
    assert client.get("/api/v1/brands/").status_code == 401
    assert client.get(f"/api/v1/brands/{brand.pk}/").status_code == 401


def test_tenancy_missing_and_foreign_sub_account_answer_alike(api_for, customer_a, sub_account_b):
    # a customer cannot tell a sub-account of another account from one that does not exist
    api = api_for(customer_a)
    foreign = api.post("/api/v1/brands/", {**brand_data(), "sub_account": sub_account_b.pk}, format="json")
    missing = api.post("/api/v1/brands/", {**brand_data(), "sub_account": 987654}, format="json")
    assert foreign.status_code == missing.status_code == 404
    assert not Brand.objects.exists()


def test_api_list_filter_with_a_malformed_id_is_400(api_for, customer_a, brand):
    response = api_for(customer_a).get("/api/v1/brands/", {"sub_account": "abc"})
    assert response.status_code == 400 and "sub_account" in response.json()
    assert api_for(customer_a).get("/api/v1/brands/", {"sub_account": brand.sub_account_id}).json()["results"]
