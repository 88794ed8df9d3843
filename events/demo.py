"""Demo data of the events app (``manage.py seed_demo``): a week of realistic traffic from every held sender id
— sent messages, deliveries, errors with carrier codes, redelivered callbacks (stored once) and replies with STOP,
HELP and START — stored through the bulk path and rolled up into the daily figures; plus a Twilio status-callback
URL for Acme Messaging's customer."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from senders.models import SenderId

from . import services
from .generator import day_of_traffic
from .models import HookEndpoint, MessageEvent

DAYS = 7
#: Messages per day per sender id: small, so the embedded default (SQLite) seeds in seconds.
PER_DAY = (25, 60)


def _week(base) -> None:
    if MessageEvent.objects.exists():
        return
    rnd = random.Random(20261130)
    today = timezone.now().astimezone(dt.UTC).date()
    holders = list(SenderId.objects.held().values_list("account_id", "sub_account_id", "number").order_by("number"))
    by_account: dict[int, list] = {}
    for account_id, sub_account_id, number in holders:
        by_account.setdefault(account_id, []).append((sub_account_id, number))
    for account_id, senders in by_account.items():
        observations = []
        for i, (sub_account_id, number) in enumerate(senders):
            # The second sender of an account has a rough week: more errors, more STOPs.
            error_rate, reply_rate = (0.09, 0.03) if i == 1 else (0.025, 0.01)
            for n in range(DAYS, 0, -1):
                observations.extend(
                    day_of_traffic(
                        sub_account_id=sub_account_id, sender=number, day=today - dt.timedelta(days=n),
                        messages=rnd.randint(*PER_DAY), error_rate=error_rate, reply_rate=reply_rate, rnd=rnd,
                    )
                )  # fmt: skip
        # Rolled up after commit (eagerly in the embedded default; by the events-rollup job with a broker).
        services.events_store(account_id=account_id, observations=observations)


def _hook(base) -> None:
    customer = base.users.get("customer-a")
    if customer is None or HookEndpoint.objects.filter(account_id=customer.account_id).exists():
        return
    services.hook_create(actor=customer, provider="twilio", label="Production (demo)")


def seed(base, brands) -> None:
    _week(base)
    _hook(base)
