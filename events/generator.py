"""Realistic traffic for demos and benchmarks: message events (a week for ``seed_demo``) and daily figures at
scale (``manage.py seed_traffic``, the health benchmark's 10,000 sub-accounts × 90 days).

Shapes follow the ISV tactics seed: most senders run at 1–4 % errors (Twilio's common codes) and well under
0.3 % opt-outs; a few drift into "watch" or "bad" territory; small senders stay under the minimum volume.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator

from .choices import Provider
from .intake import Observation, milestones_for
from .keywords import classify

#: Carrier/provider error codes seen on undelivered messages (Twilio's 300xx family) with rough weights.
ERROR_CODES = (("30003", 30), ("30005", 25), ("30006", 10), ("30007", 20), ("30008", 15))
REPLIES = (("STOP", 6), ("Stop", 2), ("HELP", 2), ("START", 1), ("Thanks!", 6), ("what time tomorrow?", 3))


def _weighted(rnd: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rnd.choices(values, weights=weights)[0]


def _person(rnd: random.Random) -> str:
    return f"+1{rnd.choice('23456789')}{rnd.randint(0, 99):02d}{rnd.choice('23456789')}{rnd.randint(0, 999999):06d}"


def day_of_traffic(
    *, sub_account_id: int, sender: str, day: dt.date, messages: int, error_rate: float, reply_rate: float,
    rnd: random.Random,
) -> Iterator[tuple[int, Observation]]:  # fmt: skip
    """One sender's day: each message's ``sent`` then its outcome (a few reported twice, as providers redeliver),
    and replies from some recipients."""
    start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC)
    for i in range(messages):
        at = start + dt.timedelta(seconds=int(i * 43200 / max(messages, 1)) + rnd.randint(0, 30))
        message_id = "SM" + uuid.UUID(int=rnd.getrandbits(128)).hex
        person = _person(rnd)
        yield (
            sub_account_id,
            Observation(Provider.PLATFORM, message_id, milestones_for("sent", ""), "", sender, person, at),
        )
        failed = rnd.random() < error_rate
        code = _weighted(rnd, ERROR_CODES) if failed else ""
        status = "failed" if failed else "delivered"
        final = Observation(
            Provider.PLATFORM, message_id, milestones_for(status, code), code, sender, person,
            at + dt.timedelta(seconds=rnd.randint(2, 40)),
        )  # fmt: skip
        yield sub_account_id, final
        if rnd.random() < 0.03:
            yield sub_account_id, final  # a redelivered callback: stored once
        if not failed and rnd.random() < reply_rate:
            text = _weighted(rnd, REPLIES)
            reply_at = at + dt.timedelta(minutes=rnd.randint(1, 180))
            yield sub_account_id, Observation(
                Provider.PLATFORM, "SM" + uuid.UUID(int=rnd.getrandbits(128)).hex, milestones_for("received", ""),
                "", sender, person, reply_at, classify(text) or "", text,
            )  # fmt: skip


def figure_row(rnd: random.Random, profile: tuple[int, float, float]) -> tuple[int, int, int, int]:
    """(sent, delivered, errors, opt_outs) of one day for a sub-account of ``profile`` (volume, error rate,
    opt-out rate), with day-to-day noise."""
    volume, error_rate, opt_out_rate = profile
    sent = max(0, int(rnd.gauss(volume, volume * 0.15)))
    errors = min(sent, max(0, round(sent * max(0.0, rnd.gauss(error_rate, error_rate * 0.3)))))
    undelivered_without_code = min(sent - errors, int(sent * 0.002))
    delivered = sent - errors - undelivered_without_code
    opt_outs = min(delivered, max(0, round(delivered * max(0.0, rnd.gauss(opt_out_rate, opt_out_rate * 0.4)))))
    return sent, delivered, errors, opt_outs


def sub_account_profile(rnd: random.Random) -> tuple[int, float, float]:
    """Volume per day, error rate, opt-out rate: mostly healthy; about 8 % watch, 5 % bad, 15 % low volume."""
    roll = rnd.random()
    volume = int(rnd.lognormvariate(6.5, 1.0)) + 20
    if roll < 0.15:
        return rnd.randint(5, 95), rnd.uniform(0.0, 0.05), rnd.uniform(0.0, 0.004)
    if roll < 0.20:
        return volume, rnd.uniform(0.07, 0.15), rnd.uniform(0.001, 0.006)
    if roll < 0.28:
        return volume, rnd.uniform(0.02, 0.05), rnd.uniform(0.003, 0.004)
    return volume, rnd.uniform(0.005, 0.045), rnd.uniform(0.0002, 0.0025)
