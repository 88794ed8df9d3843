"""The at-send check's steps 40–70 (``traffic.check``): opt-out (M5.1), DNC (M5.3), keyword (M5.4), URL shortener
(6013, M5.6). Each is one index probe or an in-memory look-up; the keyword and shortener steps touch a table only
when the text holds a blocked word or a shortener (to find an exemption or the brand's own domains)."""

from __future__ import annotations

from django.utils import timezone

from brands.domains import host_in, registered_domain
from campaigns.prescreen.patterns import _host_in_list, _urls

from . import dnc, rules
from .numbers import number_key
from .probes import probe
from .selectors import brand_owned_domains, exemption_applies

_OPTOUT_SQL = (
    "SELECT o.scope, o.at FROM optouts_optout o "
    "WHERE o.account_id = %s AND o.number = %s AND o.active "
    "AND (o.sub_account_id = %s OR o.scope = 'account' OR EXISTS ("
    "SELECT 1 FROM optouts_optoutsettings s WHERE s.account_id = %s AND s.account_wide)) "
    "ORDER BY o.at LIMIT 1"
)


def step_optout(ci):
    """M5.1: the recipient opted out of this sub-account, or of the account (account-wide scope or opt-out)."""
    row = probe(_OPTOUT_SQL, [ci.account_id, ci.to, ci.sub_account_id, ci.account_id])
    if row is None:
        return None
    at = row[1]
    when = f" on {at:%Y-%m-%d}" if hasattr(at, "strftime") else ""
    return (
        "M5.1",
        f"{ci.to} opted out{when}: it may not be messaged from any of your numbers until it opts back in "
        "(replies START or UNSTOP).",
    )


def step_dnc(ci):
    """M5.3: the recipient is on the current version of a do-not-call list."""
    key = number_key(ci.to)
    if key is None or not dnc.listed(key):
        return None
    return "M5.3", f"{ci.to} is on a do-not-call list: numbers on do-not-call lists are never messaged."


def step_keyword(ci):
    """M5.4: the text holds a keyword in force, and no approved exemption covers it here (M5.5)."""
    if not ci.text:
        return None
    current = rules.current()
    found = current.matcher.find(ci.text)
    if not found:
        return None
    now = ci.now or timezone.now()
    for key in found:
        keyword = current.keywords[key]
        if not keyword.in_force(now):
            continue
        if exemption_applies(sub_account_id=ci.sub_account_id, campaign_id=ci.campaign_id, key=key, at=now):
            continue
        return (
            "M5.4",
            f"The message contains the blocked word “{keyword.word}”. Remove it, or ask compliance for an "
            "exemption for this sub-account or campaign.",
        )
    return None


def _own(host: str, owned: frozenset[str]) -> bool:
    return bool(owned) and host_in(host, owned)


def step_shortener(ci):
    """6013 (M5.6): a public or ISV-owned URL shortener in the text, unless on a domain the brand owns."""
    if not ci.text:
        return None
    urls = _urls(ci.text[:20_000])
    if not urls:
        return None
    isv_domains = rules.current().shortener_domains
    owned: frozenset[str] | None = None
    for url, host in urls:
        if not (_host_in_list(host, "url_shorteners") or (isv_domains and host_in(host, isv_domains))):
            continue
        if owned is None:
            owned = brand_owned_domains(brand_id=ci.brand_id) if ci.brand_id else frozenset()
        if _own(host, owned):
            continue
        return (
            "6013",
            f"The message links through the URL shortener {registered_domain(host) or host} ({url}): public and "
            "shared shorteners are not allowed; use full links or a shortener on the brand's own domain.",
        )
    return None


STEPS = (
    ("optout", 40, step_optout),
    ("dnc", 50, step_dnc),
    ("keyword", 60, step_keyword),
    ("shortener", 70, step_shortener),
)
