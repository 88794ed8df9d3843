"""Sender id pages and panels: tenancy, roles, queries."""

import pytest
from django.test import Client
from django.urls import reverse

from senders.models import SenderId
from tests.senders.factories import assign, long_code


@pytest.fixture
def sender_a(customer_a, campaign_a):
    return assign(actor=customer_a, campaign=campaign_a, number="+12025550143")


@pytest.mark.django_db
def test_campaign_page_panel_lists_numbers_and_assigns(client_for, customer_a, campaign_a, sender_a):
    client = client_for(customer_a)
    page = client.get(reverse("campaign-detail", args=[campaign_a.pk]))
    assert page.status_code == 200
    assert b'data-testid="sender-ids"' in page.content and b"+12025550143" in page.content
    response = client.post(
        reverse("sender-assign"), {"campaign": campaign_a.pk, "number": "(202) 555-0150"}, follow=True
    )
    assert SenderId.objects.filter(number="+12025550150", campaign=campaign_a).exists()
    assert b"+12025550150 assigned to" in response.content


@pytest.mark.django_db
def test_assign_page_shows_specific_phone_error(client_for, customer_a, campaign_a):
    response = client_for(customer_a).post(
        reverse("sender-assign"), {"campaign": campaign_a.pk, "number": "+4420 7946 0958"}, follow=True
    )
    assert "is a +44 number" in response.content.decode()
    assert not SenderId.objects.exists()


@pytest.mark.django_db
def test_brand_page_panel(client_for, customer_a, brand_a, sender_a):
    page = client_for(customer_a).get(reverse("brand-detail", args=[brand_a.pk]))
    assert page.status_code == 200 and b"Sender ids of this brand" in page.content and b"+12025550143" in page.content


@pytest.mark.django_db
def test_release_from_page(client_for, customer_a, sender_a):
    client_for(customer_a).post(reverse("sender-release", args=[sender_a.pk]))
    sender_a.refresh_from_db()
    assert sender_a.is_released and sender_a.released_at is not None


@pytest.mark.django_db
def test_other_account_gets_404_everywhere(client_for, customer_b, campaign_a, sender_a):
    client = client_for(customer_b)
    assert client.get(reverse("sender-detail", args=[sender_a.pk])).status_code == 404
    assert client.post(reverse("sender-release", args=[sender_a.pk])).status_code == 404
    assert (
        client.post(reverse("sender-assign"), {"campaign": campaign_a.pk, "number": "+12025550160"}).status_code == 404
    )
    listing = client.get(reverse("sender-list"))
    assert listing.status_code == 200 and b"+12025550143" not in listing.content
    sender_a.refresh_from_db()
    assert sender_a.is_active


@pytest.mark.django_db
def test_suspend_is_staff_only(client_for, customer_a, analyst, sender_a):
    assert (
        client_for(customer_a).post(reverse("sender-suspend", args=[sender_a.pk]), {"reason": "x"}).status_code == 403
    )
    client_for(analyst).post(reverse("sender-suspend", args=[sender_a.pk]), {"reason": "Complaints"})
    sender_a.refresh_from_db()
    assert sender_a.is_suspended and sender_a.suspended_reason == "Complaints"
    client_for(analyst).post(reverse("sender-reinstate", args=[sender_a.pk]), {"reason": "Fixed"})
    sender_a.refresh_from_db()
    assert sender_a.is_active


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, sender_a):
    for url in (reverse("sender-list"), reverse("sender-detail", args=[sender_a.pk])):
        assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_list_search_filters_and_query_count(customer_a, analyst, campaign_a, sender_a, django_assert_max_num_queries):
    for index in range(30):
        assign(actor=customer_a, campaign=campaign_a, number=long_code(index))
    customer, staff = Client(), Client()
    customer.force_login(customer_a)
    staff.force_login(analyst)
    with django_assert_max_num_queries(10):
        page = customer.get(reverse("sender-list"), {"q": "+1202555"})
    assert page.status_code == 200 and b"+12025550143" in page.content and long_code(1).encode() not in page.content
    with django_assert_max_num_queries(10):
        page = staff.get(reverse("sender-list"), {"campaign": campaign_a.pk, "status": "active"})
    assert page.status_code == 200 and page.content.count(b'href="/sender-ids/') >= 25
    with django_assert_max_num_queries(40):
        assert customer.get(reverse("campaign-detail", args=[campaign_a.pk])).status_code == 200
