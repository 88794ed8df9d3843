"""The client's address, the same for login lockouts (django-axes) and API throttling (DRF).

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appending the address it received the request from to
``X-Forwarded-For``, the client is the entry that many places from the right: entries further left are
whatever the client chose to send. With no proxy (the embedded default) the header is ignored entirely and
the address is ``REMOTE_ADDR``. This is DRF's ``NUM_PROXIES`` rule, so settings give DRF the same count.

django-ipware (axes' default) was not used: its ``proxy_count`` counts proxy addresses *inside* the header
and, with a count of 0, still trusts the header's left-most entry, so one misread setting would let any
client pick its own address and dodge the lockout.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote_addr = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded.strip():
        return remote_addr
    entries = [entry.strip() for entry in forwarded.split(",")]
    candidate = entries[-min(count, len(entries))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # Our own proxy wrote that entry, so this is a misconfiguration; the proxy's address is the safe side
        # (it throttles too much rather than letting a made-up value through to axes' address column).
        return remote_addr
