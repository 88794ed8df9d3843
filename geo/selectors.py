"""Reads of geo permissions: the at-send answer for one country, the page's rows for every country, the M1.7
recommendation."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import SubAccount

from .choices import BreachResponse, RiskLevel
from .constants import (
    DEFAULT_BLOCK_HOURS,
    DEFAULT_BREACH_RESPONSE,
    DEFAULT_ENABLED_COUNTRIES,
    RECOMMENDATION_DAYS,
    RECOMMENDATION_FACTOR_DENOMINATOR,
    RECOMMENDATION_FACTOR_NUMERATOR,
    RISK_FLOORS,
)
from .models import Country, GeoPermission, HourlyCount


class Permission(NamedTuple):
    """What applies to a sub-account's messages to one country (M1.1, M1.4).

    ``overridden`` True: the sub-account has its own row, so its own MPH bucket; False: it inherits the account's
    setting and counts in the account's bucket for that country."""

    enabled: bool
    mph_threshold: int | None
    breach_response: str
    block_hours: int
    overridden: bool
    hard_disabled: bool


def default_setting(country: str) -> tuple[bool, int | None, str, int]:
    """(enabled, mph_threshold, breach_response, block_hours) of a country nobody has set (M1.2)."""
    return (country in DEFAULT_ENABLED_COUNTRIES, None, str(DEFAULT_BREACH_RESPONSE), DEFAULT_BLOCK_HOURS)


# One query, up to three rows: the catalogue's row (its primary key) and, through the index (account, country,
# sub_account), the account's default and the sub-account's override. A UNION rather than joins from the
# catalogue, so the rows still apply when the catalogue row is missing. Table and column names are constants.
_EFFECTIVE_SQL = """
SELECT 0, hard_disabled, NULL, NULL, NULL FROM geo_country WHERE code = %s
UNION ALL
SELECT CASE WHEN sub_account_id IS NULL THEN 1 ELSE 2 END, enabled, mph_threshold, breach_response, block_hours
FROM geo_geopermission
WHERE account_id = %s AND country = %s AND (sub_account_id IS NULL OR sub_account_id = %s)
"""
_CATALOGUE, _ACCOUNT, _OVERRIDE = 0, 1, 2


def effective_permission(*, account_id: int, sub_account_id: int | None, country: str) -> Permission:
    """The setting in force for ``sub_account_id``'s messages to ``country`` (``None``: the account's own).

    The at-send check's hot path: one indexed query, no model instances. A code outside the catalogue has no
    rows and is not in the defaults: disabled."""
    with connection.cursor() as cursor:
        cursor.execute(_EFFECTIVE_SQL, [country, account_id, country, sub_account_id])
        found = {int(row[0]): row[1:] for row in cursor.fetchall()}
    hard_disabled = bool(found[_CATALOGUE][0]) if _CATALOGUE in found else False
    overridden = sub_account_id is not None and _OVERRIDE in found
    setting = found.get(_OVERRIDE) if overridden else found.get(_ACCOUNT)
    if setting is None:
        setting = default_setting(country)
    enabled, threshold, response, hours = setting
    return Permission(bool(enabled), threshold, str(response), int(hours), overridden, hard_disabled)


def recommended_threshold(*, risk_level: str, busiest_hour: int | None) -> int:
    """M1.7: the busiest hour × 1.5 rounded up, at least the risk level's floor (the floor alone without
    traffic)."""
    floor = RISK_FLOORS.get(risk_level, RISK_FLOORS[RiskLevel.HIGH])
    if not busiest_hour:
        return floor
    scaled = math.ceil(busiest_hour * RECOMMENDATION_FACTOR_NUMERATOR / RECOMMENDATION_FACTOR_DENOMINATOR)
    return max(scaled, floor)


def busiest_hours(*, account_id: int, bucket: int, now=None) -> dict[str, int]:
    """Country → the largest hourly count of one bucket (0: the account's, else a sub-account's id) over the last
    ``RECOMMENDATION_DAYS`` days. One grouped query over the bucket's index range."""
    since = (now or timezone.now()) - timedelta(days=RECOMMENDATION_DAYS)
    rows = (
        HourlyCount.objects.filter(account_id=account_id, bucket=bucket, hour_start__gte=since)
        .values("country")
        .annotate(busiest=Max("count"))
        .values_list("country", "busiest")
    )
    return dict(rows)


class CountryRow(NamedTuple):
    """One line of the geo permissions table (page and API): the catalogue, the setting in force and where it
    comes from, the recommendation."""

    code: str
    name: str
    risk_level: str
    region: str
    subregion: str
    hard_disabled: bool
    enabled: bool
    mph_threshold: int | None
    breach_response: str
    block_hours: int
    #: A sub-account's own row (M1.4): shown with the "Overridden" tag and "Remove override".
    overridden: bool
    #: The account's own row exists (on the account's table: set by someone rather than the default).
    account_set: bool
    recommended_mph: int | None
    busiest_hour: int | None

    @property
    def risk_label(self) -> str:
        return RiskLevel(self.risk_level).label

    @property
    def breach_response_label(self) -> str:
        return BreachResponse(self.breach_response).label

    @property
    def inherited(self) -> bool:
        return not self.overridden


def permission_rows(
    *, account_id: int, sub_account_id: int | None = None, now=None, only: str | None = None
) -> list[CountryRow]:
    """Every country of the catalogue with the setting in force for the account (``sub_account_id`` None) or one
    of its sub-accounts. Four queries whatever the number of countries: the catalogue, the account's rows, the
    sub-account's rows, the bucket counts. ``only``: one country's row (a page's row after an edit)."""
    catalogue = Country.objects.order_by("name")
    if only is not None:
        catalogue = catalogue.filter(code=only)
    countries = list(catalogue.values_list("code", "name", "risk_level", "region", "subregion", "hard_disabled"))
    fields = ("country_id", "enabled", "mph_threshold", "breach_response", "block_hours")
    account_rows = {row[0]: row[1:] for row in GeoPermission.objects.account_defaults(account_id).values_list(*fields)}
    own_rows: dict = {}
    if sub_account_id is not None:
        own_rows = {
            row[0]: row[1:]
            for row in GeoPermission.objects.filter(account_id=account_id, sub_account_id=sub_account_id).values_list(
                *fields
            )
        }
    counts_account = busiest_hours(account_id=account_id, bucket=0, now=now)
    counts_own = busiest_hours(account_id=account_id, bucket=sub_account_id, now=now) if own_rows else {}
    result = []
    for code, name, risk, region, subregion, hard in countries:
        overridden = code in own_rows
        setting = own_rows.get(code) or account_rows.get(code) or default_setting(code)
        enabled, threshold, response, hours = setting
        busiest = (counts_own if overridden else counts_account).get(code)
        result.append(
            CountryRow(
                code=code,
                name=name,
                risk_level=risk,
                region=region,
                subregion=subregion,
                hard_disabled=hard,
                enabled=bool(enabled),
                mph_threshold=threshold,
                breach_response=response,
                block_hours=int(hours),
                overridden=overridden,
                account_set=code in account_rows,
                recommended_mph=recommended_threshold(risk_level=risk, busiest_hour=busiest) if enabled else None,
                busiest_hour=busiest,
            )
        )
    return result


#: The sub-account picker shows at most this many (an account with more types the id into the URL).
SUB_ACCOUNT_PICKER_LIMIT = 500


def sub_accounts_with_overrides(*, account_id: int) -> list[tuple[int, str, int]]:
    """(id, name, number of overridden countries) of the account's sub-accounts, for the page's picker: the
    "Overridden" tag beside those that override anything (the seed's account list). One grouped query."""
    rows = (
        SubAccount.objects.filter(account_id=account_id)
        .annotate(overrides=Count("geo_permissions"))
        .order_by("name")
        .values_list("id", "name", "overrides")[:SUB_ACCOUNT_PICKER_LIMIT]
    )
    return list(rows)


def regions() -> list[tuple[str, list[str]]]:
    """The catalogue's UN M49 regions with their sub-regions, for the bulk enable/disable."""
    grouped: dict[str, set[str]] = {}
    for region, subregion in Country.objects.values_list("region", "subregion").distinct():
        if region:
            grouped.setdefault(region, set()).add(subregion)
    return [(region, sorted(s for s in subs if s)) for region, subs in sorted(grouped.items())]


def countries_in(area: str) -> list[str]:
    """The codes of a region or sub-region (``area``: its name as ``regions`` gives it)."""
    return list(Country.objects.filter(Q(region=area) | Q(subregion=area)).values_list("code", flat=True))


def enabled_countries(*, account_id: int, sub_account_id: int | None) -> tuple[list[str], int]:
    """The codes enabled for the account (``sub_account_id`` None) or a sub-account, and how many countries the
    sub-account overrides: the same precedence as ``effective_permission`` (own row, account row, default), from
    the rows alone — two queries, not one per country."""
    account_rows = dict(GeoPermission.objects.account_defaults(account_id).values_list("country_id", "enabled"))
    own_rows = (
        dict(GeoPermission.objects.overrides(sub_account_id).values_list("country_id", "enabled"))
        if sub_account_id is not None
        else {}
    )
    settings = dict.fromkeys(DEFAULT_ENABLED_COUNTRIES, True)
    settings.update(account_rows)
    settings.update(own_rows)
    return sorted(code for code, enabled in settings.items() if enabled), len(own_rows)
