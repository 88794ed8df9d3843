"""N1 inbox: pages, the header bell (one cheap query), the API, and tenancy (another user's notification is a 404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.notifications.factories import raise_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox_a(customer_a):
    for i in range(30):
        raise_event(account=customer_a.account, subject_id=i + 1, label=f"Campaign {i + 1}")
    return Notification.objects.filter(user=customer_a)


def test_n1_inbox_page_lists_newest_first_and_paginates(client_for, customer_a, inbox_a):
    response = client_for(customer_a).get(reverse("inbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Campaign 30") < page.index("Campaign 29")
    assert page.count('data-testid="notification"') == 25
    assert 'data-testid="bell-count">30<' in page
    second = client_for(customer_a).get(reverse("inbox") + "?page=2").content.decode()
    assert second.count('data-testid="notification"') == 5


def test_n1_mark_read_open_and_mark_all(client_for, customer_a, inbox_a):
    client = client_for(customer_a)
    newest = inbox_a.order_by("-id").first()
    response = client.post(reverse("inbox-read", args=[newest.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == newest.event.subject_url
    newest.refresh_from_db()
    assert newest.is_read
    unread = client.get(reverse("inbox") + "?unread=1").content.decode()
    assert unread.count('data-testid="notification"') == 25 and "Campaign 30" not in unread
    client.post(reverse("inbox-read-all"))
    assert not Notification.objects.filter(user=customer_a, read_at__isnull=True).exists()
    assert 'data-testid="bell-count">0<' in client.get(reverse("dashboard")).content.decode()


def test_n1_another_users_notification_is_a_404(client_for, api_for, customer_a, customer_b, analyst, inbox_a):
    theirs = inbox_a.first()
    for user in (customer_b, analyst):
        assert client_for(user).post(reverse("inbox-read", args=[theirs.pk])).status_code == 404
        api = api_for(user)
        assert api.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
        assert api.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
        assert api.get("/api/v1/notifications/").json()["results"] == []
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_n1_open_does_not_redirect_off_site(client_for, customer_a, inbox_a):
    first = inbox_a.first()
    response = client_for(customer_a).post(reverse("inbox-read", args=[first.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("inbox")


def test_n1_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("inbox"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get("/api/v1/notifications/").status_code in (401, 403)


def test_n1_api_inbox(api_for, customer_a, inbox_a):
    api = api_for(customer_a)
    body = api.get("/api/v1/notifications/").json()
    assert set(body) == {"next", "previous", "results"} and len(body["results"]) == 30
    first = body["results"][0]
    assert first["type"] == "campaign.approved" and first["read"] is False
    assert first["subject"] == {"type": "campaign", "id": "30", "reference": "C-30", "url": "/campaigns/30/"}
    assert api.post(f"/api/v1/notifications/{first['id']}/read/").json()["read"] is True
    assert len(api.get("/api/v1/notifications/?unread=true").json()["results"]) == 29
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 29}


def test_n1_bell_costs_one_query(rf, customer_a, inbox_a, django_assert_num_queries):
    from notifications.views import header_bell

    request = rf.get("/")
    request.user = customer_a
    with django_assert_num_queries(1):
        _template, context = header_bell(request)
    assert context == {"unread": 30}


def test_n1_inbox_page_queries_do_not_grow_with_rows(client_for, customer_a, inbox_a, django_assert_max_num_queries):
    client = client_for(customer_a)
    client.get(reverse("inbox"))
    with django_assert_max_num_queries(12):
        client.get(reverse("inbox"))
    with django_assert_max_num_queries(12):
        client.get("/api/v1/notifications/")


def test_n1_staff_have_an_inbox_too(client_for, analyst):
    response = client_for(analyst).get(reverse("inbox"))
    assert response.status_code == 200 and 'data-testid="inbox-empty"' in response.content.decode()
