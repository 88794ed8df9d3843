"""M2.5 for PDFs: the same series as SVG polylines with the threshold lines."""

import pytest

from health.charts import rates_svg
from health.selectors import chart_series
from tests.health.factories import day_ago, figures

pytestmark = pytest.mark.django_db


def test_M2_5_rates_svg_draws_both_series_with_threshold_lines(sub_account_a):
    for n in (1, 2, 3, 10):
        figures(sub_account_a, day_ago(n), sent=1000, errors=20 * n, opt_outs=n)
    series = chart_series(sub_account_id=sub_account_a.pk)
    assert len(series.days) == 90 and series.days[-1] == day_ago(0)
    assert series.error_rates[-2] == 2.0 and series.error_rates[0] is None
    svg = rates_svg(series)
    assert set(svg) == {"error_rate", "opt_out_rate"}
    assert svg["error_rate"].startswith("<svg") and "<polyline" in svg["error_rate"]
    assert "good up to 6 %" in svg["error_rate"]
    assert "good up to 0.3 %" in svg["opt_out_rate"] and "watch up to 0.4 %" in svg["opt_out_rate"]
    # Day 10 stands alone (no neighbours): a dot; days 1–3 a line.
    assert "<circle" in svg["error_rate"]


def test_M2_5_rates_svg_of_no_traffic(sub_account_a):
    svg = rates_svg(chart_series(sub_account_id=sub_account_a.pk))
    assert "<polyline" not in svg["error_rate"] and "stroke-dasharray" in svg["error_rate"]
