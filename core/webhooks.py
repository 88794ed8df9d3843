"""Signed webhooks: the one check every inbound hook makes before it reads a body, and the signing of outbound ones.

The scheme (the one Stripe and Slack use): the sender sends a Unix timestamp and
``v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`` keyed by a shared secret. Signing the timestamp with the body
lets the receiver refuse a replay outside a short window (five minutes either way by default, which also
absorbs clock skew) without storing every message seen. Digests are compared in constant time
(``hmac.compare_digest``) so the time a refusal takes says nothing about how much of a guess was right.

Secrets rotate with an overlap: during the change the receiver holds the new and the old secret and accepts a
signature made with either; a sender mid-rotation may send one signature per secret (``v1=…,v1=…``).

A refusal is a ``DomainError`` with one of the codes below, so a hook's view answers it like any other refused
input and never with a 500; what was wrong is in the message, never a secret or the expected digest.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Iterable

from .errors import DomainError

SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300

#: The timestamp is missing or not a whole number of seconds.
BAD_TIMESTAMP = "webhook_bad_timestamp"
#: The timestamp is further from now than the tolerance, in the past (a replay) or the future.
STALE_TIMESTAMP = "webhook_stale_timestamp"
#: The signature header holds no ``v1`` hex digest of the right length.
MALFORMED_SIGNATURE = "webhook_malformed_signature"
#: No signature in the header matches the body under any current secret.
BAD_SIGNATURE = "webhook_bad_signature"

# Ten digits are Unix seconds until the year 2286; the bound keeps int() of a hostile header cheap.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")
# Room for a few signatures during a rotation, not for a megabyte of header.
_MAX_SIGNATURE_HEADER = 1024


def sign(*, secret: bytes, body: bytes, timestamp: int | str) -> str:
    """The signature header value for an outbound ``body`` sent with ``timestamp`` (send both)."""
    return f"{SCHEME}={_digest(secret, str(timestamp), body)}"


def verify_hmac_signature(
    *,
    secret: bytes | Iterable[bytes],
    body: bytes,
    timestamp: str,
    signature: str,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> int:
    """Check an inbound webhook; return its timestamp (Unix seconds) or raise a ``DomainError``.

    ``secret``: one secret, or several while a rotation overlaps. ``body``: the raw request body, exactly as
    received (not re-serialised JSON). ``now``: Unix seconds, for tests.
    """
    secrets = [secret] if isinstance(secret, bytes | bytearray) else list(secret)
    if not secrets or not all(secrets):
        # A configuration fault, not bad input: an empty secret would let anyone sign.
        raise ValueError("verify_hmac_signature needs at least one non-empty secret.")
    sent_at = _parse_timestamp(timestamp)
    candidates = _parse_signatures(signature)
    expected = [_digest(key, timestamp, body).encode("ascii") for key in secrets]
    # Every pair is compared: the time taken does not depend on which secret or signature matched.
    matched = False
    for digest in expected:
        for candidate in candidates:
            matched |= hmac.compare_digest(digest, candidate)
    if not matched:
        raise DomainError(
            BAD_SIGNATURE,
            "The webhook signature does not match the body and timestamp; check the signing secret and that the "
            "body is sent unchanged.",
        )
    age = (time.time() if now is None else now) - sent_at
    if abs(age) > tolerance_seconds:
        when = f"{int(age)} seconds ago" if age > 0 else f"{int(-age)} seconds in the future"
        raise DomainError(
            STALE_TIMESTAMP,
            f"The webhook was signed {when}; only messages signed within {tolerance_seconds} seconds of now are "
            "accepted (check the sender's clock, or this is a replay).",
        )
    return sent_at


def _digest(secret: bytes, timestamp: str, body: bytes) -> str:
    return hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


def _parse_timestamp(timestamp: str) -> int:
    if not isinstance(timestamp, str) or not _TIMESTAMP.fullmatch(timestamp):
        raise DomainError(BAD_TIMESTAMP, "The webhook timestamp must be a whole number of seconds since 1970 (UTC).")
    return int(timestamp)


def _parse_signatures(header: str) -> list[bytes]:
    """The ``v1`` digests in ``header``: ``v1=<hex>`` or a bare hex digest, several separated by commas; parts
    of another scheme are skipped (a sender may add newer schemes before we know them)."""
    if not isinstance(header, str) or len(header) > _MAX_SIGNATURE_HEADER:
        raise DomainError(MALFORMED_SIGNATURE, "The webhook signature header is missing or too long.")
    digests = []
    for part in header.split(","):
        scheme, has_scheme, value = part.strip().partition("=")
        if not has_scheme:
            scheme, value = SCHEME, scheme
        if scheme.strip() == SCHEME and _HEX_DIGEST.fullmatch(value.strip()):
            digests.append(value.strip().lower().encode("ascii"))
    if not digests:
        raise DomainError(
            MALFORMED_SIGNATURE,
            f"The webhook signature header holds no “{SCHEME}=” followed by a 64-character hex SHA-256 digest.",
        )
    return digests
