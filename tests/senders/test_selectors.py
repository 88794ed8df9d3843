"""The at-send check's contract: sender_refusal and sender_owner."""

import pytest

from senders.selectors import SenderOwner, sender_owner, sender_refusal
from senders.services import sender_release, sender_suspend
from tests.campaigns.factories import make_campaign
from tests.senders.factories import assign

NUMBER = "+12025550143"


@pytest.mark.django_db
def test_active_number_of_approved_campaign_passes(customer_a, campaign_a, sub_account_a, django_assert_num_queries):
    sender = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    with django_assert_num_queries(1):
        assert sender_refusal(sub_account_id=sub_account_a.pk, number=NUMBER) is None
    assert sender_refusal(sub_account_id=sub_account_a.pk, number="(202) 555-0143", campaign_id=campaign_a.pk) is None
    with django_assert_num_queries(1):
        owner = sender_owner(number=NUMBER)
    assert owner == SenderOwner(
        sender.pk, campaign_a.account_id, sub_account_a.pk, campaign_a.brand_id, campaign_a.pk, "active"
    )


@pytest.mark.django_db
def test_s1_unknown_or_other_sub_account(customer_a, campaign_a, sub_account_a, sub_account_b):
    assert sender_refusal(sub_account_id=sub_account_a.pk, number=NUMBER)[0] == "S1"
    assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    code, reason = sender_refusal(sub_account_id=sub_account_b.pk, number=NUMBER)
    assert code == "S1"
    # Same words as an unassigned number: nothing about the holder.
    assert "Acme" not in reason and reason.startswith(NUMBER)


@pytest.mark.django_db
def test_s1_after_release(customer_a, campaign_a, sub_account_a):
    sender = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    sender_release(actor=customer_a, sender=sender)
    assert sender_refusal(sub_account_id=sub_account_a.pk, number=NUMBER)[0] == "S1"
    assert sender_owner(number=NUMBER) is None


@pytest.mark.django_db
def test_s2_campaign_not_approved_suspended_or_other_campaign(customer_a, brand_a, campaign_a, sub_account_a, analyst):
    draft = make_campaign(customer=customer_a, brand=brand_a)
    assign(actor=customer_a, campaign=draft, number="+12025550144")
    code, reason = sender_refusal(sub_account_id=sub_account_a.pk, number="+12025550144")
    assert code == "S2" and "draft" in reason

    sender = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    assert sender_refusal(sub_account_id=sub_account_a.pk, number=NUMBER, campaign_id=draft.pk)[0] == "S2"
    sender_suspend(actor=analyst, sender=sender, reason="Bad health days")
    code, reason = sender_refusal(sub_account_id=sub_account_a.pk, number=NUMBER)
    assert code == "S2" and "suspended" in reason
    assert sender_owner(number=NUMBER).status == "suspended"
