"""Queue pages (Q1–Q3) and the comments panel (Q4), driven the way a browser posts them."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework import registry
from casework.choices import Priority
from casework.models import Comment, WorkItem
from tests.accounts.factories import UserFactory
from tests.brands.factories import make_brand
from tests.casework.factories import bulk_items, open_item, submitted_campaign, verified_brand, vet_in_review

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-item="(\d+)" class="([^"]*)"')


def row_ids(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk, _ in ROW.findall(response.content.decode())]


def row_classes(response) -> dict[int, str]:
    return {int(pk): classes for pk, classes in ROW.findall(response.content.decode())}


def link(response, testid: str) -> str | None:
    found = re.search(rf'<a href="([^"]*)" data-testid="{testid}"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def signed_in():
    """``signed_in(user)`` → a client of its own (``client_for`` shares one client between users)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


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
def mixed_queue(customer_a, customer_b, sub_account_b, analyst, brand, campaign):
    """A campaign item of account A claimed by the analyst, an unassigned brand item of account B (Beacon,
    EIN 98-7654321) and an overdue vet item of account A."""
    beacon = make_brand(
        customer=customer_b,
        sub_account=sub_account_b,
        status="submitted",
        legal_name="Beacon Retail Stores Inc",
        display_name="Beacon Retail",
        tax_id="98-7654321",
    )
    vet = vet_in_review(customer=customer_a, analyst=analyst, brand=brand)
    items = {"campaign": open_item(campaign), "brand": open_item(beacon), "vet": open_item(vet)}
    WorkItem.objects.filter(pk=items["campaign"].pk).update(assignee=analyst, claimed_at=timezone.now())
    WorkItem.objects.filter(pk=items["vet"].pk).update(sla_due=timezone.now() - timedelta(hours=2))
    return {kind: item.pk for kind, item in items.items()}


# ----------------------------------------------------------------------------------------------------------
# Access
# ----------------------------------------------------------------------------------------------------------


def test_Q1_queue_pages_are_staff_only(client, signed_in, customer_a, analyst, manager, account_a):
    (item,) = bulk_items(account=account_a, n=1)
    urls = [reverse("queue"), *(reverse("queue-view", args=[v]) for v in ("mine", "all", "brand", "vet", "appeal"))]
    # anonymous: to the sign-in page
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    # customers: forbidden, pages and actions alike
    customer = signed_in(customer_a)
    for url in urls:
        assert customer.get(url).status_code == 403, url
    for url in (
        reverse("work-claim", args=[item.pk]),
        reverse("work-release", args=[item.pk]),
        reverse("work-assign"),
        reverse("work-next"),
    ):
        assert customer.post(url, {"items": [item.pk], "assignee": ""}).status_code == 403, url
        assert client.post(url).status_code == 302, url
    # staff: every queue, and 404 for one that does not exist
    for user in (analyst, manager):
        staff = signed_in(user)
        for url in urls:
            assert staff.get(url).status_code == 200, url
        assert staff.get(reverse("queue-view", args=["geo"])).status_code == 404
    item.refresh_from_db()
    assert item.assignee is None


# ----------------------------------------------------------------------------------------------------------
# Filters, search, sort, pages
# ----------------------------------------------------------------------------------------------------------


def test_Q2_queue_filters_and_search(signed_in, analyst, manager, account_b, mixed_queue, campaign):
    ids = mixed_queue
    mine, boss = signed_in(analyst), signed_in(manager)
    queue = reverse("queue")

    def rows(client, path=queue, **params):
        return set(row_ids(client.get(path, params)))

    assert rows(mine) == set(ids.values())
    # one queue per kind (the view), or the kind filter on "all"
    assert rows(mine, reverse("queue-view", args=["campaign"])) == {ids["campaign"]}
    assert rows(mine, reverse("queue-view", args=["vet"])) == {ids["vet"]}
    assert rows(mine, kind="brand") == {ids["brand"]}
    assert rows(mine, state="REVIEW") == {ids["vet"]}
    # assignee: my work, me, nobody, a given analyst
    assert rows(mine, reverse("queue-view", args=["mine"])) == {ids["campaign"]}
    assert rows(mine, assignee="me") == {ids["campaign"]}
    assert rows(boss, assignee="me") == set()
    assert rows(boss, assignee="none") == {ids["brand"], ids["vet"]}
    assert rows(boss, assignee=str(analyst.pk)) == {ids["campaign"]}
    # account, overdue
    assert rows(boss, account=str(account_b.pk)) == {ids["brand"]}
    assert rows(boss, overdue="1") == {ids["vet"]}
    # search: brand name (any case), EIN with or without the dash, campaign reference
    assert rows(boss, q="BEACON retail") == {ids["brand"]}
    assert rows(boss, q="98-7654321") == {ids["brand"]}
    assert rows(boss, q="987654321") == {ids["brand"]}
    assert rows(boss, q=f"C-{campaign.pk}") == {ids["campaign"]}
    assert rows(boss, q="acme dental") == {ids["campaign"], ids["vet"]}
    assert rows(boss, q="nobody-matches-this") == set()
    # filters combine
    assert rows(boss, q="acme", assignee="none") == {ids["vet"]}
    # a malformed id is ignored, not a server error ("²" is a digit to str.isdigit but not to int)
    assert rows(boss, assignee="²", account="9" * 30) == set(ids.values())


STATE_OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')


def state_options(response) -> list[tuple[str, str]]:
    """The state select's (value, label) pairs, "Any state" excluded; the selected one's value gets a "*"."""
    select = re.search(r'<select name="state"[^>]*>(.*?)</select>', response.content.decode()).group(1)
    options = STATE_OPTION.findall(select)
    return [(value + ("*" if selected else ""), html.unescape(label)) for value, selected, label in options if value]


def test_Q2_state_filter_is_a_select_of_the_kinds_states(signed_in, analyst, mixed_queue):
    staff = signed_in(analyst)
    # one kind: its open states, in workflow order, labelled as its pages label them
    brand_page = staff.get(reverse("queue-view", args=["brand"]))
    assert 'input name="state"' not in brand_page.content.decode()
    assert state_options(brand_page) == [
        ("submitted", "Submitted"),
        ("in_review", "In review"),
        ("changes_requested", "Changes requested"),
    ]
    assert state_options(staff.get(reverse("queue-view", args=["vet"]))) == [("REVIEW", "In manual review")]
    assert state_options(staff.get(reverse("queue"), {"kind": "campaign"})) == [
        ("submitted", "Submitted"),
        ("in_review", "In review"),
    ]
    # no kind chosen: the union; a state only some kinds have names them
    union = state_options(staff.get(reverse("queue")))
    assert union[:4] == [
        ("submitted", "Submitted"),
        ("in_review", "In review"),
        ("changes_requested", "Changes requested (brand)"),
        ("REVIEW", "In manual review (vet)"),
    ]
    # the second wave's kinds (geo requests, traffic alerts and cases, keyword requests) follow, each value once
    values = [value for value, _label in union]
    assert len(values) == len(set(values))
    for kind in ("geo_request", "traffic_alert", "traffic_health", "keyword_request"):
        assert {value for value, _ in registry.state_choices(kind)} <= set(values), kind


def test_Q2_state_filter_finds_by_value_or_label_and_keeps_the_choice(signed_in, analyst, mixed_queue):
    staff = signed_in(analyst)
    queue = reverse("queue")
    every = set(mixed_queue.values())
    assert set(row_ids(staff.get(queue, {"state": "submitted"}))) == {mixed_queue["brand"], mixed_queue["campaign"]}
    # what the old free-text field was typed with, and found nothing
    for typed in ("Submitted", "SUBMITTED", " submitted "):
        assert set(row_ids(staff.get(queue, {"state": typed}))) == {mixed_queue["brand"], mixed_queue["campaign"]}
    assert set(row_ids(staff.get(queue, {"state": "in manual review"}))) == {mixed_queue["vet"]}
    assert set(row_ids(staff.get(queue, {"state": "in review"}))) == set()
    assert set(row_ids(staff.get(queue, {"state": ""}))) == every
    response = staff.get(reverse("queue-view", args=["brand"]), {"state": "Submitted"})
    assert row_ids(response) == [mixed_queue["brand"]]
    assert ("submitted*", "Submitted") in state_options(response)


@pytest.mark.parametrize(
    ("path", "params", "where"),
    [
        (("queue-view", "brand"), {"state": "REVIEW"}, "brand reviews"),  # a vet's state on the brand queue
        (("queue",), {"kind": "vet", "state": "submitted"}, "vets in review"),
        (("queue",), {"state": "approved"}, "any queue"),  # a real state, but never open work
        (("queue",), {"state": "<b>nope</b>"}, "any queue"),
    ],
)
def test_Q2_unknown_state_says_so_and_shows_the_queue_without_it(signed_in, analyst, mixed_queue, path, params, where):
    response = signed_in(analyst).get(reverse(path[0], args=path[1:]), params)
    assert response.status_code == 400
    page = response.content.decode()
    error = re.search(r'data-testid="filter-error">([^<]*)</p>', page)
    assert error, "the refusal is shown where the filter is"
    text = html.unescape(error.group(1))
    assert f"“{params['state']}” is not a state of an open item in {where}" in text
    assert "choose one of: Submitted (submitted)" in text or "choose one of: In manual review (REVIEW)" in text
    assert "<b>nope</b>" not in page  # escaped
    assert ROW.findall(page), "the queue is shown, not an empty page"
    assert all(not v.endswith("*") for v, _ in state_options(response))


def test_Q2_overdue_and_paused_rows_are_marked(signed_in, manager, customer_a, sub_account_a, analyst, mixed_queue):
    paused_brand = make_brand(
        customer=customer_a, sub_account=sub_account_a, status="changes_requested", analyst=analyst, legal_name="P LLC"
    )
    paused = open_item(paused_brand)
    WorkItem.objects.filter(pk=paused.pk).update(sla_due=timezone.now() - timedelta(hours=2))
    response = signed_in(manager).get(reverse("queue"))
    classes = row_classes(response)
    assert classes[mixed_queue["vet"]].split() == ["overdue"]
    assert classes[mixed_queue["brand"]] == classes[mixed_queue["campaign"]] == ""
    assert classes[paused.pk].split() == ["paused"]  # past due, but waiting on the customer
    page = response.content.decode()
    assert page.count('data-testid="overdue"') == 1 and "paused: waiting on customer" in page


def test_Q2_sort_links_keep_the_filters_and_sort(signed_in, manager, account_a):
    now = timezone.now()
    late_urgent, early_low, middle_normal = bulk_items(account=account_a, n=3, start=now + timedelta(hours=3))
    WorkItem.objects.filter(pk=late_urgent.pk).update(
        priority=Priority.URGENT, sla_due=now + timedelta(hours=9), opened_at=now - timedelta(hours=1)
    )
    WorkItem.objects.filter(pk=early_low.pk).update(
        priority=Priority.LOW, sla_due=now + timedelta(hours=1), opened_at=now - timedelta(hours=3)
    )
    WorkItem.objects.filter(pk=middle_normal.pk).update(sla_due=now + timedelta(hours=5), opened_at=now)
    client = signed_in(manager)
    response = client.get(reverse("queue"), {"q": "bulk", "assignee": "none"})
    page = response.content.decode()
    for key in ("due", "age", "priority"):
        assert f'href="?q=bulk&amp;assignee=none&amp;sort={key}"' in page, key
    assert row_ids(response) == [early_low.pk, middle_normal.pk, late_urgent.pk]
    assert row_ids(client.get(reverse("queue"), {"sort": "priority"})) == [
        late_urgent.pk,
        middle_normal.pk,
        early_low.pk,
    ]
    assert row_ids(client.get(reverse("queue"), {"sort": "age"})) == [early_low.pk, late_urgent.pk, middle_normal.pk]
    assert row_ids(client.get(reverse("queue"), {"sort": "nonsense"})) == [
        early_low.pk,
        middle_normal.pk,
        late_urgent.pk,
    ]


@pytest.mark.parametrize("sort", ["due", "priority", "age"])
def test_Q2_keyset_pages_forward_and_back(signed_in, analyst, account_a, sort):
    # given 120 items whose sort keys tie in groups that straddle the page boundaries (50, 100)
    items = bulk_items(account=account_a, n=120)
    start = timezone.now() + timedelta(hours=1)
    for i, item in enumerate(items):
        item.sla_due = start + timedelta(minutes=(119 - i) // 6)
        item.opened_at = start - timedelta(hours=1 + i // 4)
        item.priority = (Priority.LOW, Priority.URGENT)[i % 2]
    WorkItem.objects.bulk_update(items, ["sla_due", "opened_at", "priority"])
    key = {
        "due": lambda i: (i.sla_due,),
        "priority": lambda i: (-i.priority, i.sla_due),
        "age": lambda i: (i.opened_at,),
    }[sort]
    client = signed_in(analyst)
    queue = reverse("queue")
    # page 1, then forward to pages 2 and 3
    first = client.get(queue, {"sort": sort})
    assert link(first, "previous-page") is None
    assert 'data-testid="queue-count">120 open items' in first.content.decode()
    second = client.get(queue + link(first, "next-page"))
    third = client.get(queue + link(second, "next-page"))
    assert link(third, "next-page") is None
    assert f"sort={sort}" in link(third, "previous-page")
    pages = [row_ids(first), row_ids(second), row_ids(third)]
    assert [len(p) for p in pages] == [50, 50, 20]
    # then every item shows up exactly once, in the sort's order, however the ties fall
    seen = [pk for page in pages for pk in page]
    assert sorted(seen) == sorted(i.pk for i in items)
    by_pk = {i.pk: i for i in items}
    keys = [key(by_pk[pk]) for pk in seen]
    assert keys == sorted(keys)
    if sort == "due":  # the documented tie-breaker
        assert seen == [i.pk for i in sorted(items, key=lambda i: (i.sla_due, i.pk))]
    # and back again: the same pages
    back_to_second = client.get(queue + link(third, "previous-page"))
    assert row_ids(back_to_second) == pages[1]
    back_to_first = client.get(queue + link(back_to_second, "previous-page"))
    assert row_ids(back_to_first) == pages[0]
    assert link(back_to_first, "previous-page") is None
    assert row_ids(client.get(queue + link(back_to_first, "next-page"))) == pages[1]
    # a mangled cursor starts again at page 1
    assert row_ids(client.get(queue, {"sort": sort, "cursor": "not-a-cursor"})) == pages[0]


# ----------------------------------------------------------------------------------------------------------
# Claim, release, assign, next
# ----------------------------------------------------------------------------------------------------------


def test_Q3_bulk_assign_by_a_manager_only(signed_in, manager, analyst, analyst_b, customer_a, account_a):
    a, b, c = bulk_items(account=account_a, n=3)
    url = reverse("work-assign")
    # an analyst is refused by the assign policy: the site's 403 page with the reason
    response = signed_in(analyst).post(url, {"items": [a.pk, b.pk], "assignee": analyst.pk, "next": "/queues/"})
    assert response.status_code == 403 and "Only managers assign work to others." in response.content.decode()
    assert not WorkItem.objects.filter(assignee__isnull=False).exists()
    # the manager assigns two of the three from the queue page
    boss = signed_in(manager)
    page = boss.get(reverse("queue")).content.decode()
    assert 'data-testid="bulk-assign"' in page and f'name="items" value="{a.pk}"' in page
    response = boss.post(url, {"items": [a.pk, b.pk], "assignee": analyst_b.pk, "next": "/queues/all/?q=bulk"})
    assert response.status_code == 302 and response.url == "/queues/all/?q=bulk"
    assert "2 item(s) assigned to analyst-b." in flashed(response)
    assert set(WorkItem.objects.filter(assignee=analyst_b).values_list("pk", flat=True)) == {a.pk, b.pk}
    # an unknown or non-staff assignee, or an off-site "next", is refused
    for assignee in ("999999", str(customer_a.pk), "x"):
        response = boss.post(url, {"items": [c.pk], "assignee": assignee})
        assert "Choose an analyst or manager to assign to." in flashed(response)
    response = boss.post(url, {"items": [a.pk], "assignee": "", "next": "https://evil.example.com/"})
    assert response.url == reverse("queue")
    # and "— unassigned —" returns items to the queue
    assert set(WorkItem.objects.filter(assignee__isnull=True).values_list("pk", flat=True)) == {a.pk, c.pk}
    # the analyst's page has no bulk form
    assert 'data-testid="bulk-assign"' not in signed_in(analyst).get(reverse("queue")).content.decode()


def test_Q3_claim_release_and_next_through_the_pages(signed_in, analyst, analyst_b, manager, campaign):
    item = open_item(campaign)
    detail = reverse("campaign-detail", args=[campaign.pk])
    mine, other = signed_in(analyst), signed_in(analyst_b)
    # the subject page offers the claim
    panel = mine.get(detail).content.decode()
    assert 'data-testid="work-item"' in panel and reverse("work-claim", args=[item.pk]) in panel
    # claim: back to the subject page, the item is mine
    assert mine.get(reverse("work-claim", args=[item.pk])).status_code == 405
    response = mine.post(reverse("work-claim", args=[item.pk]), {"next": detail})
    assert response.status_code == 302 and response.url == detail
    item.refresh_from_db()
    assert item.assignee == analyst
    assert "Claimed by <strong>analyst</strong>" in mine.get(detail).content.decode()
    # another analyst: told who holds it, cannot release it
    response = other.post(reverse("work-claim", args=[item.pk]))
    (message,) = flashed(response)
    assert "is claimed by analyst" in message and message.endswith("(claimed)")
    response = other.post(reverse("work-release", args=[item.pk]))
    assert "is claimed by analyst" in flashed(response)[-1]
    item.refresh_from_db()
    assert item.assignee == analyst
    # the holder releases it
    mine.post(reverse("work-release", args=[item.pk]))
    item.refresh_from_db()
    assert item.assignee is None
    # "next" claims it for the other analyst and opens it
    response = other.post(reverse("work-next"), {"kind": "campaign"})
    assert response.status_code == 302 and response.url == detail
    item.refresh_from_db()
    assert item.assignee == analyst_b
    # nothing left: back to that queue with a note
    response = mine.post(reverse("work-next"), {"kind": "campaign"})
    assert response.url == reverse("queue-view", args=["campaign"])
    assert flashed(response)[-1] == "Nothing unassigned is waiting in Campaign reviews."
    response = mine.post(reverse("work-next"), {"kind": "geo"})
    assert response.url == reverse("queue") and "Unknown queue" in flashed(response)[-1]
    # a manager may release anyone's claim
    signed_in(manager).post(reverse("work-release", args=[item.pk]))
    item.refresh_from_db()
    assert item.assignee is None


# ----------------------------------------------------------------------------------------------------------
# Q4: comments on a subject page
# ----------------------------------------------------------------------------------------------------------


def test_Q4_comments_messages_and_internal_notes_on_a_campaign_page(
    signed_in, customer_a, customer_b, analyst, campaign
):
    detail = reverse("campaign-detail", args=[campaign.pk])
    post_url = reverse("comment-post", args=["campaign", campaign.pk])
    customer, staff = signed_in(customer_a), signed_in(analyst)
    # the customer writes to the compliance team (an "internal" box ticked by hand does not make it internal)
    response = customer.post(post_url, {"body": "We updated the opt-in wording.", "internal": "1"})
    assert response.status_code == 302 and response.url == detail + "#comments"
    assert flashed(response) == ["Message sent."]
    # staff add an internal note and a reply
    response = staff.post(post_url, {"body": "Website checked, privacy page is fine.", "internal": "1"})
    assert flashed(response) == ["Internal note added."]
    staff.post(post_url, {"body": "Thanks, we are reviewing it now."})
    assert list(Comment.objects.order_by("id").values_list("author__username", "internal")) == [
        ("customer-a", False),
        ("analyst", True),
        ("analyst", False),
    ]
    # the customer's page shows the messages but not the note, nor the internal box
    page = customer.get(detail).content.decode()
    assert "We updated the opt-in wording." in page and "Thanks, we are reviewing it now." in page
    assert "Website checked" not in page and 'data-testid="internal-note"' not in page
    assert 'name="internal"' not in page
    # staff see everything
    page = staff.get(detail).content.decode()
    assert "Website checked, privacy page is fine." in page and page.count('data-testid="internal-note"') == 1
    # another account's customer cannot write on it (nor learn that it exists)
    assert signed_in(customer_b).post(post_url, {"body": "Hello?"}).status_code == 404
    assert customer.post(reverse("comment-post", args=["brandx", campaign.pk]), {"body": "x"}).status_code == 404
    assert Comment.objects.count() == 3


def test_Q4_an_overlong_comment_is_refused_saying_by_how_much(signed_in, customer_a, campaign):
    post_url = reverse("comment-post", args=["campaign", campaign.pk])
    response = signed_in(customer_a).post(post_url, {"body": "y" * 5012})
    (message,) = flashed(response)
    assert "5,012" in message and "12 too many" in message
    assert not Comment.objects.exists()


# ----------------------------------------------------------------------------------------------------------
# Query counts
# ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 100])
def test_Q2_queue_page_queries_do_not_grow_with_items(
    n, signed_in, manager, analyst, analyst_b, account_a, account_b, django_assert_max_num_queries
):
    items = bulk_items(account=account_a, n=n // 2) + bulk_items(account=account_b, n=n - n // 2)
    for i, item in enumerate(items):
        item.assignee = (None, analyst, analyst_b)[i % 3]
    WorkItem.objects.bulk_update(items, ["assignee"])
    client = signed_in(manager)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("queue"))
    assert len(row_ids(response)) == min(n, 50)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("queue"), {"q": "bulk", "assignee": "none", "sort": "priority"})
    assert len(queries) <= 10
