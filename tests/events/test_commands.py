"""``manage.py seed_traffic`` (scale figures for benchmarks) and ``event_partitions`` on any database."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from events.models import DailyFigure

pytestmark = pytest.mark.django_db


def test_seed_traffic_writes_every_figure_once_and_rewrites_on_a_second_run(capsys):
    call_command("seed_traffic", "--sub-accounts", "45", "--days", "3")
    assert "Wrote 135 daily figures (45 sub-accounts × 3 days)" in capsys.readouterr().out
    assert DailyFigure.objects.count() == 135
    assert DailyFigure.objects.values("account_id").distinct().count() == 3  # 20 sub-accounts per account
    first = list(DailyFigure.objects.order_by("sub_account_id", "day").values_list("sent", "delivered", "errors"))
    assert all(delivered + errors <= sent for sent, delivered, errors in first)
    call_command("seed_traffic", "--sub-accounts", "45", "--days", "3")
    assert DailyFigure.objects.count() == 135
    again = list(DailyFigure.objects.order_by("sub_account_id", "day").values_list("sent", "delivered", "errors"))
    assert again == first  # the same seed writes the same figures


def test_seed_traffic_refuses_silly_sizes():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_traffic", "--sub-accounts", "0", "--days", "3")
