"""N1: every customer-visible change is one event, written in the change's transaction, in plain words, in the
inboxes of the account's own customers (never another account's, never the one who acted)."""

from __future__ import annotations

import pytest
from django.db import transaction

from accounts import services as account_services
from campaigns import services as campaign_services
from notifications.catalogue import CUSTOMER_TYPES, all_types
from notifications.models import Event, Notification
from tests.accounts.factories import UserFactory
from tests.campaigns.factories import make_campaign

pytestmark = pytest.mark.django_db


def test_n1_campaign_rejection_is_one_event_in_the_customers_inbox(
    customer_a, customer_b, brand_a, analyst, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="colleague-a", account=customer_a.account)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_campaign(customer=customer_a, brand=brand_a, status="rejected", analyst=analyst)

    event = Event.objects.get(type="campaign.rejected")
    assert event.account_id == customer_a.account_id
    assert event.subject_type == "campaign" and event.subject_id == str(campaign.pk)
    assert event.subject_reference == campaign.reference
    assert event.subject_url == campaign.get_absolute_url() + "#decisions"
    assert event.status == "rejected"
    assert [r["code"] for r in event.reasons] == ["6012", None]
    assert event.reasons[0]["remediation"]
    assert "6012" not in event.title and "C5" not in event.title
    readers = set(Notification.objects.filter(event=event).values_list("user__username", flat=True))
    assert readers == {"customer-a", "colleague-a"}
    assert not Notification.objects.filter(user__in=[customer_b, analyst]).exists()
    assert colleague.notifications.filter(event__type="campaign.submitted").exists()
    # The customer's own submission is not announced to themselves.
    assert not customer_a.notifications.filter(event__type="campaign.submitted").exists()


def test_n1_event_is_written_in_the_changes_transaction(customer_a, brand_a, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand_a, status="submitted")
    with pytest.raises(RuntimeError), transaction.atomic():
        campaign_services.campaign_review(
            actor=analyst, campaign=campaign, decision="reject", codes=["6012"], reason="Name it"
        )
        assert Event.objects.filter(type="campaign.rejected").exists()
        raise RuntimeError("the change fails after the decision")
    assert not Event.objects.filter(type="campaign.rejected").exists()
    assert not Notification.objects.filter(event__type="campaign.rejected").exists()


def test_n1_staff_only_audit_is_not_an_event(customer_a, brand_a, analyst):
    make_campaign(customer=customer_a, brand=brand_a, status="approved", analyst=analyst)
    # the analyst's checklist ticks are audited staff-only: no "checklist" event exists
    assert set(Event.objects.values_list("type", flat=True)) <= CUSTOMER_TYPES
    assert Event.objects.filter(type="campaign.approved").count() == 1


def test_n1_sub_account_suspension_reaches_the_customer(customer_a, sub_account_a, analyst):
    account_services.sub_account_suspend(actor=analyst, sub_account=sub_account_a, reason="Spam complaints")
    event = Event.objects.get(type="sub_account.suspended")
    assert event.category == "traffic"
    assert event.title == f"Sub-account “{sub_account_a}” was suspended."
    assert event.body == "Spam complaints"
    assert customer_a.notifications.filter(event=event).exists()


def test_n1_catalogue_titles_have_no_rule_ids():
    from core.wording import RULE_ID_IN_TEXT

    for spec in all_types():
        assert not RULE_ID_IN_TEXT.search(spec.title), spec
    assert {"brand.approved", "campaign.rejected", "appeal.decided", "traffic.alert"} <= CUSTOMER_TYPES
