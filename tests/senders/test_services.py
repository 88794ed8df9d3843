"""S1 and S2 through the services: one brand forever, history kept, 49 numbers without a number pool."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from audit.models import AuditEvent
from core.errors import DomainError, StateConflict
from senders import services
from senders.models import NumberClaim, SenderId
from senders.services import S1_ELSEWHERE
from tests.campaigns.factories import make_campaign
from tests.senders.conftest import make_brand
from tests.senders.factories import assign, long_code

NUMBER = "+12025550143"


@pytest.mark.django_db
def test_s1_same_brand_other_campaign_moves_the_number_and_keeps_history(customer_a, brand_a, campaign_a, analyst):
    other = make_campaign(customer=customer_a, brand=brand_a, status="approved", analyst=analyst)
    first = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    moved = assign(actor=customer_a, campaign=other, number=NUMBER)
    first.refresh_from_db()
    assert first.is_released and first.released_at is not None
    assert moved.is_active and moved.reassigned_from_id == first.pk and moved.campaign_id == other.pk
    assert list(SenderId.objects.filter(number=NUMBER).order_by("id").values_list("status", flat=True)) == [
        "released",
        "active",
    ]
    actions = list(AuditEvent.objects.filter(subject_type="sender_id").values_list("action", flat=True))
    assert {"assigned", "release", "reassigned"} <= set(actions)


@pytest.mark.django_db
def test_s1_other_brand_refused_even_after_release(customer_a, customer_b, campaign_a, campaign_b, analyst):
    sender = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    services.sender_release(actor=customer_a, sender=sender)
    with pytest.raises(StateConflict) as refused:
        assign(actor=customer_b, campaign=campaign_b, number=NUMBER)
    # The customer of another account reads one fixed sentence: nothing about the holder.
    assert refused.value.code == "S1" and refused.value.message == S1_ELSEWHERE
    assert NumberClaim.objects.get(number=NUMBER).brand_id == campaign_a.brand_id
    assert not SenderId.objects.filter(campaign=campaign_b).exists()


@pytest.mark.django_db
def test_s1_wording_for_staff_and_same_account(customer_a, sub_account_a, account_a, campaign_a, analyst):
    from tests.accounts.factories import SubAccountFactory

    assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    other_sub = SubAccountFactory(account=account_a, name="Acme Other")
    brand = make_brand(
        customer=customer_a, sub_account=other_sub, status="approved", analyst=analyst, tax_id="33-3333333"
    )
    other = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    with pytest.raises(StateConflict) as refused:
        assign(actor=customer_a, campaign=other, number=NUMBER)
    assert "your brand Acme Dental" in refused.value.message
    with pytest.raises(StateConflict) as refused:
        assign(actor=analyst, campaign=other, number=NUMBER)
    assert f"B-{campaign_a.brand_id}" in refused.value.message and "Acme Messaging" in refused.value.message


@pytest.mark.django_db
def test_s1_database_refuses_a_row_against_the_claim(customer_a, campaign_a, campaign_b, postgres_only):
    sender = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    services.sender_release(actor=customer_a, sender=sender)
    with pytest.raises(IntegrityError), transaction.atomic():
        SenderId.objects.create(
            number=NUMBER,
            kind="long_code",
            brand=campaign_b.brand,
            campaign=campaign_b,
            sub_account=campaign_b.brand.sub_account,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        NumberClaim.objects.filter(number=NUMBER).delete()


@pytest.mark.django_db
def test_one_holder_per_number_in_the_database(customer_a, brand_a, campaign_a, analyst):
    other = make_campaign(customer=customer_a, brand=brand_a, status="approved", analyst=analyst)
    assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        SenderId.objects.create(
            number=NUMBER, kind="long_code", brand=brand_a, campaign=other, sub_account=brand_a.sub_account
        )


@pytest.mark.django_db
def test_s2_49_numbers_then_the_50th_is_refused(customer_a, campaign_a):
    for index in range(49):
        assign(actor=customer_a, campaign=campaign_a, number=long_code(index))
    with pytest.raises(StateConflict) as refused:
        assign(actor=customer_a, campaign=campaign_a, number=long_code(49))
    assert refused.value.code == "810"
    assert "already holds 49 numbers" in refused.value.message and "1 over" in refused.value.message
    assert SenderId.objects.filter(campaign=campaign_a).count() == 49
    # Releasing one frees a place.
    services.sender_release(actor=customer_a, sender=SenderId.objects.filter(campaign=campaign_a).first())
    assign(actor=customer_a, campaign=campaign_a, number=long_code(49))


@pytest.mark.django_db
def test_s2_number_pool_holds_more(customer_a, brand_a, analyst):
    from campaigns.choices import NUMBER_POOL_CHECK
    from campaigns.services import campaign_review
    from tests.campaigns.factories import ALL_TICKED

    pool = make_campaign(customer=customer_a, brand=brand_a, status="submitted", number_pool=True)
    campaign_review(actor=analyst, campaign=pool, decision="approve", checklist={**ALL_TICKED, NUMBER_POOL_CHECK: True})
    for index in range(51):
        assign(actor=customer_a, campaign=pool, number=long_code(index))
    assert SenderId.objects.filter(campaign=pool, status="active").count() == 51


@pytest.mark.django_db
def test_assignment_to_a_draft_campaign_is_allowed(customer_a, brand_a):
    draft = make_campaign(customer=customer_a, brand=brand_a)
    assert assign(actor=customer_a, campaign=draft, number=NUMBER).is_active


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("+442079460958", "is a +44 number"),
        ("+1202555014", "too short"),
        ("+120255501439", "too long"),
        ("1234", "has 4 digits"),
        ("012345", "cannot start with 0"),
        ("+1 (555) 123-4567", "not a valid North American number (area code 555"),
        ("call me", "not a phone number"),
        ("", "Enter the sender id"),
    ],
)
@pytest.mark.django_db
def test_phone_validation_is_specific(customer_a, campaign_a, raw, words):
    with pytest.raises(DomainError) as refused:
        assign(actor=customer_a, campaign=campaign_a, number=raw)
    assert refused.value.errors == {"number": [refused.value.message]}
    assert words in refused.value.message
    assert not SenderId.objects.exists()


@pytest.mark.django_db
def test_short_codes_and_separators(customer_a, campaign_a):
    assert assign(actor=customer_a, campaign=campaign_a, number="22395").kind == "short_code"
    assert assign(actor=customer_a, campaign=campaign_a, number="(202) 555-0199").number == "+12025550199"


@pytest.mark.django_db
def test_suspend_and_reinstate_need_staff_and_a_reason(customer_a, analyst, campaign_a):
    sender = assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    with pytest.raises(DomainError) as refused:
        services.sender_suspend(actor=customer_a, sender=sender, reason="x")
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError) as refused:
        services.sender_suspend(actor=analyst, sender=sender, reason=" ")
    assert refused.value.field == "reason"
    services.sender_suspend(actor=analyst, sender=sender, reason="Opt-outs ignored")
    with pytest.raises(StateConflict):
        services.sender_release(actor=customer_a, sender=sender)
    with pytest.raises(StateConflict):  # a suspended number does not escape by moving
        assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
    services.sender_reinstate(actor=analyst, sender=sender, reason="Fixed")
    sender.refresh_from_db()
    assert sender.is_active and sender.suspended_at is None


@pytest.mark.django_db
def test_senders_changed_is_sent_on_commit(customer_a, campaign_a, django_capture_on_commit_callbacks):
    from senders.signals import senders_changed

    received = []

    def listener(sender, account_id, **kwargs):
        received.append(account_id)

    senders_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assign(actor=customer_a, campaign=campaign_a, number=NUMBER)
        assert received == []
        for callback in callbacks:
            callback()
        assert received == [campaign_a.account_id]
    finally:
        senders_changed.disconnect(listener)


@pytest.mark.django_db(transaction=True)
def test_s1_race_two_brands_one_number_exactly_one_wins(postgres_only, customer_a, customer_b, campaign_a, campaign_b):
    """Two assignments of one new number to two brands at once: exactly one commits, the other is refused S1."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(actor, campaign):
        try:
            barrier.wait(timeout=10)
            assign(actor=actor, campaign=campaign, number=NUMBER)
            outcomes.append("won")
        except StateConflict as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(customer_a, campaign_a)),
        threading.Thread(target=attempt, args=(customer_b, campaign_b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["S1", "won"]
    assert SenderId.objects.filter(number=NUMBER).count() == 1
    assert NumberClaim.objects.get(number=NUMBER).brand_id == SenderId.objects.get(number=NUMBER).brand_id


@pytest.mark.django_db(transaction=True)
def test_s2_race_two_assignments_for_the_last_place(postgres_only, customer_a, campaign_a):
    for index in range(48):
        assign(actor=customer_a, campaign=campaign_a, number=long_code(index))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(number):
        try:
            barrier.wait(timeout=10)
            assign(actor=customer_a, campaign=campaign_a, number=number)
            outcomes.append("won")
        except StateConflict as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(long_code(100 + i),)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["810", "won"]
    assert SenderId.objects.filter(campaign=campaign_a).count() == 49
