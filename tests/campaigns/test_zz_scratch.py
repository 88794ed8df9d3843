import json
import pytest
from brands.services import brand_record_identity
from tests.brands.factories import make_brand
from tests.campaigns.factories import campaign_data, make_campaign, ALL_TICKED

pytestmark = pytest.mark.django_db

def test_explore(api_for, customer_a, analyst, sub_account_a, manager):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="ok")
    api = api_for(customer_a)
    r = api.get("/api/v1/campaigns/?q=C-999999999999999999999999")
    print(r.status_code, r.json())
    r = api_for(analyst).post("/api/v1/campaigns/", {**campaign_data(), "brand": brand.pk}, format="json")
    print(r.status_code, r.json())
    c = make_campaign(customer=customer_a, brand=brand, description="We run an online casino with sports betting")
    r = api_for(analyst).patch(f"/api/v1/campaigns/{c.pk}/", {"description": "x"}, format="json")
    print(r.status_code, r.json())
    r = api.post(f"/api/v1/campaigns/{c.pk}/submit/", {}, format="json")
    print(r.status_code, r.json())
    c = make_campaign(customer=customer_a, brand=brand, status="submitted")
    r = api_for(analyst).post(f"/api/v1/campaigns/{c.pk}/review/", {"decision": "reject"}, format="json")
    print(r.status_code, r.json())
    r = api_for(analyst).post(f"/api/v1/campaigns/{c.pk}/review/", {"decision": "reject", "codes": ["6012"], "reason": "name"}, format="json")
    print(r.status_code, r.json())
    r = api.post(f"/api/v1/campaigns/{c.pk}/submit/", {}, format="json")
    print(r.status_code, r.json())
    r = api.get(f"/api/v1/campaigns/{c.pk}/")
    print(r.status_code, r.json()["rejections"])
    r = api.get("/api/schema/?format=json")
    print(r.status_code, r["content-type"], [p for p in r.json()["paths"] if "campaign" in p or "sub-acc" in p])
