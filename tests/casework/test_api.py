"""Work items, audit events and comments through the REST API (Q1–Q4): contract, 403/404/409, query bound."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from campaigns import services as campaign_services
from casework.models import Comment, WorkItem
from tests.accounts.factories import UserFactory
from tests.brands.factories import make_brand
from tests.campaigns.factories import ALL_TICKED
from tests.casework.factories import bulk_items, open_item, submitted_campaign, verified_brand

pytestmark = pytest.mark.django_db

WORK = "/api/v1/work-items/"
EVENTS = "/api/v1/audit-events/"
COMMENTS = "/api/v1/comments/"
#: API.md, work-items row.
WORK_ITEM_FIELDS = {"kind", "subject", "account", "state", "assignee", "priority", "sla_due", "overdue", "created_at"}
#: API.md, audit-events row.
EVENT_FIELDS = {"actor", "at", "subject", "action", "from_state", "to_state", "reason", "codes"}
STAFF_ONLY_EVENT_FIELDS = {"request_id", "data", "customer_visible"}


def work(item, action: str = "") -> str:
    return f"{WORK}{item.pk}/" + (f"{action}/" if action else "")


@pytest.fixture
def analyst_b(db):
    return UserFactory(username="analyst-b", role="analyst")


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


@pytest.fixture
def campaign(customer_a, brand):
    return submitted_campaign(customer=customer_a, brand=brand)


@pytest.fixture
def decided_campaign(customer_a, brand, analyst, api_for):
    """A campaign claimed through the API, then approved: its trail has staff-only events."""
    campaign = submitted_campaign(customer=customer_a, brand=brand)
    assert api_for(analyst).post(work(open_item(campaign), "claim")).status_code == 200
    campaign_services.campaign_review(actor=analyst, campaign=campaign, decision="approve", checklist=ALL_TICKED)
    return campaign


# ----------------------------------------------------------------------------------------------------------
# Work items: contract and filters
# ----------------------------------------------------------------------------------------------------------


def test_Q2_work_item_fields_are_the_contract(api_for, analyst, account_a, campaign):
    item = open_item(campaign)
    api_for(analyst).post(work(item, "claim"))
    item.refresh_from_db()
    body = api_for(analyst).get(WORK).json()
    assert set(body) >= {"results", "next"}
    (row,) = body["results"]
    assert set(row) >= WORK_ITEM_FIELDS
    assert {k: row[k] for k in WORK_ITEM_FIELDS - {"sla_due", "created_at"}} == {
        "kind": "campaign",
        "subject": f"campaign:{campaign.pk}",
        "account": account_a.pk,
        "state": "submitted",
        "assignee": "analyst",
        "priority": 1,
        "overdue": False,
    }
    assert row["sla_due"] == item.sla_due.isoformat().replace("+00:00", "Z")
    assert row["created_at"] == item.opened_at.isoformat().replace("+00:00", "Z")
    assert api_for(analyst).get(work(item)).json() == row


def test_Q2_work_item_filters(api_for, analyst, analyst_b, account_a, account_b):
    now = timezone.now()
    (beacon,) = bulk_items(account=account_b, n=1, kind="brand", search="beacon retail stores inc 987654321 b-7")
    (acme,) = bulk_items(account=account_a, n=1, search="c-123 account notification acme dental 123456789")
    (late,) = bulk_items(account=account_a, n=1, kind="vet", sla_due=now - timedelta(hours=1), assignee=analyst_b)
    api = api_for(analyst)
    api.post(work(acme, "claim"))

    def ids(**params):
        response = api.get(WORK, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {beacon.pk, acme.pk, late.pk}
    assert ids(kind="brand") == {beacon.pk}
    assert ids(assignee="me") == {acme.pk}
    assert ids(assignee="none") == {beacon.pk}
    assert ids(assignee=str(analyst_b.pk)) == {late.pk}
    assert ids(account=str(account_b.pk)) == {beacon.pk}
    assert ids(overdue="true") == {late.pk}
    assert ids(overdue="false") == {beacon.pk, acme.pk}
    assert ids(q="Beacon Retail") == {beacon.pk}
    assert ids(q="98-7654321") == {beacon.pk}
    assert ids(q="C-123") == {acme.pk}
    assert ids(q="dental", assignee="me", kind="campaign") == {acme.pk}
    [row] = [r for r in api.get(WORK).json()["results"] if r["id"] == late.pk]
    assert row["overdue"] is True


@pytest.mark.parametrize(
    ("param", "value"),
    [("kind", "vets"), ("assignee", "someone"), ("assignee", "²"), ("account", "1.5"), ("account", "9" * 19)],
)
def test_Q2_malformed_work_item_filters_are_400(api_for, analyst, account_a, param, value):
    bulk_items(account=account_a, n=1)
    response = api_for(analyst).get(WORK, {param: value})
    assert response.status_code == 400
    assert value in response.json()[param][0]
    assert api_for(analyst).get(WORK, {"overdue": "maybe"}).json()["overdue"] == ["Use true or false, not “maybe”."]


def test_Q2_work_item_state_filter_takes_a_state_or_its_label_and_refuses_others(api_for, analyst, account_a):
    (brand,) = bulk_items(account=account_a, n=1, kind="brand", state="changes_requested")
    (campaign,) = bulk_items(account=account_a, n=1, state="in_review")
    api = api_for(analyst)

    def ids(**params):
        response = api.get(WORK, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(state="in_review") == {campaign.pk}
    assert ids(state="In review") == {campaign.pk}
    assert ids(state="changes requested") == {brand.pk}
    assert ids(state="in_review", kind="brand") == set()
    for params in ({"state": "Approved"}, {"state": "in_review", "kind": "vet"}, {"state": "REVIEW", "kind": "brand"}):
        response = api.get(WORK, params)
        assert response.status_code == 400, params
        body = response.json()
        assert body["code"] == "invalid" and f"“{params['state']}” is not a state" in body["state"][0]


# ----------------------------------------------------------------------------------------------------------
# Q3: claim, release, assign, next
# ----------------------------------------------------------------------------------------------------------


def test_Q3_claim_then_409_for_a_second_analyst(api_for, analyst, analyst_b, campaign):
    item = open_item(campaign)
    first = api_for(analyst).post(work(item, "claim"))
    assert first.status_code == 200 and first.json()["assignee"] == "analyst"
    # the holder claiming again is a no-op
    assert api_for(analyst).post(work(item, "claim")).status_code == 200
    second = api_for(analyst_b).post(work(item, "claim"))
    assert second.status_code == 409
    body = second.json()
    assert set(body) == {"detail", "code"} and body["code"] == "claimed" and "analyst" in body["detail"]
    # nor may the second analyst release it
    assert api_for(analyst_b).post(work(item, "release")).json()["code"] == "claimed"
    item.refresh_from_db()
    assert item.assignee.username == "analyst"
    # the holder releases it; then the other may claim
    released = api_for(analyst).post(work(item, "release"))
    assert released.status_code == 200 and released.json()["assignee"] is None
    assert api_for(analyst_b).post(work(item, "claim")).json()["assignee"] == "analyst-b"
    assert api_for(analyst).post(f"{WORK}999999/claim/").status_code == 404


def test_Q3_claiming_or_releasing_a_closed_item_is_409(api_for, analyst, analyst_b, campaign):
    item = open_item(campaign)
    campaign_services.campaign_review(actor=analyst, campaign=campaign, decision="approve", checklist=ALL_TICKED)
    response = api_for(analyst_b).post(work(item, "claim"))
    assert response.status_code == 409 and response.json()["code"] == "closed"
    response = api_for(analyst).post(work(item, "release"))
    assert response.status_code == 409 and response.json()["code"] == "closed"
    assert WorkItem.objects.get(pk=item.pk).assignee == analyst


def test_Q3_assign_is_manager_only(api_for, manager, analyst, customer_a, account_a):
    item, closed = bulk_items(account=account_a, n=2)
    WorkItem.objects.filter(pk=closed.pk).update(closed_at=timezone.now(), resolution="approved")
    # an analyst: 403
    response = api_for(analyst).post(work(item, "assign"), {"assignee": analyst.pk}, format="json")
    assert response.status_code == 403
    boss = api_for(manager)
    # unknown or non-staff assignee, or none given: 400
    for body in ({"assignee": 999999}, {"assignee": customer_a.pk}, {}):
        response = boss.post(work(item, "assign"), body, format="json")
        assert response.status_code == 400 and "assignee" in response.json(), body
    assert "999999" in boss.post(work(item, "assign"), {"assignee": 999999}, format="json").json()["assignee"][0]
    assert WorkItem.objects.get(pk=item.pk).assignee is None
    # the manager assigns, then returns it to the queue
    response = boss.post(work(item, "assign"), {"assignee": analyst.pk}, format="json")
    assert response.status_code == 200 and response.json()["assignee"] == "analyst"
    response = boss.post(work(item, "assign"), {"assignee": None}, format="json")
    assert response.status_code == 200 and response.json()["assignee"] is None
    # a closed item: 409
    response = boss.post(work(closed, "assign"), {"assignee": analyst.pk}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "closed"


def test_Q3_next_claims_the_oldest_due_then_204(api_for, analyst, account_a):
    now = timezone.now()
    later, sooner = bulk_items(account=account_a, n=2, start=now + timedelta(hours=2), step=timedelta(hours=-1))
    bulk_items(account=account_a, n=1, kind="brand", start=now)
    api = api_for(analyst)
    response = api.post(f"{WORK}next/", {"kind": "campaign"}, format="json")
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["assignee"]) == (sooner.pk, "analyst")
    assert api.post(f"{WORK}next/", {"kind": "campaign"}, format="json").json()["id"] == later.pk
    assert api.post(f"{WORK}next/", {"kind": "campaign"}, format="json").status_code == 204
    assert api.post(f"{WORK}next/", {}, format="json").json()["kind"] == "brand"
    assert api.post(f"{WORK}next/").status_code == 204
    response = api.post(f"{WORK}next/", {"kind": "geo"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid" and "kind" in response.json()


def test_Q3_customers_are_403_and_anonymous_401_on_every_work_item_endpoint(api_for, customer_a, account_a):
    (item,) = bulk_items(account=account_a, n=1)  # even their own account's item
    calls = [
        ("get", WORK),
        ("get", work(item)),
        ("post", work(item, "claim")),
        ("post", work(item, "release")),
        ("post", work(item, "assign")),
        ("post", f"{WORK}next/"),
    ]
    customer = api_for(customer_a)
    for method, url in calls:
        data = {"assignee": None} if method == "post" else None
        assert getattr(customer, method)(url, data, format="json").status_code == 403, url
        assert getattr(APIClient(), method)(url).status_code == 401, url
    item.refresh_from_db()
    assert item.assignee is None


# ----------------------------------------------------------------------------------------------------------
# Q4: audit events
# ----------------------------------------------------------------------------------------------------------


def test_Q4_staff_see_every_event_with_every_field(api_for, analyst, decided_campaign):
    response = api_for(analyst).get(EVENTS, {"subject": f"campaign:{decided_campaign.pk}"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["subject"] for row in rows} == {f"campaign:{decided_campaign.pk}"}
    assert all(set(row) >= EVENT_FIELDS | STAFF_ONLY_EVENT_FIELDS for row in rows)
    by_action = {row["action"]: row for row in rows}
    assert {"submit", "claimed", "approve", "checklist"} <= set(by_action)
    claimed = by_action["claimed"]
    assert (claimed["actor"], claimed["customer_visible"]) == ("analyst", False) and claimed["request_id"]
    approve = by_action["approve"]
    assert (approve["from_state"], approve["to_state"], approve["actor"]) == ("submitted", "approved", "analyst")
    assert by_action["checklist"]["data"]["checklist"] == ALL_TICKED
    # staff may read the whole trail too
    assert api_for(analyst).get(EVENTS).status_code == 200


def test_Q4_customers_see_only_customer_visible_events_of_their_own_subjects(
    api_for, customer_a, customer_b, decided_campaign
):
    customer = api_for(customer_a)
    response = customer.get(EVENTS, {"subject": f"campaign:{decided_campaign.pk}"})
    assert response.status_code == 200
    rows = response.json()["results"]
    actions = {row["action"] for row in rows}
    assert {"submit", "approve"} <= actions and not actions & {"claimed", "checklist", "released", "assigned"}
    assert all(set(row) & STAFF_ONLY_EVENT_FIELDS == set() and set(row) >= EVENT_FIELDS for row in rows)
    # another account's subject: 404; no subject or a malformed one: 400
    assert api_for(customer_b).get(EVENTS, {"subject": f"campaign:{decided_campaign.pk}"}).status_code == 404
    response = customer.get(EVENTS)
    assert response.status_code == 400 and "subject" in response.json()
    for bad in ("campaign:abc", "nothing:1", "campaign"):
        assert customer.get(EVENTS, {"subject": bad}).status_code == 400, bad
    assert customer.get(EVENTS, {"subject": "campaign:999999"}).status_code == 404


# ----------------------------------------------------------------------------------------------------------
# Q4: comments
# ----------------------------------------------------------------------------------------------------------


def test_Q4_comments_api_messages_and_internal_notes(api_for, customer_a, customer_b, analyst, campaign):
    subject = f"campaign:{campaign.pk}"
    customer, staff = api_for(customer_a), api_for(analyst)
    # the customer writes a message; an internal note is refused
    response = customer.post(COMMENTS, {"subject": subject, "body": "Opt-in page updated."}, format="json")
    assert response.status_code == 201
    assert {k: response.json()[k] for k in ("subject", "author", "internal", "body")} == {
        "subject": subject,
        "author": "customer-a",
        "internal": False,
        "body": "Opt-in page updated.",
    }
    response = customer.post(COMMENTS, {"subject": subject, "body": "psst", "internal": True}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    # staff write a note and a message
    assert staff.post(COMMENTS, {"subject": subject, "body": "Looks fine.", "internal": True}, format="json").json()[
        "internal"
    ]
    staff.post(COMMENTS, {"subject": subject, "body": "Reviewing now."}, format="json")
    # the customer reads the messages only, staff everything
    seen = [c["body"] for c in customer.get(COMMENTS, {"subject": subject}).json()["results"]]
    assert sorted(seen) == ["Opt-in page updated.", "Reviewing now."]
    assert len(staff.get(COMMENTS, {"subject": subject}).json()["results"]) == 3
    # another account's customer: 404 both ways
    other = api_for(customer_b)
    assert other.get(COMMENTS, {"subject": subject}).status_code == 404
    assert other.post(COMMENTS, {"subject": subject, "body": "hi"}, format="json").status_code == 404
    assert customer.get(COMMENTS).status_code == 400
    # too long: 400 saying by how much
    response = customer.post(COMMENTS, {"subject": subject, "body": "z" * 5001}, format="json")
    assert response.status_code == 400 and "(1 too many)" in response.json()["body"][0]
    assert Comment.objects.count() == 3


# ----------------------------------------------------------------------------------------------------------
# Query bound
# ----------------------------------------------------------------------------------------------------------


def test_Q2_work_items_list_queries_do_not_grow(
    api_for, analyst, analyst_b, account_a, customer_a, sub_account_a, django_assert_max_num_queries
):
    make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    api = api_for(analyst)

    def fill(n):
        items = bulk_items(account=account_a, n=n)
        for i, item in enumerate(items):
            item.assignee = (None, analyst, analyst_b)[i % 3]
        WorkItem.objects.bulk_update(items, ["assignee"])

    fill(4)
    with CaptureQueriesContext(connection) as few, django_assert_max_num_queries(10):
        response = api.get(WORK)
    assert len(response.json()["results"]) == 5
    fill(95)
    with CaptureQueriesContext(connection) as many, django_assert_max_num_queries(10):
        response = api.get(WORK)
    assert len(response.json()["results"]) == 50 and response.json()["next"]
    assert len(many) == len(few)
