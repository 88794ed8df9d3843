"""Reads of the opt-out, DNC, keyword and exemption tables (M5): what pages, the API and the check ask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from brands.domains import host_of, registered_domain
from brands.models import Brand

from .choices import ExemptionScope, ExemptionStatus
from .models import BlockedKeyword, BrandDomain, KeywordExemption, OptOut


def brand_owned_domains(*, brand_id: int) -> frozenset[str]:
    """The domains ``brand_id`` owns (M5.6): its website's registered domain (unless that is itself a public
    shortener) and the domains staff confirmed for it."""
    from campaigns.prescreen.patterns import _host_in_list

    owned = set(BrandDomain.objects.filter(brand_id=brand_id).values_list("domain", flat=True))
    website = Brand.objects.filter(pk=brand_id).values_list("website", flat=True).first()
    host = host_of(website or "")
    domain = registered_domain(host) if host else ""
    if domain and not _host_in_list(domain, "url_shorteners"):
        owned.add(domain)
    return frozenset(owned)


def exemption_applies(*, sub_account_id: int, campaign_id: int | None, key: str, at: dt.datetime) -> bool:
    """M5.5: an approved, unexpired exemption of ``key`` for the sub-account, or for the campaign sending."""
    scope = Q(sub_account_id=sub_account_id, scope=ExemptionScope.SUB_ACCOUNT)
    if campaign_id is not None:
        scope |= Q(campaign_id=campaign_id, sub_account_id=sub_account_id, scope=ExemptionScope.CAMPAIGN)
    return (
        KeywordExemption.objects.filter(scope, key=key, status=ExemptionStatus.APPROVED)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .exists()
    )


def optout_list_for(*, user: User, q: str = "", sub_account_id: int | None = None, active: str = "") -> QuerySet:
    """The opt-outs ``user`` may see, newest first; ``q`` matches the number's digits."""
    rows = OptOut.objects.visible_to(user).select_related("sub_account__account")
    if sub_account_id is not None:
        rows = rows.filter(sub_account_id=sub_account_id)
    digits = "".join(ch for ch in q if ch.isdigit())[:15]
    if digits:
        rows = rows.filter(number__contains=digits)
    if active == "open":
        rows = rows.filter(active=True)
    elif active == "closed":
        rows = rows.filter(active=False)
    return rows


def optout_csv_rows(rows: QuerySet) -> Iterator[list[str]]:
    """The export's rows, streamed from the database in chunks (a million opt-outs never sit in memory)."""
    yield ["number", "scope", "sub_account", "source", "opted_out_at", "opted_in_at"]
    values = rows.order_by("-at", "-id").values_list(
        "number", "scope", "sub_account__name", "source", "at", "opted_in_at"
    )
    for number, scope, sub_account, source, at, opted_in in values.iterator(chunk_size=5000):
        yield [number, scope, sub_account, source, at.isoformat(), opted_in.isoformat() if opted_in else ""]


def keywords_in_force(*, at: dt.datetime | None = None) -> QuerySet:
    at = at or timezone.now()
    return BlockedKeyword.objects.filter(effective_at__lte=at).filter(Q(retired_at__isnull=True) | Q(retired_at__gt=at))


def keywords_upcoming(*, at: dt.datetime | None = None) -> QuerySet:
    """Announced and not yet in force (with the date they act), or in force with a retirement announced."""
    at = at or timezone.now()
    return BlockedKeyword.objects.filter(
        Q(effective_at__gt=at, retire_announced_at__isnull=True) | Q(retired_at__gt=at, effective_at__lte=at)
    ).filter(Q(retired_at__isnull=True) | Q(retired_at__gt=F("effective_at")))


def keywords_upcoming_keys(*, at: dt.datetime | None = None) -> list[tuple[str, str, dt.datetime]]:
    """(key, word, effective date) of keywords announced but not yet in force: the pre-screen warns about them."""
    at = at or timezone.now()
    return list(
        BlockedKeyword.objects.filter(effective_at__gt=at, retire_announced_at__isnull=True).values_list(
            "key", "word", "effective_at"
        )
    )


def exemption_list_for(*, user: User, status: str = "") -> QuerySet:
    rows = KeywordExemption.objects.visible_to(user).select_related("sub_account__account", "campaign")
    if status in ExemptionStatus.values:
        rows = rows.filter(status=status)
    return rows
