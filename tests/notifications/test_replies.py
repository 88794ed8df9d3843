"""N2: nothing a customer writes lands where nobody looks. A customer's message or resubmission flags (reopening or
creating) the subject's work item "customer replied", shown in the queue, and tells the assignee in their inbox;
staff answering clears it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns import services as campaign_services
from casework import services as casework_services
from casework.models import WorkItem
from notifications.models import Event, Notification
from tests.campaigns.factories import campaign_data, make_campaign
from tests.casework.factories import items_of, open_item

pytestmark = pytest.mark.django_db


def test_n2_message_on_an_open_item_flags_it_and_tells_the_assignee(customer_a, brand_a, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand_a, status="submitted")
    casework_services.workitem_claim(actor=analyst, item=open_item(campaign))
    casework_services.comment_add(actor=customer_a, subject=campaign, body="We changed the sample messages.")

    item = open_item(campaign)
    assert item.customer_replied_at is not None
    notice = Notification.objects.get(user=analyst)
    assert notice.event.type == "customer.replied" and notice.event.audience == "staff"
    assert notice.event.subject_url == campaign.get_absolute_url() + "#comments"
    # Staff events never reach a customer's inbox or webhooks.
    assert not Notification.objects.filter(user=customer_a, event__type="customer.replied").exists()
    assert not Event.objects.visible_to(customer_a).filter(type="customer.replied").exists()


def test_n2_message_on_a_decided_subject_reopens_its_item_with_its_assignee(customer_a, brand_a, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand_a, status="approved", analyst=analyst)
    [closed] = items_of(campaign)
    assert closed.closed_at is not None and closed.assignee == analyst

    casework_services.comment_add(actor=customer_a, subject=campaign, body="Can we add a second number?")
    item = WorkItem.objects.get(pk=closed.pk)
    assert item.closed_at is None and item.resolution == "" and item.customer_replied_at is not None
    assert item.state == "approved" and item.assignee == analyst
    assert Notification.objects.filter(user=analyst, event__type="customer.replied").exists()

    # The analyst answers: the reply is seen and the item, open only for it, leaves the queue again.
    casework_services.comment_add(actor=analyst, subject=campaign, body="Register the number as a sender id.")
    item.refresh_from_db()
    assert item.customer_replied_at is None and item.closed_at is not None and item.resolution == "approved"
    # ... and the customer hears of the staff message.
    assert Notification.objects.filter(user=customer_a, event__type="message.received").exists()


def test_n2_internal_note_answers_without_telling_the_customer(customer_a, brand_a, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand_a, status="submitted")
    casework_services.comment_add(actor=customer_a, subject=campaign, body="Any news?")
    assert open_item(campaign).customer_replied_at is not None
    casework_services.comment_add(actor=analyst, subject=campaign, body="Checked the website", internal=True)
    item = open_item(campaign)
    assert item.customer_replied_at is None and item.closed_at is None  # still in review: stays open
    assert not Notification.objects.filter(user=customer_a, event__type="message.received").exists()


def test_n2_resubmission_reopens_via_the_transition_and_tells_the_last_analyst(customer_a, brand_a, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand_a, status="rejected", analyst=analyst)
    campaign_services.campaign_update(
        actor=customer_a, campaign=campaign, data=campaign_data(description="A clearer description " * 5)
    )
    campaign_services.campaign_submit(actor=customer_a, campaign=campaign)

    items = list(items_of(campaign))
    assert len(items) == 2 and items[0].closed_at is not None
    new = items[1]
    assert new.closed_at is None and new.state == "submitted" and new.customer_replied_at is not None
    notice = Notification.objects.get(user=analyst, event__type="customer.replied")
    assert "resubmitted" in notice.event.title


def test_n2_first_submission_is_not_a_reply(customer_a, brand_a):
    campaign = make_campaign(customer=customer_a, brand=brand_a, status="submitted")
    assert open_item(campaign).customer_replied_at is None


def test_n2_the_queue_shows_customer_replied(client_for, customer_a, brand_a, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand_a, status="submitted")
    other = make_campaign(customer=customer_a, brand=brand_a, status="submitted")
    casework_services.comment_add(actor=customer_a, subject=campaign, body="Ping")
    page = client_for(analyst).get(reverse("queue")).content.decode()
    row = page[page.index(f'data-item="{open_item(campaign).pk}"') :]
    assert 'data-testid="customer-replied"' in row[: row.index("</tr>")]
    other_row = page[page.index(f'data-item="{open_item(other).pk}"') :]
    assert 'data-testid="customer-replied"' not in other_row[: other_row.index("</tr>")]


def test_n2_comment_page_flow(client_for, customer_a, brand_a, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand_a, status="approved", analyst=analyst)
    client_for(customer_a).post(
        reverse("comment-post", args=["campaign", campaign.pk]), {"body": "Question about throughput"}
    )
    assert WorkItem.objects.get(kind="campaign", subject_id=campaign.pk, closed_at__isnull=True).customer_replied_at
