"""M2.3 as a pure function: a day's counts and the policy rows in, its verdict out.

The comparison is exact: ``count / denominator ≤ p %`` is decided as ``count × 100 ≤ p × denominator`` on integers
and Decimals, so 600 errors in 10,000 sent (6.00 %) is good and 601 (6.01 %) is bad, with no float rounding."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .choices import VERDICT_RANK, Metric, Verdict


@dataclass(frozen=True)
class HealthPolicy:
    """The policy rows in force: per metric, (up_to_percent, verdict) from the strictest up; above all → bad."""

    bands: dict[str, tuple[tuple[Decimal, str], ...]]
    min_sent: int

    def band(self, metric: str) -> tuple[tuple[Decimal, str], ...]:
        return self.bands.get(metric, ())


class Judgement(NamedTuple):
    error_rate: Decimal | None
    opt_out_rate: Decimal | None
    error_verdict: str
    opt_out_verdict: str
    verdict: str


FOUR_PLACES = Decimal("0.0001")


def percent(count: int, denominator: int) -> Decimal | None:
    """``count / denominator`` in percent, rounded to 4 places for display (never used to judge)."""
    if denominator <= 0:
        return None
    return (Decimal(count) * 100 / Decimal(denominator)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def rate_verdict(count: int, denominator: int, band: tuple[tuple[Decimal, str], ...]) -> str:
    """The verdict of the first band whose ceiling the exact rate does not exceed; bad above them all."""
    if denominator <= 0:
        # No delivered message: there is no opt-out rate to judge (and nothing delivered to opt out of).
        return Verdict.GOOD
    for ceiling, verdict in band:
        if Decimal(count) * 100 <= ceiling * denominator:
            return verdict
    return Verdict.BAD


def judge(*, sent: int, delivered: int, errors: int, opt_outs: int, policy: HealthPolicy) -> Judgement:
    """M2.3: error rate = errors / sent, opt-out rate = opt-outs / delivered; a day under the minimum volume is
    ``low_volume`` (not judged); otherwise the worse of the two rates' verdicts."""
    error_rate, opt_out_rate = percent(errors, sent), percent(opt_outs, delivered)
    if sent < policy.min_sent:
        low = Verdict.LOW_VOLUME
        return Judgement(error_rate, opt_out_rate, low, low, low)
    error_verdict = rate_verdict(errors, sent, policy.band(Metric.ERROR_RATE))
    opt_out_verdict = rate_verdict(opt_outs, delivered, policy.band(Metric.OPT_OUT_RATE))
    worst = max(error_verdict, opt_out_verdict, key=lambda v: VERDICT_RANK[v])
    return Judgement(error_rate, opt_out_rate, error_verdict, opt_out_verdict, worst)
