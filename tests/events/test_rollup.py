"""M2.3: the roll-up into DailyFigure (set-based, exact, idempotent) and figures_updated."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from core.periodic import periodic_job, run_periodic_job
from events.generator import day_of_traffic
from events.models import DailyFigure, MessageEvent
from events.services import events_store, figures_rollup
from events.signals import figures_updated
from tests.accounts.factories import SubAccountFactory
from tests.traffic.factories import sending_sub_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def updates():
    calls = []

    def listener(sender, **kwargs):
        calls.append((kwargs["sub_account_id"], kwargs["day"]))

    figures_updated.connect(listener, dispatch_uid="test-events-figures")
    yield calls
    figures_updated.disconnect(dispatch_uid="test-events-figures")


def test_M2_3_rollup_sums_are_exact_per_sub_account_and_day(customer_a, account_a, analyst, updates):
    rnd = random.Random(7)
    today = dt.datetime.now(dt.UTC).date()
    subs = [SubAccountFactory(account=account_a, name=f"Roll {i}") for i in range(2)]
    senders = [sending_sub_account(customer=customer_a, sub_account=s, analyst=analyst)[1] for s in subs]
    observations = []
    for sub, sender in zip(subs, senders, strict=True):
        for n in (1, 2):
            observations.extend(
                day_of_traffic(
                    sub_account_id=sub.pk,
                    sender=sender,
                    day=today - dt.timedelta(days=n),
                    messages=80,
                    error_rate=0.1,
                    reply_rate=0.2,
                    rnd=rnd,
                )
            )
    events_store(account_id=account_a.pk, observations=observations)
    updates.clear()
    changed = figures_rollup(days=[today - dt.timedelta(days=n) for n in (1, 2)])
    assert len(changed) == 4 and sorted(changed) == sorted(updates)
    # Count by hand from the stored rows, message by message.
    for sub in subs:
        for n in (1, 2):
            day = today - dt.timedelta(days=n)
            rows = MessageEvent.objects.filter(sub_account=sub, day=day)
            expected = (
                rows.filter(milestone=1).count(),
                rows.filter(milestone=2, outcome="delivered").count(),
                rows.filter(milestone=2, outcome="error").count(),
                rows.filter(milestone=3, kind="opt_out").count(),
            )
            fig = DailyFigure.objects.get(sub_account=sub, day=day)
            assert (fig.sent, fig.delivered, fig.errors, fig.opt_outs) == expected
            assert fig.sent == 80 and fig.delivered + fig.errors == 80 and fig.account_id == account_a.pk
    # A second roll-up changes nothing and announces nothing.
    updates.clear()
    assert figures_rollup(days=[today - dt.timedelta(days=n) for n in (1, 2)]) == [] and updates == []


def test_M2_3_the_periodic_rollup_recomputes_recent_days(customer_a, account_a, sub_account_a, sender_a, updates):
    today = dt.datetime.now(dt.UTC).date()
    events_store(
        account_id=account_a.pk,
        observations=day_of_traffic(
            sub_account_id=sub_account_a.pk,
            sender=sender_a,
            day=today,
            messages=10,
            error_rate=0.0,
            reply_rate=0.0,
            rnd=random.Random(1),
        ),
    )
    DailyFigure.objects.filter(sub_account=sub_account_a).delete()
    assert run_periodic_job(periodic_job("events-rollup")) == 1
    fig = DailyFigure.objects.get(sub_account=sub_account_a, day=today)
    assert (fig.sent, fig.delivered) == (10, 10)
    assert updates == [(sub_account_a.pk, today)]
