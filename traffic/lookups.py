"""The at-send check's cached lookups: per process, per account, bounded in time and in size.

What is cached: a sub-account's owner and suspension (M4.3), a sender id's refusal and brand (S1/S2), the
effective geo permission of a sub-account and country (M1), and sending-platform tokens. The hot path then
asks the database nothing while its cache is warm.

How a change reaches every process:
- the process that made it drops the account's entries at once (``traffic.receivers`` on ``senders_changed``,
  ``permissions_changed``, the accounts suspension signals and token revocation);
- with Redis, the same receivers increment the account's version (``{acct:<id>}:v``). The MPH script reads it in
  the round trip that counts the message and refuses to count against an older one; a check refused before the
  count reads it with one GET. Either way the check re-reads its lookups and decides again, so every change
  (suspension or reinstatement, a sender assigned or released, a country enabled or disabled, a threshold)
  holds from the very next check in every process;
- without Redis (the database backend), another process sees a change when the entry expires:
  ``TRAFFIC_CACHE_SECONDS`` (default 60 s);
- tokens: a revoked token stops at once in the revoking process and within ``TRAFFIC_TOKEN_CACHE_SECONDS``
  (default 5 s) everywhere else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

#: Bound on the entries of one process (all accounts); past it the cache starts empty again.
MAX_ENTRIES = 200_000

_MISSING = object()


def ttl() -> float:
    return float(getattr(settings, "TRAFFIC_CACHE_SECONDS", 60))


def token_ttl() -> float:
    return float(getattr(settings, "TRAFFIC_TOKEN_CACHE_SECONDS", 5))


class LookupCache:
    """Entries grouped by account, so one account's change drops only that account's entries."""

    def __init__(self) -> None:
        self._entries: dict[int, dict[Any, tuple[Any, float]]] = {}
        self._size = 0
        #: The account version (Redis) the entries of each account were read under.
        self.versions: dict[int, str] = {}

    def get(self, account_id: int, key: Any, load: Callable[[], Any]) -> Any:
        now = time.monotonic()
        entries = self._entries.get(account_id)
        if entries is not None:
            hit = entries.get(key, _MISSING)
            if hit is not _MISSING and hit[1] > now:
                return hit[0]
        value = load()
        if self._size >= MAX_ENTRIES:
            self.clear()
        self._entries.setdefault(account_id, {})[key] = (value, now + ttl())
        self._size += 1
        return value

    def drop(self, account_id: int) -> None:
        entries = self._entries.pop(account_id, None)
        self.versions.pop(account_id, None)
        if entries:
            self._size -= len(entries)

    def clear(self) -> None:
        self._entries.clear()
        self.versions.clear()
        self._size = 0


#: Lookups keyed by account (suspension, senders, permissions, the account's tokens).
cache = LookupCache()
#: sub-account id → its account id (None: no such sub-account). Sub-accounts never move to another account, so
#: an owner is cached until the process ends (bounded); a miss only for ``TRAFFIC_TOKEN_CACHE_SECONDS`` (a
#: sub-account created a moment ago is found within seconds).
_owners: dict[int, tuple[int | None, float]] = {}
#: token digest → (account id, token id, scopes) or None, with its expiry.
_tokens: dict[str, tuple[Any, float]] = {}


def sub_account_owner(sub_account_id: int) -> int | None:
    hit = _owners.get(sub_account_id)
    now = time.monotonic()
    if hit is not None and (hit[0] is not None or hit[1] > now):
        return hit[0]
    from accounts.models import SubAccount

    account_id = SubAccount.objects.filter(pk=sub_account_id).values_list("account_id", flat=True).first()
    if len(_owners) >= MAX_ENTRIES:
        _owners.clear()
    _owners[sub_account_id] = (account_id, now + token_ttl())
    return account_id


def token_lookup(digest: str, load: Callable[[], Any]) -> Any:
    now = time.monotonic()
    hit = _tokens.get(digest)
    if hit is not None and hit[1] > now:
        return hit[0]
    value = load()
    if len(_tokens) >= MAX_ENTRIES:
        _tokens.clear()
    _tokens[digest] = (value, now + token_ttl())
    return value


def forget_tokens(account_id: int) -> None:
    for digest, (value, _) in list(_tokens.items()):
        if value is None or value[0] == account_id:
            _tokens.pop(digest, None)


def account_changed(account_id: int) -> None:
    """This process forgets the account's lookups; with Redis, every other process learns at its next count."""
    from .counting import bump_version

    cache.drop(account_id)
    forget_tokens(account_id)
    bump_version(account_id)


def reset() -> None:
    """Empty every cache of this process (tests; a settings change)."""
    cache.clear()
    _owners.clear()
    _tokens.clear()
