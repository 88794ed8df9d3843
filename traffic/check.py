"""The at-send check (DESIGN §7): may this message be sent? One code and a plain reason, in a fixed order.

Steps run in ``order``; the first refusal wins:

====  ==========  ===============================================================
10    suspension  the account or the sub-account is suspended (M4.3) → ``M4``
20    sender      the sender id is not an active number of an approved campaign of this sub-account (S1/S2)
30    country     the destination's country is not enabled (M1.6) → ``450``, not counted
40–70             opt-out (M5.1), DNC (M5.3), keyword (M5.4), shortener (6013): registered by ``optouts``
80    mph         the MPH block (M1.4–M1.6) → ``451``; the message is counted when allowed
====  ==========  ===============================================================

Apps above traffic add steps with ``register_step`` (from their ``AppConfig.ready``). The hot path reads no
table while the lookup cache is warm (``traffic.lookups``) and makes one Redis round trip (``traffic.counting``).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

import phonenumbers
import pycountry
from django.utils import timezone

from core.errors import DomainError

from . import counting
from .choices import Channel
from .lookups import cache, sub_account_owner


class CheckResult(NamedTuple):
    allowed: bool
    code: str | None
    reason: str
    country: str


@dataclass(slots=True)
class CheckInput:
    """What a step sees of the message. ``brand_id``: the brand holding the sender id (None when nobody does)."""

    account_id: int
    sub_account_id: int
    sender: str
    to: str
    country: str
    channel: str
    text: str | None
    campaign_id: int | None
    brand_id: int | None
    now: datetime
    #: The MPH step's Redis answer and the account version the lookups were read under (internal).
    outcome: counting.Outcome | None = field(default=None)
    version: str = "?"


Step = Callable[[CheckInput], "tuple[str, str] | None"]


class SubAccountNotFound(DomainError):
    """The sub-account does not exist or belongs to another account (the API answers 404)."""

    def __init__(self) -> None:
        super().__init__("not_found", "No such sub-account.", field="sub_account")


class _Stale(Exception):
    """The account changed since its lookups were cached (another process said so through Redis)."""

    def __init__(self, version: str) -> None:
        self.version = version


_steps: list[tuple[int, str, Step]] = []


def register_step(*, name: str, order: int, step: Step) -> None:
    """Add a step (``step(ci) -> (code, reason) | None``) at ``order``; re-registering a name replaces it."""
    global _steps
    steps = [row for row in _steps if row[1] != name]
    bisect.insort(steps, (order, name, step), key=lambda row: (row[0], row[1]))
    _steps = steps


def registered_steps() -> list[tuple[int, str]]:
    return [(order, name) for order, name, _ in _steps]


# ----------------------------------------------------------------------------------------------------- input
@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or (country.name if country else code)


def destination_country(to) -> str:
    """ISO 3166-1 alpha-2 of an E.164 destination, or a 400 on ``to`` saying what is wrong."""
    if not isinstance(to, str) or not to.strip():
        raise DomainError("invalid", "Enter the destination number in E.164, such as +447400123456.", field="to")
    return _country_of(to.strip())


@functools.lru_cache(maxsize=65_536)
def _country_of(raw: str) -> str:
    # Cached per process (recipients repeat; a refusal raises and is not cached): parsing a NANP number tries
    # the metadata of every NANP region.
    if not raw.startswith("+") or not raw[1:].isdecimal() or not 8 <= len(raw) <= 16:
        raise DomainError(
            "invalid", f"{raw} is not an E.164 number: “+”, the country code, then 7 to 14 digits.", field="to"
        )
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        raise DomainError("invalid", f"{raw} is not a phone number of any country.", field="to") from None
    region = phonenumbers.region_code_for_number(number)
    if not region or region == "001" or pycountry.countries.get(alpha_2=region) is None:
        raise DomainError(
            "invalid", f"{raw} belongs to no country we know: check the country code and the length.", field="to"
        )
    return region


def _check_channel(channel) -> str:
    if channel not in Channel.values:
        raise DomainError(
            "invalid",
            f"channel must be “sms” or “mms”, not “{channel}”: geo permissions apply to SMS and MMS only.",
            field="channel",
        )
    return channel


def _check_sender(sender) -> str:
    if not isinstance(sender, str):
        raise DomainError("invalid", "from is the sender id (a string such as +12025550123).", field="from")
    return _sender_number(sender)


@functools.lru_cache(maxsize=16_384)
def _sender_number(sender: str) -> str:
    from senders.numbers import parse_number

    number, _kind = parse_number(sender, field="from")
    return number


# ----------------------------------------------------------------------------------------------------- steps
def _suspension(account_id: int, sub_account_id: int) -> tuple[bool, bool]:
    from accounts.models import SubAccount

    row = SubAccount.objects.filter(pk=sub_account_id).values_list("account__suspended_at", "suspended_at").first()
    return (row[0] is not None, row[1] is not None) if row else (False, False)


def step_suspension(ci: CheckInput):
    account, sub_account = cache.get(
        ci.account_id, ("susp", ci.sub_account_id), lambda: _suspension(ci.account_id, ci.sub_account_id)
    )
    if account:
        return "M4", "This account is suspended: no message may be sent until compliance reinstates it."
    if sub_account:
        return "M4", "This sub-account is suspended: no message may be sent until compliance reinstates it."
    return None


def step_sender(ci: CheckInput):
    from senders.selectors import sender_refusal

    return cache.get(
        ci.account_id,
        ("sender", ci.sub_account_id, ci.sender, ci.campaign_id),
        lambda: sender_refusal(sub_account_id=ci.sub_account_id, number=ci.sender, campaign_id=ci.campaign_id),
    )


def permission(ci: CheckInput):
    from geo.selectors import effective_permission

    return cache.get(
        ci.account_id,
        ("perm", ci.sub_account_id, ci.country),
        lambda: effective_permission(account_id=ci.account_id, sub_account_id=ci.sub_account_id, country=ci.country),
    )


def step_country(ci: CheckInput):
    if not permission(ci).enabled:
        return (
            "450",
            f"Messages to {country_name(ci.country)} are not enabled for this sub-account; "
            "ask for the country on the geo permissions page. The message was not counted.",
        )
    return None


def bucket_of(ci: CheckInput) -> counting.Bucket:
    """M1.4: an overriding sub-account counts in its own bucket, any other in the account's."""
    own = permission(ci).overridden
    return counting.Bucket(ci.account_id, ci.sub_account_id if own else None, ci.country)


def step_mph(ci: CheckInput):
    perm = permission(ci)
    limits = counting.limits_for(
        mph_threshold=perm.mph_threshold, breach_response=perm.breach_response, block_hours=perm.block_hours
    )
    outcome = counting.count(bucket=bucket_of(ci), limits=limits, now=int(ci.now.timestamp()), version=ci.version)
    if outcome.status == counting.STALE:
        raise _Stale(outcome.version)
    ci.outcome = outcome
    if outcome.status in (counting.BLOCKED, counting.BREACHED):
        until = datetime.fromtimestamp(outcome.block_until, tz=UTC).strftime("%Y-%m-%d %H:%M")
        return (
            "451",
            f"Messages to {country_name(ci.country)} are blocked until {until} UTC: more than "
            f"{perm.mph_threshold} messages were sent there within an hour.",
        )
    return None


register_step(name="suspension", order=10, step=step_suspension)
register_step(name="sender", order=20, step=step_sender)
register_step(name="country", order=30, step=step_country)
register_step(name="mph", order=80, step=step_mph)


# ----------------------------------------------------------------------------------------------------- check
def _brand_of(account_id: int, sender: str) -> int | None:
    from senders.selectors import sender_owner

    def load():
        owner = sender_owner(number=sender)
        return owner.brand_id if owner is not None and owner.account_id == account_id else None

    return cache.get(account_id, ("brand", sender), load)


def check_send(
    *,
    account_id: int,
    sub_account_id: int,
    sender: str,
    to: str,
    channel: str,
    text: str | None = None,
    campaign_id: int | None = None,
    now: datetime | None = None,
) -> CheckResult:
    """May this message be sent? Bad input raises ``DomainError`` (400); a sub-account of another account raises
    ``SubAccountNotFound`` (404). An allowed message is counted in its MPH bucket; a breach schedules its alert
    (``traffic.tasks.raise_breach_alert``) without waiting for it."""
    channel = _check_channel(channel)
    if sub_account_owner(sub_account_id) != account_id:
        raise SubAccountNotFound()
    sender = _check_sender(sender)
    country = destination_country(to)
    now = now or timezone.now()
    for attempt in range(3):
        ci = CheckInput(
            account_id=account_id,
            sub_account_id=sub_account_id,
            sender=sender,
            to=to.strip(),
            country=country,
            channel=channel,
            text=text,
            campaign_id=campaign_id,
            brand_id=_brand_of(account_id, sender),
            now=now,
            # The last attempt counts whatever the version: its lookups were all read just now.
            version="*" if attempt == 2 else cache.versions.get(account_id, "?"),
        )
        try:
            refusal = _run(ci)
            if refusal is not None and ci.outcome is None and attempt < 2:
                # Refused before the count (no Redis round trip yet): a refusal from cached lookups is confirmed
                # against the account's version, so a change that allows again (a country enabled, a sender
                # assigned, a reinstatement) is seen at once too. One GET, on refusals only.
                _confirm_version(account_id, ci.version)
        except _Stale as stale:
            cache.drop(account_id)
            cache.versions[account_id] = stale.version
            continue
        break
    if ci.outcome is not None and ci.outcome.status in (counting.BREACHED, counting.ALERTED):
        _schedule_alert(ci)
    if refusal is None:
        return CheckResult(True, None, "", country)
    return CheckResult(False, refusal[0], refusal[1], country)


def _confirm_version(account_id: int, known: str) -> None:
    if not counting.redis_url():
        return
    current = counting.current_version(account_id)
    if current != known:
        raise _Stale(current)


def _run(ci: CheckInput):
    for _order, _name, step in _steps:
        refusal = step(ci)
        if refusal is not None:
            return refusal
    return None


def _schedule_alert(ci: CheckInput) -> None:
    from .tasks import raise_breach_alert

    perm = permission(ci)
    bucket = bucket_of(ci)
    raise_breach_alert.delay_on_commit(
        account_id=ci.account_id,
        sub_account_id=ci.sub_account_id,
        own_bucket=bucket.sub_account_id is not None,
        country=ci.country,
        at=int(ci.now.timestamp()),
        blocked_until=ci.outcome.block_until if ci.outcome.status == counting.BREACHED else None,
        threshold=perm.mph_threshold,
        count=ci.outcome.count,
        breach_response=perm.breach_response,
        block_hours=perm.block_hours,
    )
