"""Domain lists (data files) and host matching, offline.

tldextract runs with its bundled public-suffix snapshot only: no network fetch at runtime.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import tldextract

DATA = Path(__file__).parent / "data"
_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@cache
def domain_list(name: str) -> frozenset[str]:
    """A data file of domains, one per line, ``#`` comments allowed."""
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def host_of(url: str) -> str:
    """The lower-cased host of a URL, tolerating a missing scheme (``facebook.com/acme``)."""
    url = (url or "").strip()
    if not url:
        return ""
    if "://" not in url:
        url = f"http://{url}"
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def registered_domain(host: str) -> str:
    """``www.shop.example.co.uk`` → ``example.co.uk`` (empty when the host has no public suffix)."""
    result = _extract(host)
    return result.top_domain_under_public_suffix or ""


def host_in(host: str, domains: frozenset[str]) -> bool:
    """True when the host is one of the domains or a subdomain of one (``sites.google.com``)."""
    if not host:
        return False
    return host in domains or any(host.endswith("." + d) for d in domains) or registered_domain(host) in domains


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in (email or "") else ""
