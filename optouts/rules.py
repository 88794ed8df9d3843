"""The keyword blocklist and the ISV's shortener domains as each process keeps them for the at-send check.

The check reads no table for them: the lists are loaded once and kept ``RULE_CACHE_SECONDS``. That delay is safe
for keywords, which act at least 14 days after they are announced; a shortener domain a manager adds acts within
it. A change made in this process drops the copy at once (``invalidate``, on commit).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .choices import RULE_CACHE_SECONDS
from .keywords import Matcher


@dataclass(frozen=True)
class Keyword:
    word: str
    effective_at: dt.datetime
    retired_at: dt.datetime | None

    def in_force(self, at: dt.datetime) -> bool:
        return self.effective_at <= at and (self.retired_at is None or self.retired_at > at)


@dataclass(frozen=True)
class Rules:
    loaded: float
    matcher: Matcher
    keywords: dict[str, Keyword]
    shortener_domains: frozenset[str]


_lock = threading.Lock()
_rules: Rules | None = None


def _load() -> Rules:
    from .models import BlockedKeyword, ShortenerDomain

    now = timezone.now()
    keywords: dict[str, Keyword] = {}
    rows = BlockedKeyword.objects.filter(Q(retired_at__isnull=True) | Q(retired_at__gt=now)).values_list(
        "key", "word", "effective_at", "retired_at"
    )
    for key, word, effective_at, retired_at in rows:
        keywords[key] = Keyword(word, effective_at, retired_at)
    domains = frozenset(d.lower() for d in ShortenerDomain.objects.values_list("domain", flat=True))
    return Rules(time.monotonic(), Matcher.build(keywords), keywords, domains)


def current() -> Rules:
    global _rules
    rules = _rules
    if rules is None or time.monotonic() - rules.loaded > RULE_CACHE_SECONDS:
        with _lock:
            rules = _rules
            if rules is None or time.monotonic() - rules.loaded > RULE_CACHE_SECONDS:
                rules = _rules = _load()
    return rules


def invalidate(**kwargs) -> None:
    global _rules
    _rules = None
