"""Sending-platform tokens: ``Authorization: Bearer cpt_…`` (DRF ``PlatformTokenAuthentication``), and the
at-send check's own credential reading, which also takes a customer's DRF token or session (API.md).

Lookups are cached per process (``traffic.lookups``): a revoked token stops working at once in the process that
revoked it and within ``TRAFFIC_TOKEN_CACHE_SECONDS`` (5 s) everywhere else."""

from __future__ import annotations

import hashlib
import secrets
from typing import NamedTuple

from django.middleware.csrf import CsrfViewMiddleware
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from . import lookups

TOKEN_PREFIX = "cpt_"
#: Characters of the token kept in clear to tell tokens apart (the prefix plus 8 random characters).
SHOWN = len(TOKEN_PREFIX) + 8


class TokenPrincipal(NamedTuple):
    account_id: int
    token_id: int | None
    scopes: frozenset[str]


class PlatformClient:
    """``request.user`` of a request authenticated by a sending-platform token: not a person, no role."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_staff_role = False
    is_manager = False
    is_customer = False
    role = None

    def __init__(self, principal: TokenPrincipal) -> None:
        self.principal = principal
        self.account_id = principal.account_id
        # Throttles key on the user's pk: one bucket per token.
        self.pk = self.id = f"platform-token-{principal.token_id}"

    def get_username(self) -> str:
        return self.pk

    def __str__(self) -> str:
        return self.pk


def new_secret(prefix: str = TOKEN_PREFIX) -> str:
    """256 random bits, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def principal_for(raw: str) -> TokenPrincipal | None:
    """The principal of an active platform token, or None (unknown or revoked)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    digest = digest_of(raw)

    def load():
        from .models import PlatformToken

        row = PlatformToken.objects.active().filter(digest=digest).values_list("account_id", "id", "scopes").first()
        return TokenPrincipal(row[0], row[1], frozenset(row[2])) if row else None

    return lookups.token_lookup(digest, load)


def customer_for_drf_token(key: str) -> int | None:
    """The account of an active customer's DRF token (``Authorization: Token …``), or None."""

    def load():
        from rest_framework.authtoken.models import Token

        row = Token.objects.filter(key=key).values_list("user__account_id", "user__is_active").first()
        return (row[0], None, frozenset({"check", "events"})) if row and row[1] and row[0] is not None else None

    value = lookups.token_lookup(f"drf:{key}", load)
    return value[0] if value else None


class PlatformTokenAuthentication(BaseAuthentication):
    """DRF: ``Authorization: Bearer <token>`` → ``request.user`` a ``PlatformClient``, ``request.auth`` its
    ``TokenPrincipal``. Other schemes are left to the next authentication class."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Send the token as “Authorization: Bearer <token>”.")
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("The token is not valid.") from None
        principal = principal_for(raw)
        if principal is None:
            raise AuthenticationFailed("The token is not valid or was revoked.")
        return PlatformClient(principal), principal

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class CheckAuthError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        self.status = status
        self.detail = detail


def _csrf_failure(request) -> str | None:
    check = CsrfViewMiddleware(lambda req: None)
    check.process_request(request)
    response = check.process_view(request, None, (), {})
    return None if response is None else "CSRF check failed: reload the page."


def check_caller_account(request, *, scope: str) -> int:
    """The account a check (or events) request acts for: a platform token with ``scope``, a customer's DRF token,
    or a customer's session (with its CSRF check, as DRF does). Raises ``CheckAuthError`` (401/403)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        keyword, _, raw = header.partition(" ")
        keyword = keyword.lower()
        raw = raw.strip()
        if keyword == "bearer":
            principal = principal_for(raw)
            if principal is None:
                raise CheckAuthError(401, "The token is not valid or was revoked.")
            if scope not in principal.scopes:
                raise CheckAuthError(403, f"This token may not be used for “{scope}”; make one with that scope.")
            return principal.account_id
        if keyword == "token":
            account_id = customer_for_drf_token(raw) if raw.isalnum() and len(raw) <= 64 else None
            if account_id is None:
                raise CheckAuthError(401, "Invalid token, or not a customer's token.")
            return account_id
        raise CheckAuthError(401, "Use “Authorization: Bearer <sending-platform token>”.")
    user = request.user
    if not user.is_authenticated:
        raise CheckAuthError(401, "Authentication credentials were not provided.")
    if not user.is_customer or not user.is_active:
        raise CheckAuthError(403, "Only a customer's own credentials may run the at-send check.")
    if (failure := _csrf_failure(request)) is not None:
        raise CheckAuthError(403, failure)
    return user.account_id
