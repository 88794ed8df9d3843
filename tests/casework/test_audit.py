"""Q4 audit trail, the parts ``tests/audit/test_append_only.py`` leaves out: the admin refuses change and
delete over HTTP (even for a superuser), work items and comments are read-only there too, and queue actions
done through a page are recorded with the actor and the request id."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from casework import services
from casework.models import Comment, WorkItem
from tests.accounts.factories import UserFactory
from tests.casework.factories import bulk_items, open_item, submitted_campaign, verified_brand

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(customer_a, sub_account_a, analyst):
    brand = verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    return submitted_campaign(customer=customer_a, brand=brand)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["manager", "superuser"])
def test_Q4_admin_cannot_change_or_delete_audit_events(request, who, campaign):
    event = AuditEvent.objects.for_subject(campaign).get(action="submit")
    client = signed_in(request.getfixturevalue(who))
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    changelist = reverse("admin:audit_auditevent_changelist")
    # readable, but without a form to save or a delete link or action
    page = client.get(change)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content and delete.encode() not in page.content
    listing = client.get(changelist)
    assert listing.status_code == 200 and b"delete_selected" not in listing.content
    # and every write is refused
    assert client.post(change, {"reason": "rewritten", "_save": "Save"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    event.refresh_from_db()
    assert event.reason == "" and AuditEvent.objects.filter(pk=event.pk).exists()


def test_Q4_admin_work_items_and_comments_are_read_only(superuser, customer_a, campaign):
    item = open_item(campaign)
    comment = services.comment_add(actor=customer_a, subject=campaign, body="Hello")
    client = signed_in(superuser)
    for name, obj in (("casework_workitem", item), ("casework_comment", comment)):
        assert client.get(reverse(f"admin:{name}_change", args=[obj.pk])).status_code == 200
        assert client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403
    assert WorkItem.objects.filter(pk=item.pk).exists() and Comment.objects.filter(pk=comment.pk).exists()


def test_Q4_queue_actions_through_pages_carry_actor_and_request_id(analyst, manager, account_a, campaign):
    item = open_item(campaign)
    (other,) = bulk_items(account=account_a, n=1)
    analyst_client, manager_client = signed_in(analyst), signed_in(manager)
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    claim = analyst_client.post(reverse("work-claim", args=[item.pk]), HTTP_X_REQUEST_ID="claim-request-0001")
    release = manager_client.post(reverse("work-release", args=[item.pk]))
    assign = manager_client.post(reverse("work-assign"), {"items": [other.pk], "assignee": analyst.pk})
    note = analyst_client.post(
        reverse("comment-post", args=["campaign", campaign.pk]), {"body": "Called the brand.", "internal": "1"}
    )
    events = {e.action: e for e in AuditEvent.objects.filter(id__gt=before).exclude(action="message")}
    expected = {
        "claimed": (analyst, "claim-request-0001", claim),
        "released": (manager, release["X-Request-ID"], release),
        "assigned": (manager, assign["X-Request-ID"], assign),
        "internal_note": (analyst, note["X-Request-ID"], note),
    }
    assert set(events) == set(expected)
    for action, (actor, request_id, response) in expected.items():
        event = events[action]
        assert response["X-Request-ID"] == request_id, action
        assert (event.actor, event.actor_label, event.request_id) == (actor, actor.username, request_id), action
        assert event.customer_visible is False, action
    assert (events["claimed"].subject_type, events["claimed"].subject_id) == ("campaign", str(campaign.pk))
    assert events["assigned"].data == {"to": "analyst"}
    assert events["released"].data == {"from": "analyst"}
