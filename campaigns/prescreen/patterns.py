"""C4's patterns: the shape of a disclosure, a URL, an email address, a phone number, and the host look-ups.

Regular expressions are the slow part of a pre-screen, so each disclosure pattern runs on the casefolded
text only when one of its gate words is among the text's tokens, and not at all when one of its "sure"
words is (``freq`` settles the frequency disclosure). The gate words are the words every match contains.
Patterns that only one check family uses live with that family.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from brands.domains import domain_list as brand_domain_list
from brands.domains import host_in, host_of, registered_domain

from .words import _read_list

if TYPE_CHECKING:
    from .reading import _Field


class _Probe:
    """A lower-case pattern searched in a field's casefolded text, behind a cheap token gate."""

    __slots__ = ("gate", "regex", "sure")

    def __init__(self, pattern: str, gate: str, sure: str = ""):
        self.regex = re.compile(pattern)
        self.gate = frozenset(gate.split())
        self.sure = frozenset(sure.split())

    def search(self, field: _Field) -> re.Match[str] | None:
        if self.gate.isdisjoint(field.tokenset):
            return None
        return self.regex.search(field.low)

    def found(self, field: _Field) -> bool:
        return not self.sure.isdisjoint(field.tokenset) or self.search(field) is not None


_FREQUENCY = _Probe(
    r"\b(?:msgs?|messages?|texts?)\s+(?:will\s+)?vary\b"
    # "4 msgs/mo", and "Up to 4/msgs/month" (a slash between the count and the unit is still a disclosure)
    r"|\b(?:up\s+to\s+)?\d+\s*/?\s*(?:msgs?|messages?|texts?|alerts?|sms)\s*(?:/|per\b|a\b|an\b|each\b|every\b)\s*"
    r"(?:day|daily|wk|week|mo|month|yr|year|request|login|order|transaction|appointment)"
    r"|\b(?:daily|weekly|monthly)\s+(?:msgs?|messages?|texts?|alerts?|updates?|reminders?|deals?|offers?)\b"
    r"|\b(?:one|1)\s+(?:msg|message|text)\s+per\b|\bper\s+(?:request|login|transaction)\b",
    gate="vary msg msgs message messages text texts alert alerts sms daily weekly monthly per",
    sure="freq frequency recurring",
)
_RATES = _Probe(
    r"\bdata\s*rates?\b|\brates?\s+may\s+apply\b|\bmsg\s*&\s*data\b"
    r"|\bstandard\s+(?:msg|message|messaging|text|sms|carrier)s?\s+rates?\b|\bcarrier\s+(?:fees|charges)\b",
    gate="data rate rates fees charges",
)
_CARE_WORDING = _Probe(
    r"\bcustomer\s+(?:care|service|support)\b|\bsupport\s+(?:team|line|center|centre)\b", gate="customer support"
)
_URL = re.compile(
    r"(?<![@\w.-])(?:https?://|www\.)[^\s<>\"'()\[\]{}]+"
    r"|(?<![@\w./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w@-])(?::\d{2,5})?(?:/[^\s<>\"']*)?",
    re.I,
)
_URL_TRAILING = ".,;:!?)]}'\""
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+)", re.I)
_PHONE_CANDIDATE = re.compile(r"[+(\d][\d\s().+-]{8,20}\d")
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s.-]?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-])"
    r"|(?<![\w+])\+1\d{10}(?!\w)"
    r"|\b(?:call|phone|tel|dial)\b\W{0,3}1?\d{10}(?!\d)",
    re.I,
)


@lru_cache(maxsize=4096)
def _is_public_host(host: str) -> bool:
    return bool(host) and bool(registered_domain(host))


@lru_cache(maxsize=4096)
def _registered(host: str) -> str:
    return registered_domain(host) if host else ""


@lru_cache(maxsize=4096)
def _host_in_list(host: str, name: str) -> bool:
    domains = _domains(name) if name == "url_shorteners" else brand_domain_list(name)
    return host_in(host, domains)


@cache
def _domains(name: str) -> frozenset[str]:
    return frozenset(line.lower() for line in _read_list(name))


_HOST_END = re.compile(r"[/?#:\\]")


@lru_cache(maxsize=4096)
def _host(url: str) -> str:
    """The lower-cased host of a URL found in text (a faster ``host_of`` for the common shapes)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    rest = rest.rsplit("@", 1)[-1]
    end = _HOST_END.search(rest)
    host = (rest[: end.start()] if end else rest).strip(".").lower()
    return host if host and "%" not in host and " " not in host else host_of(url)


def _may_hold_url(low: str) -> bool:
    """Cheap pre-check: a scheme, "www." or a dot between a letter/digit and a letter ("acme.com")."""
    if "://" in low or "www." in low:
        return True
    i = low.find(".")
    while 0 <= i < len(low) - 1:
        if i and low[i - 1].isalnum() and low[i + 1].isalpha():
            return True
        i = low.find(".", i + 1)
    return False


def _urls(text: str) -> list[tuple[str, str]]:
    """The URLs of a text as (URL as written, host). Bare domains count only when their suffix is a public one
    ("acme.com/x", not "e.g." or "3.5")."""
    urls: list[tuple[str, str]] = []
    if not _may_hold_url(text.lower()):
        return urls
    for chunk in text.split():
        if "." not in chunk or not _may_hold_url(chunk.lower()):
            continue
        for match in _URL.finditer(chunk):
            url = match.group().rstrip(_URL_TRAILING)
            host = _host(url)
            if host and (url[:4].lower() in ("http", "www.") or _is_public_host(host)):
                urls.append((url, host))
    return urls
