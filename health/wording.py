"""What customers read about their traffic health: plain words with the figures and what to do (the ISV
messaging-tactics seed's in-platform reminder). No rule ids, no field names."""

from __future__ import annotations

from dataclasses import dataclass

from .choices import Metric, Verdict
from .models import DayVerdict
from .rules import HealthPolicy

#: What to do, per rate that is not good (from the tactics seed: filtering, Lookup, opt-out handling, KYC).
ADVICE_ERRORS = [
    "Check your recipient lists before sending: remove landlines and numbers that no longer work (a number "
    "lookup at the time you collect a number catches most of them).",
    "Look at the error codes your delivery reports carry and stop sending to numbers that keep failing.",
]
ADVICE_OPT_OUTS = [
    "Send only to people who asked for your messages, and honour every opt-out at once, whichever number they "
    "replied to.",
    "Make sure each message names your brand and says how to opt out (“Reply STOP to opt out”) and get help (“HELP”).",
    "Review how often you send and whether the content matches what people signed up for.",
]


@dataclass(frozen=True)
class Reminder:
    """The "at risk" reminder of one day."""

    headline: str
    figures: list[str]
    advice: list[str]
    is_bad: bool


def _pct(value) -> str:
    return "—" if value is None else f"{value.normalize():f} %"


def _limits(policy: HealthPolicy, metric: str) -> str:
    names = {Verdict.GOOD: "good is up to", Verdict.WATCH: "watch up to"}
    parts = [f"{names.get(verdict, verdict)} {ceiling.normalize():f} %" for ceiling, verdict in policy.band(metric)]
    if policy.band(metric):
        parts.append(f"above {policy.band(metric)[-1][0].normalize():f} % is too high")
    return "; ".join(parts)


def reminder_text(day: DayVerdict, policy: HealthPolicy) -> Reminder:
    """The reminder of a watch or bad day, with the policy's limits in force."""
    bad = day.verdict == Verdict.BAD
    headline = (
        f"Your traffic is at risk: on {day.day:%-d %B %Y} your messages crossed the limits carriers accept."
        if bad
        else f"Your traffic is at risk: on {day.day:%-d %B %Y} your messages came close to the limits carriers accept."
    )
    figures = [
        f"{day.errors:,} of {day.sent:,} messages sent failed: an error rate of {_pct(day.error_rate)} "
        f"({_limits(policy, Metric.ERROR_RATE)}).",
        f"{day.opt_outs:,} of {day.delivered:,} delivered messages were answered with an opt-out: an opt-out rate "
        f"of {_pct(day.opt_out_rate)} ({_limits(policy, Metric.OPT_OUT_RATE)}).",
    ]
    advice = []
    if day.error_verdict in (Verdict.WATCH, Verdict.BAD):
        advice.extend(ADVICE_ERRORS)
    if day.opt_out_verdict in (Verdict.WATCH, Verdict.BAD):
        advice.extend(ADVICE_OPT_OUTS)
    if bad:
        advice.append(
            "Repeated bad days lead to warnings and then to suspension of numbers, campaigns or the sub-account."
        )
    return Reminder(headline=headline, figures=figures, advice=advice, is_bad=bad)
