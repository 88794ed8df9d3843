"""Reads of the events app. The two lookups of the callback hot path (the hook by its URL secret, the sender id's
holder) are cached per process for a few seconds, so a burst of callbacks costs one indexed query each per
cache period, not per request."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from typing import NamedTuple

from django.db.models import QuerySet

from senders.selectors import SenderOwner, sender_owner

from .credentials import unseal
from .models import DailyFigure, HookEndpoint, MessageEvent

#: Seconds a hook (or its absence) and a sender id's holder stay cached in a process. A revoked hook stops at
#: once in the process that revoked it and within this many seconds in the others.
CACHE_SECONDS = 30
CACHE_MAX = 10_000


class HookInfo(NamedTuple):
    id: int
    account_id: int
    sub_account_id: int | None
    provider: str
    #: The provider's verification secret: "" when none is configured, None when it can no longer be read.
    credential: str | None


class _TTLCache:
    """A small per-process cache with expiry; cleared whole when full (a flood of random secrets cannot grow it)."""

    def __init__(self) -> None:
        self._items: dict = {}

    def get(self, key, load):
        now = time.monotonic()
        hit = self._items.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = load()
        if len(self._items) >= CACHE_MAX:
            self._items.clear()
        self._items[key] = (now + CACHE_SECONDS, value)
        return value

    def forget(self, key=None) -> None:
        if key is None:
            self._items.clear()
        else:
            self._items.pop(key, None)


_hooks = _TTLCache()
_owners = _TTLCache()


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hook_for_secret(secret: str) -> HookInfo | None:
    """The live hook whose URL carries ``secret``, or None."""
    digest = secret_digest(secret)

    def load() -> HookInfo | None:
        row = (
            HookEndpoint.objects.live()
            .filter(secret_sha256=digest)
            .values_list("id", "account_id", "sub_account_id", "provider", "credential_sealed")
            .first()
        )
        return HookInfo(*row[:4], unseal(row[4])) if row else None

    return _hooks.get(digest, load)


def owner_of(number: str) -> SenderOwner | None:
    """``senders.selectors.sender_owner``, cached for ``CACHE_SECONDS``."""
    return _owners.get(number, lambda: sender_owner(number=number))


def forget_cached(*, hook_digest: str | None = None) -> None:
    """Drop cached lookups (a revoked hook at once; everything for tests)."""
    if hook_digest is None:
        _hooks.forget()
        _owners.forget()
    else:
        _hooks.forget(hook_digest)


def hooks_for(*, user) -> QuerySet[HookEndpoint]:
    return HookEndpoint.objects.visible_to(user).select_related("sub_account", "created_by")


def events_for(
    *, account_id: int | None, sub_account_id: int | None = None, start: dt.date, end: dt.date
) -> QuerySet[MessageEvent]:
    """Events of one account (None: every account, staff) between two days; the day range prunes partitions."""
    events = MessageEvent.objects.filter(day__gte=start, day__lte=end)
    if account_id is not None:
        events = events.filter(account_id=account_id)
    if sub_account_id is not None:
        events = events.filter(sub_account_id=sub_account_id)
    return events


def figures_for(*, sub_account_id: int, start: dt.date, end: dt.date) -> QuerySet[DailyFigure]:
    return DailyFigure.objects.filter(sub_account_id=sub_account_id, day__gte=start, day__lte=end).order_by("day")
