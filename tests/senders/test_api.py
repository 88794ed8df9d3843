"""/api/v1/sender-ids/: shapes, tenancy, refusals."""

import pytest

from senders.models import SenderId
from tests.senders.factories import assign, long_code

URL = "/api/v1/sender-ids/"
NUMBER = "+12025550143"


@pytest.mark.django_db
def test_post_get_list_delete(api_for, customer_a, campaign_a):
    api = api_for(customer_a)
    created = api.post(URL, {"number": "(202) 555-0143", "campaign": campaign_a.pk}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["number"] == NUMBER and body["campaign"] == campaign_a.pk and body["brand"] == campaign_a.brand_id
    assert body["status"] == "active" and body["assigned_at"]
    assert api.get(f"{URL}{body['id']}/").json()["number"] == NUMBER
    listing = api.get(URL, {"campaign": campaign_a.pk, "status": "active"}).json()
    assert set(listing) == {"next", "previous", "results"} and [r["id"] for r in listing["results"]] == [body["id"]]
    released = api.delete(f"{URL}{body['id']}/")
    assert released.status_code == 200 and released.json()["status"] == "released"
    assert SenderId.objects.filter(pk=body["id"]).exists()  # released, never deleted
    assert api.delete(f"{URL}{body['id']}/").status_code == 409


@pytest.mark.django_db
def test_other_brand_409_s1(api_for, customer_a, customer_b, campaign_a, campaign_b):
    assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    refused = api_for(customer_b).post(URL, {"number": NUMBER, "campaign": campaign_b.pk}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "S1"
    assert "Acme" not in refused.json()["detail"]


@pytest.mark.django_db
def test_bad_number_400_names_the_field(api_for, customer_a, campaign_a):
    refused = api_for(customer_a).post(URL, {"number": "+442079460958", "campaign": campaign_a.pk}, format="json")
    assert refused.status_code == 400 and "+44" in refused.json()["number"][0]
    assert api_for(customer_a).post(URL, {"campaign": campaign_a.pk}, format="json").status_code == 400
    bad_filter = api_for(customer_a).get(URL, {"campaign": "abc"})
    assert bad_filter.status_code == 400 and "campaign" in bad_filter.json()
    assert api_for(customer_a).get(URL, {"status": "nope"}).status_code == 400


@pytest.mark.django_db
def test_tenancy_404(api_for, customer_a, customer_b, campaign_a):
    sender = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    api = api_for(customer_b)
    assert api.get(f"{URL}{sender.pk}/").status_code == 404
    assert api.delete(f"{URL}{sender.pk}/").status_code == 404
    assert api.post(URL, {"number": "+12025550150", "campaign": campaign_a.pk}, format="json").status_code == 404
    assert api.get(URL).json()["results"] == []
    sender.refresh_from_db()
    assert sender.is_active


@pytest.mark.django_db
def test_staff_see_all_and_suspend(api_for, customer_a, analyst, campaign_a):
    sender = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    staff = api_for(analyst)
    assert [r["id"] for r in staff.get(URL).json()["results"]] == [sender.pk]
    assert api_for(customer_a).post(f"{URL}{sender.pk}/suspend/", {"reason": "x"}, format="json").status_code == 403
    suspended = staff.post(f"{URL}{sender.pk}/suspend/", {"reason": "Complaints"}, format="json")
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    assert staff.post(f"{URL}{sender.pk}/reinstate/", {"reason": "Fixed"}, format="json").json()["status"] == "active"


@pytest.mark.django_db
def test_anonymous_401(client):
    assert client.get(URL).status_code in (401, 403)


@pytest.mark.django_db
def test_list_query_count_does_not_grow(api_for, customer_a, campaign_a, django_assert_max_num_queries):
    for index in range(40):
        assign(actor=customer_a, campaign=campaign_a, number=long_code(index))
    api = api_for(customer_a)
    with django_assert_max_num_queries(6):
        page = api.get(URL, {"page_size": 30})
    assert len(page.json()["results"]) == 30 and page.json()["next"]
