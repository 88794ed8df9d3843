"""Traffic test helpers: a sub-account that may send (approved brand and campaign, an assigned sender id, a
country enabled), built through the real services."""

from __future__ import annotations

from brands.services import brand_record_identity
from geo.models import GeoPermission
from senders.services import sender_assign
from tests.brands.factories import make_brand
from tests.campaigns.factories import make_campaign
from traffic.services import token_create

_seq = iter(range(1, 10_000))


def long_code(index: int) -> str:
    return f"+1202{200 + index // 10000:03d}{index % 10000:04d}"


def sending_sub_account(*, customer, sub_account, analyst, number: str | None = None):
    """(campaign, number): an approved campaign of an approved, verified brand in ``sub_account`` holding
    ``number`` as an active sender id."""
    n = next(_seq)
    brand = make_brand(
        customer=customer,
        sub_account=sub_account,
        status="approved",
        analyst=analyst,
        legal_name=f"Sender Test {n} Inc",
        display_name=f"Sender Test {n}",
        tax_id=f"{10 + n % 89:02d}-{1000000 + n:07d}",
    )
    brand = brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="Registry verified")
    campaign = make_campaign(customer=customer, brand=brand, status="approved", analyst=analyst)
    number = number or long_code(n)
    sender_assign(actor=customer, campaign=campaign, number=number)
    return campaign, number


def set_permission(*, account, sub_account=None, country="US", **values) -> GeoPermission:
    """A permission row written directly (geo's services are tested by geo): the account's default, or a
    sub-account's override when ``sub_account`` is given."""
    defaults = {"enabled": True, "mph_threshold": None, "breach_response": "BLOCK_AND_ALERT", "block_hours": 1}
    defaults.update(values)
    row, _ = GeoPermission.objects.update_or_create(
        account=account, sub_account=sub_account, country_id=country, defaults=defaults
    )
    return row


def platform_token(customer, scopes=("check", "events")) -> str:
    return token_create(actor=customer, name="Platform", scopes=list(scopes))[1]
