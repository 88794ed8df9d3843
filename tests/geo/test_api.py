"""/api/v1/geo-permissions/ and /api/v1/geo-requests/ (API.md, second wave): shapes, specific errors, tenancy."""

import pytest
from django.utils import timezone

from geo.models import GeoPermission, GeoRequest
from geo.services import hourly_counts_add
from tests.accounts.factories import SubAccountFactory

from .factories import kyc_brand, set_permission

pytestmark = pytest.mark.django_db

LIST = "/api/v1/geo-permissions/"
REQUESTS = "/api/v1/geo-requests/"
JUSTIFICATION = "Our patients in Mexico receive appointment reminders from us."


def test_list_one_row_per_country_for_the_account(api_for, customer_a):
    body = api_for(customer_a).get(LIST).json()
    rows = {row["country"]: row for row in body["results"]}
    assert len(rows) == 249 and body["next"] is None
    assert rows["US"] == {
        "country": "US",
        "name": "United States",
        "risk_level": "LOW",
        "region": "Americas",
        "subregion": "Northern America",
        "enabled": True,
        "mph_threshold": None,
        "breach_response": "BLOCK_AND_ALERT",
        "block_hours": 1,
        "hard_disabled": False,
        "recommended_mph": 100,
    }
    assert rows["CA"]["enabled"] is False and rows["CA"]["recommended_mph"] is None
    assert rows["KP"]["hard_disabled"] is True
    assert "overridden" not in rows["US"]  # account rows carry no override flag


def test_list_for_a_sub_account_marks_overrides_and_recommends_from_its_bucket(api_for, customer_a, sub_account_a):
    account = customer_a.account
    set_permission(account=account, country="CA", mph_threshold=50)
    set_permission(account=account, sub_account=sub_account_a, country="CA", mph_threshold=100)
    now = timezone.now()
    hourly_counts_add(rows=[(account.pk, sub_account_a.pk, "CA", now, 80), (account.pk, None, "US", now, 400)])
    rows = {r["country"]: r for r in api_for(customer_a).get(LIST, {"sub_account": sub_account_a.pk}).json()["results"]}
    assert rows["CA"]["overridden"] is True and rows["CA"]["mph_threshold"] == 100
    assert rows["CA"]["recommended_mph"] == 120  # 80 × 1.5 in the sub-account's own bucket
    assert rows["US"]["overridden"] is False and rows["US"]["recommended_mph"] == 600  # the account's bucket


def test_patch_sets_values_and_overrides(api_for, customer_a, sub_account_a):
    response = api_for(customer_a).patch(
        f"{LIST}US/?sub_account={sub_account_a.pk}",
        {"mph_threshold": 100, "breach_response": "ALERT_ONLY", "block_hours": 24},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["overridden"] is True and response.json()["block_hours"] == 24


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"mph_threshold": 0}, "mph_threshold", "at least 1"),
        ({"block_hours": 0}, "block_hours", "at least 1 hour"),
        ({"block_hours": 25}, "block_hours", "1 too many"),
        ({"breach_response": "LOUD"}, "breach_response", "BLOCK_AND_ALERT, ALERT_ONLY, IGNORE"),
        ({"enabled": "maybe"}, "enabled", "true or false"),
        ({"colour": "red"}, "colour", "Not a setting"),
    ],
)
def test_patch_errors_name_field_and_limit(api_for, customer_a, payload, field, words):
    response = api_for(customer_a).patch(f"{LIST}US/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "M1.1" and words in response.json()[field][0]
    assert not GeoPermission.objects.exists()


def test_patch_enable_by_customer_needs_a_request(api_for, customer_a):
    response = api_for(customer_a).patch(f"{LIST}MX/", {"enabled": True}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "M1.3" and "enabled" in response.json()


def test_patch_hard_disabled_by_manager_refused(api_for, manager, account_a):
    response = api_for(manager).patch(f"{LIST}KP/?account={account_a.pk}", {"enabled": True}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "M1.2"


def test_patch_unknown_country_is_404(api_for, customer_a):
    assert api_for(customer_a).patch(f"{LIST}ZZ/", {"block_hours": 2}, format="json").status_code == 404


def test_staff_must_name_the_account(api_for, analyst, account_a):
    response = api_for(analyst).get(LIST)
    assert response.status_code == 400 and "account" in response.json()
    assert api_for(analyst).get(LIST, {"account": account_a.pk}).status_code == 200
    assert api_for(analyst).get(LIST, {"account": "x"}).status_code == 400


def test_delete_removes_the_override(api_for, customer_a, sub_account_a):
    set_permission(account=customer_a.account, sub_account=sub_account_a, country="US", enabled=False)
    client = api_for(customer_a)
    response = client.delete(f"{LIST}US/?sub_account={sub_account_a.pk}")
    assert response.status_code == 200 and response.json()["overridden"] is False and response.json()["enabled"]
    assert client.delete(f"{LIST}US/?sub_account={sub_account_a.pk}").status_code == 404  # nothing left to remove
    assert client.delete(f"{LIST}US/").status_code == 400  # the account has no override


def test_requests_file_list_decide(api_for, customer_a, sub_account_a, analyst):
    kyc_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    client = api_for(customer_a)
    granted = client.post(
        REQUESTS, {"sub_account": sub_account_a.pk, "country": "CA", "justification": JUSTIFICATION}, format="json"
    )
    assert granted.status_code == 201 and granted.json()["status"] == "granted"
    assert granted.json()["decided_by"] == "system"
    pending = client.post(
        REQUESTS, {"sub_account": sub_account_a.pk, "country": "MX", "justification": JUSTIFICATION}, format="json"
    ).json()
    assert pending["status"] == "pending" and pending["decided_by"] is None
    assert len(client.get(REQUESTS).json()["results"]) == 2
    assert client.post(f"{REQUESTS}{pending['id']}/decide/", {"decision": "grant"}, format="json").status_code == 403
    staff = api_for(analyst)
    assert [r["id"] for r in staff.get(REQUESTS, {"status": "pending"}).json()["results"]] == [pending["id"]]
    refused = staff.post(
        f"{REQUESTS}{pending['id']}/decide/", {"decision": "refuse", "reason": "Not shown"}, format="json"
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    again = staff.post(f"{REQUESTS}{pending['id']}/decide/", {"decision": "grant"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "decided"
    assert staff.get(REQUESTS, {"status": "bogus"}).status_code == 400


def test_request_without_kyc_is_409_with_what_to_do(api_for, customer_a, sub_account_a):
    response = api_for(customer_a).post(
        REQUESTS, {"sub_account": sub_account_a.pk, "country": "CA", "justification": JUSTIFICATION}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "M1.3"
    assert "then ask again" in response.json()["detail"]


def test_staff_cannot_file_requests(api_for, analyst, sub_account_a):
    response = api_for(analyst).post(
        REQUESTS, {"sub_account": sub_account_a.pk, "country": "CA", "justification": JUSTIFICATION}, format="json"
    )
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------- tenancy


def test_tenancy_every_endpoint_is_404_for_another_account(api_for, customer_a, customer_b, sub_account_b, analyst):
    kyc_brand(customer=customer_b, sub_account=sub_account_b, analyst=analyst)
    theirs = (
        api_for(customer_b)
        .post(
            REQUESTS, {"sub_account": sub_account_b.pk, "country": "MX", "justification": JUSTIFICATION}, format="json"
        )
        .json()
    )
    set_permission(account=sub_account_b.account, sub_account=sub_account_b, country="US", mph_threshold=9)
    client = api_for(customer_a)
    sub = f"?sub_account={sub_account_b.pk}"
    assert client.get(f"{LIST}{sub}").status_code == 404
    assert client.get(LIST, {"account": sub_account_b.account_id}).status_code == 404
    assert client.patch(f"{LIST}US/{sub}", {"mph_threshold": 1}, format="json").status_code == 404
    assert (
        client.patch(f"{LIST}US/?account={sub_account_b.account_id}", {"block_hours": 2}, format="json").status_code
        == 404
    )
    assert client.delete(f"{LIST}US/{sub}").status_code == 404
    assert client.get(f"{REQUESTS}{theirs['id']}/").status_code == 404
    assert client.get(REQUESTS).json()["results"] == []
    filed = client.post(
        REQUESTS, {"sub_account": sub_account_b.pk, "country": "CA", "justification": JUSTIFICATION}, format="json"
    )
    assert filed.status_code == 404
    assert GeoPermission.objects.get().mph_threshold == 9
    assert GeoRequest.objects.count() == 1


def test_anonymous_is_refused(client):
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(REQUESTS).status_code in (401, 403)


def test_sub_account_list_query_count_is_fixed(api_for, customer_a, sub_account_a, django_assert_max_num_queries):
    for code in ("CA", "MX", "GB"):
        set_permission(account=customer_a.account, sub_account=sub_account_a, country=code)
    SubAccountFactory(account=customer_a.account)
    client = api_for(customer_a)
    with django_assert_max_num_queries(9):
        assert client.get(LIST, {"sub_account": sub_account_a.pk}).status_code == 200


def test_patch_with_nothing_to_change_is_refused(api_for, customer_a):
    response = api_for(customer_a).patch(f"{LIST}US/", {}, format="json")
    assert response.status_code == 400 and "Nothing to change" in response.json()["detail"][0]
    assert not GeoPermission.objects.exists()
