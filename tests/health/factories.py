"""Daily figures for health tests: written as events' roll-up writes them, then announced with its signal, so the
tests run the same path as production (``events.signals.figures_updated`` → ``health.receivers``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from events.models import DailyFigure
from events.signals import figures_updated
from health.models import DayVerdict


def day_ago(n: int) -> dt.date:
    return timezone.now().date() - dt.timedelta(days=n)


def figures(sub_account, day: dt.date, *, sent: int, delivered: int | None = None, errors: int = 0, opt_outs: int = 0):
    """Upsert the day's figures and announce them; returns the day's verdict."""
    delivered = sent - errors if delivered is None else delivered
    DailyFigure.objects.update_or_create(
        sub_account=sub_account,
        day=day,
        defaults={
            "account_id": sub_account.account_id,
            "sent": sent,
            "delivered": delivered,
            "errors": errors,
            "opt_outs": opt_outs,
        },
    )
    figures_updated.send(sender=DailyFigure, sub_account_id=sub_account.pk, day=day)
    return DayVerdict.objects.filter(sub_account=sub_account, day=day).first()


def bad_day(sub_account, n_ago: int = 1):
    """8 % errors on 1,000 sent."""
    return figures(sub_account, day_ago(n_ago), sent=1000, errors=80)


def watch_day(sub_account, n_ago: int = 1):
    """0.35 % opt-outs of 10,000 delivered."""
    return figures(sub_account, day_ago(n_ago), sent=10_000, delivered=10_000, errors=0, opt_outs=35)


def good_day(sub_account, n_ago: int = 1):
    return figures(sub_account, day_ago(n_ago), sent=1000, errors=10, opt_outs=1)
