"""Reads of sender ids. ``sender_refusal`` and ``sender_owner`` are the at-send check's hot path: one query on
the held-number index, returning tuples, never model instances."""

from __future__ import annotations

from typing import NamedTuple

from campaigns.choices import CampaignStatus

from .choices import SenderStatus
from .models import HELD, SenderId
from .numbers import normalize_number


class SenderOwner(NamedTuple):
    sender_id: int
    account_id: int
    sub_account_id: int
    brand_id: int
    campaign_id: int
    status: str


_OWNER_FIELDS = ("id", "account_id", "sub_account_id", "brand_id", "campaign_id", "status")


def sender_owner(*, number: str) -> SenderOwner | None:
    """The current holder (active or suspended) of ``number``, or None."""
    rows = SenderId.objects.filter(HELD, number=normalize_number(number)).order_by().values_list(*_OWNER_FIELDS)[:1]
    row = next(iter(rows), None)
    return SenderOwner(*row) if row else None


def sender_refusal(*, sub_account_id: int, number: str, campaign_id: int | None = None) -> tuple[str, str] | None:
    """None when ``number`` is an active sender id of an approved campaign in this sub-account (and of
    ``campaign_id`` when given); otherwise ``("S1" | "S2", plain reason)``.

    S1: the number is not this sub-account's (unassigned, released, or held elsewhere — said in the same words
    either way, so the caller learns nothing about other accounts). S2: it is, but its campaign is not approved,
    the sender id is suspended, or it belongs to another campaign than the one named."""
    number = normalize_number(number)
    # Unordered on purpose: the held-number index answers alone (a sort key would pick another index).
    rows = (
        SenderId.objects.filter(HELD, number=number)
        .order_by()
        .values_list("sub_account_id", "campaign_id", "status", "campaign__status")[:1]
    )
    row = next(iter(rows), None)
    if row is None or row[0] != sub_account_id:
        return ("S1", f"{number} is not a sender id of this sub-account: assign it to an approved campaign first.")
    _, held_campaign, status, campaign_status = row
    if status == SenderStatus.SUSPENDED:
        return ("S2", f"{number} is suspended: it cannot send until compliance reinstates it.")
    if campaign_status != CampaignStatus.APPROVED:
        state = CampaignStatus(campaign_status).label.lower()
        return (
            "S2",
            f"{number} belongs to campaign C-{held_campaign}, which is {state}: only an approved "
            "campaign's numbers may send.",
        )
    if campaign_id is not None and campaign_id != held_campaign:
        return ("S2", f"{number} is assigned to campaign C-{held_campaign}, not C-{campaign_id}.")
    return None


def sender_list_for(
    *,
    user,
    campaign_id: int | None = None,
    brand_id: int | None = None,
    status: str | None = None,
    q: str = "",
):
    """The sender ids ``user`` may see, narrowed by the filters (the pages' and the API's lists)."""
    queryset = SenderId.objects.visible_to(user).select_related("campaign", "brand", "sub_account__account")
    if campaign_id is not None:
        queryset = queryset.filter(campaign_id=campaign_id)
    if brand_id is not None:
        queryset = queryset.filter(brand_id=brand_id)
    if status:
        queryset = queryset.filter(status=status)
    if q := (q or "").strip():
        queryset = queryset.filter(number__startswith=normalize_number(q))
    return queryset


def segregation_violations():
    """S3, existing data: the ids of sub-accounts whose brands carry more than one tax id (+ issuing country),
    newest sub-account first. Listed for staff; nothing is changed."""
    from django.db.models import Count, Value
    from django.db.models.functions import Concat

    from brands.models import Brand

    return (
        Brand.objects.order_by()
        .values("sub_account_id")
        .annotate(tax_ids=Count(Concat("tax_id", Value("/"), "tax_id_country"), distinct=True))
        .filter(tax_ids__gt=1)
        .order_by("-sub_account_id")
    )


def segregation_rows(sub_account_ids: list[int]) -> list[dict]:
    """The listed sub-accounts with their brands grouped by tax id (one query for the page)."""
    from brands.models import Brand

    rows: dict[int, dict] = {}
    brands = (
        Brand.objects.filter(sub_account_id__in=sub_account_ids)
        .select_related("sub_account__account")
        .order_by("sub_account_id", "tax_id_country", "tax_id", "pk")
    )
    for brand in brands:
        row = rows.setdefault(brand.sub_account_id, {"sub_account": brand.sub_account, "tax_ids": {}})
        row["tax_ids"].setdefault(f"{brand.tax_id} ({brand.tax_id_country})", []).append(brand)
    return [rows[pk] for pk in sub_account_ids if pk in rows]
