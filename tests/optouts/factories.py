"""Opt-out test helpers, through the real services and the real at-send check."""

from __future__ import annotations

from datetime import UTC, datetime

from events.signals import inbound_message
from tests.traffic.factories import sending_sub_account, set_permission
from traffic.check import check_send

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
PERSON = "+12025550188"


def sending(*, customer, sub_account, analyst, number=None):
    """(campaign, sender number) of a sub-account allowed to send to the US."""
    campaign, sender = sending_sub_account(customer=customer, sub_account=sub_account, analyst=analyst, number=number)
    set_permission(account=sub_account.account, country="US", enabled=True)
    return campaign, sender


_numbers = iter(range(9000, 9999))


def second_sender(customer, campaign) -> str:
    from senders.services import sender_assign

    number = f"+1202555{next(_numbers):04d}"
    sender_assign(actor=customer, campaign=campaign, number=number)
    return number


def check(sub_account, sender, *, to=PERSON, text=None, campaign=None, now=NOW):
    return check_send(
        account_id=sub_account.account_id,
        sub_account_id=sub_account.pk,
        sender=sender,
        to=to,
        channel="sms",
        text=text,
        campaign_id=campaign.pk if campaign is not None else None,
        now=now,
    )


_ids = iter(range(1, 1_000_000))


def inbound(sub_account, *, sender, number=PERSON, text="STOP", kind="opt_out", at=NOW):
    inbound_message.send(
        sender=sender,
        account_id=sub_account.account_id,
        sub_account_id=sub_account.pk,
        number=number,
        text=text,
        kind=kind,
        at=at,
        message_id=f"SM{next(_ids)}",
    )
