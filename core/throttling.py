"""API throttles keyed by the trusted client address (core.client_ip), not DRF's own reading."""

from rest_framework import throttling

from .client_ip import client_ip


class _TrustedClientAddress:
    def get_ident(self, request):
        return client_ip(request) or "unknown"


class AnonRateThrottle(_TrustedClientAddress, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_TrustedClientAddress, throttling.UserRateThrottle):
    pass


class TokenRateThrottle(_TrustedClientAddress, throttling.SimpleRateThrottle):
    """``POST /api/v1/auth/token/``: per client address, whoever it claims to be (password guessing)."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
