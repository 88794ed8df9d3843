"""Sending one webhook POST, with the server-side request forgery care a customer-given URL needs.

A customer chooses the URL, so the portal must not become their way into our own network: only ``http``/``https``,
no credentials in the URL, and the host's addresses are resolved and refused when any is private, loopback,
link-local, multicast or otherwise not globally routable (unless ``WEBHOOK_ALLOW_PRIVATE_TARGETS`` says so — the
tests and the embedded default, which talk to receivers on 127.0.0.1). The connection then goes to the very
address that was checked (no second lookup a rebinding DNS server could answer differently), redirects are not
followed, and only the first few bytes of the answer are read.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

#: The receiver's answer matters only as a status; its body is read up to this many bytes and dropped.
MAX_RESPONSE_BYTES = 4096
USER_AGENT = "CompliancePortal-Webhooks/1"


class TargetRefused(Exception):
    """The URL or its addresses may not be called."""


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: a status code, or the error that kept it from one."""

    status: int | None
    duration_ms: int
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a webhook endpoint (plain words), or None. Checks the text only, not DNS."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "This is not a valid URL."
    if parts.scheme not in ("http", "https"):
        return "The URL must start with https:// (or http://)."
    if not parts.hostname:
        return "The URL has no host name."
    if parts.username or parts.password:
        return "Leave user names and passwords out of the URL; the signature authenticates each request."
    if port == 0:
        return "The URL's port must be between 1 and 65535."
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        try:
            address = ipaddress.ip_address(parts.hostname)
        except ValueError:
            return None
        if not _is_public(address):
            return "The URL points at a private or local network address; use a public address."
    return None


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> str:
    """The address to connect to: the first of ``host``'s addresses, all of which must be public (unless private
    targets are allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetRefused(f"cannot resolve {host}") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise TargetRefused(f"cannot resolve {host}")
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        for found in addresses:
            if not _is_public(ipaddress.ip_address(found.split("%")[0])):
                raise TargetRefused(f"{host} resolves to a private or local address")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> Outcome:
    """POST ``body`` to ``url``; never raises for network trouble (the outcome says what went wrong)."""
    started = time.monotonic()

    def done(status: int | None, error: str = "") -> Outcome:
        return Outcome(status, int((time.monotonic() - started) * 1000), error[:300])

    if problem := url_problem(url):
        return done(None, problem)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = resolve(parts.hostname, port)
    except TargetRefused as exc:
        return done(None, f"Refused: {exc}.")
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "POST", path, body=body, headers={**headers, "User-Agent": USER_AGENT, "Content-Length": str(len(body))}
        )
        response = connection.getresponse()
        response.read(MAX_RESPONSE_BYTES)
        return done(response.status)
    except TimeoutError:
        return done(None, f"No answer within {timeout:g} seconds.")
    except (OSError, http.client.HTTPException) as exc:
        return done(None, f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()
