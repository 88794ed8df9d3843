"""MPH counting (M1.4–M1.6): one-minute buckets, a 60-minute sliding window, the block window and the
ALERT_ONLY marker, decided atomically per bucket.

Two backends with the same semantics:

- **Redis** (``TRAFFIC_REDIS_URL`` set): one Lua script (``MPH_SCRIPT``, registered with ``register_script``)
  decides and counts in one round trip, atomically, so with threshold N exactly N of any number of concurrent
  requests across any number of processes pass. Every key of an account carries the hash tag ``{acct:<id>}``:
  a Redis Cluster keeps an account's keys on one shard, and the script only touches keys of one slot.
- **Database** (the embedded default): ``MphState`` row locked with ``SELECT … FOR UPDATE``, ``MinuteCount`` rows
  summed over the window, the same ``decide`` function; counted traffic goes to ``geo.services.hourly_counts_add``
  in the same transaction.

A bucket is the account's for a sub-account that inherits the country's setting, the sub-account's own for one
that overrides it (M1.4): account 50 + sub-account 100 = 150 messages an hour to that country.
The clock is an argument (``now``, Unix seconds), so tests move it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum

from .choices import BreachResponse

logger = logging.getLogger(__name__)

WINDOW_MINUTES = 60

#: The script's answers (its first reply element).
STALE = -1  # the caller's cached lookups are older than the account's version: nothing was counted
ALLOWED = 0  # counted
BLOCKED = 1  # refused: the bucket is in its block window (not counted)
BREACHED = 2  # refused: this message breached BLOCK_AND_ALERT; the block window starts now (once per breach)
ALERTED = 3  # counted; ALERT_ONLY breached: the first breach of this bucket in this hour

RESPONSE_CODES = {
    BreachResponse.BLOCK_AND_ALERT: "B",
    BreachResponse.ALERT_ONLY: "A",
    BreachResponse.IGNORE: "I",
}

# KEYS: 1 minute buckets (hash: unix minute → count), 2 block window (string: unix second it ends),
#       3 ALERT_ONLY marker (string: unix hour of the last alert), 4 the account's version, 5 hourly totals
#       (hash: "<scope>|<country>|<unix hour>" → count, flushed to geo by the beat job).
# ARGV: 1 now (unix seconds, integer), 2 threshold (0: none), 3 response (B, A or I), 4 block seconds,
#       5 the version the caller's cached lookups belong to ("*": any), 6 the hourly-totals field.
# Reply: {status, version, count in the window after this message (0 when not computed), block end}.
MPH_SCRIPT = """
local version = redis.call('GET', KEYS[4]) or '0'
if ARGV[5] ~= '*' and version ~= ARGV[5] then return {-1, version, 0, 0} end
local now = tonumber(ARGV[1])
local threshold = tonumber(ARGV[2])
local response = ARGV[3]
local minute = math.floor(now / 60)
local acting = threshold > 0 and response ~= 'I'
local sum = 0
if acting then
  if response == 'B' then
    local ends = tonumber(redis.call('GET', KEYS[2]) or '0')
    if ends > now then return {1, version, 0, ends} end
  end
  local fields = {}
  for m = minute - 59, minute do fields[#fields + 1] = m end
  local values = redis.call('HMGET', KEYS[1], unpack(fields))
  for i = 1, #values do
    if values[i] then sum = sum + tonumber(values[i]) end
  end
  if response == 'B' and sum >= threshold then
    local ends = now + tonumber(ARGV[4])
    -- The value decides (it follows the caller's clock); the TTL only collects the key afterwards.
    redis.call('SET', KEYS[2], ends, 'EX', tonumber(ARGV[4]) + 3600)
    return {2, version, sum, ends}
  end
end
redis.call('HINCRBY', KEYS[1], minute, 1)
redis.call('EXPIRE', KEYS[1], 3720)
redis.call('HINCRBY', KEYS[5], ARGV[6], 1)
redis.call('EXPIRE', KEYS[5], 604800)
if redis.call('HLEN', KEYS[1]) > 120 then
  for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
    if tonumber(field) < minute - 59 then redis.call('HDEL', KEYS[1], field) end
  end
end
if acting and response == 'A' and sum + 1 > threshold then
  local hour = math.floor(now / 3600)
  if tonumber(redis.call('GET', KEYS[3]) or '-1') ~= hour then
    redis.call('SET', KEYS[3], hour, 'EX', 7200)
    return {3, version, sum + 1, 0}
  end
end
return {0, version, sum + 1, 0}
"""


class Bucket(NamedTuple):
    """Where a message counts: the account's bucket for a country (``sub_account_id`` None) or an overriding
    sub-account's own."""

    account_id: int
    sub_account_id: int | None
    country: str

    @property
    def scope(self) -> str:
        return "a" if self.sub_account_id is None else f"s{self.sub_account_id}"

    @property
    def tag(self) -> str:
        return account_tag(self.account_id)

    @property
    def name(self) -> str:
        """The bucket's name in the database backend (and in the Redis keys)."""
        return f"{self.account_id}:{self.scope}:{self.country}"


class Limits(NamedTuple):
    threshold: int  # 0: none
    response: str  # B, A or I
    block_seconds: int


class Outcome(NamedTuple):
    status: int
    version: str
    count: int
    block_until: int


def account_tag(account_id: int) -> str:
    return f"{{acct:{account_id}}}"


def version_key(account_id: int) -> str:
    return f"{account_tag(account_id)}:v"


def hourly_key(account_id: int) -> str:
    return f"{account_tag(account_id)}:hc"


def limits_for(*, mph_threshold: int | None, breach_response: str, block_hours: int) -> Limits:
    return Limits(int(mph_threshold or 0), RESPONSE_CODES.get(breach_response, "I"), int(block_hours) * 3600)


class Verdict(NamedTuple):
    status: int
    counted: bool
    count: int
    block_until: int
    alert_hour: int


def decide(*, now: int, limits: Limits, window_sum: int, block_until: int, alert_hour: int) -> Verdict:
    """The decision the Lua script takes, for the database backend (same inputs, same answers)."""
    acting = limits.threshold > 0 and limits.response != "I"
    if acting and limits.response == "B":
        if block_until > now:
            return Verdict(BLOCKED, False, 0, block_until, alert_hour)
        if window_sum >= limits.threshold:
            return Verdict(BREACHED, False, window_sum, now + limits.block_seconds, alert_hour)
    count = window_sum + 1
    if acting and limits.response == "A" and count > limits.threshold and alert_hour != now // 3600:
        return Verdict(ALERTED, True, count, block_until, now // 3600)
    return Verdict(ALLOWED, True, count, block_until, alert_hour)


def hour_field(bucket: Bucket, now: int) -> str:
    return f"{bucket.scope}|{bucket.country}|{now // 3600}"


def hour_start(now: int) -> datetime:
    return datetime.fromtimestamp(now - now % 3600, tz=UTC)


# ---------------------------------------------------------------------------------------------------- Redis
_redis_lock = threading.Lock()
_redis_state: dict = {}


def redis_url() -> str | None:
    return getattr(settings, "TRAFFIC_REDIS_URL", None) or None


def redis_client():
    """The process's client for ``TRAFFIC_REDIS_URL`` (a connection pool; redis-py reopens it after a fork)."""
    url = redis_url()
    state = _redis_state
    if state.get("url") != url:
        with _redis_lock:
            if state.get("url") != url:
                import redis

                client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30)
                state.clear()
                state.update(url=url, client=client, script=client.register_script(MPH_SCRIPT))
    return state["client"]


def _script():
    redis_client()
    return _redis_state["script"]


def count_redis(*, bucket: Bucket, limits: Limits, now: int, version: str) -> Outcome:
    tag = bucket.tag
    keys = [
        f"{tag}:m:{bucket.scope}:{bucket.country}",
        f"{tag}:b:{bucket.scope}:{bucket.country}",
        f"{tag}:al:{bucket.scope}:{bucket.country}",
        version_key(bucket.account_id),
        hourly_key(bucket.account_id),
    ]
    args = [now, limits.threshold, limits.response, limits.block_seconds, version, hour_field(bucket, now)]
    status, current, count, ends = _script()(keys=keys, args=args)
    if isinstance(current, bytes):
        current = current.decode()
    return Outcome(int(status), str(current), int(count), int(ends))


def bump_version(account_id: int) -> None:
    """Every process's cached lookups of the account are stale from now: their next check re-reads.

    A change elsewhere (a permission saved, a sender released) never fails because Redis is unreachable: the
    other processes then see it when their entries expire (``TRAFFIC_CACHE_SECONDS``)."""
    if not redis_url():
        return
    import redis

    try:
        redis_client().incr(version_key(account_id))
    except redis.RedisError:
        logger.warning("Could not bump the traffic cache version of account %s", account_id, exc_info=True)


def current_version(account_id: int) -> str:
    if not redis_url():
        return "0"
    value = redis_client().get(version_key(account_id))
    return value.decode() if value is not None else "0"


# ------------------------------------------------------------------------------------------------- database
def count_database(*, bucket: Bucket, limits: Limits, now: int) -> Outcome:
    from geo.services import hourly_counts_add

    from .models import MinuteCount, MphState

    minute = now // 60
    name = bucket.name
    with transaction.atomic():
        MphState.objects.bulk_create([MphState(bucket=name)], ignore_conflicts=True)
        # The row lock serialises every check of this bucket: read the window, decide, write.
        state = MphState.objects.select_for_update().get(bucket=name)
        acting = limits.threshold > 0 and limits.response != "I"
        window_sum = 0
        if acting:
            window_sum = (
                MinuteCount.objects.filter(bucket=name, minute__gt=minute - WINDOW_MINUTES, minute__lte=minute)
                .aggregate(total=Sum("count"))
                .get("total")
                or 0
            )
        verdict = decide(
            now=now,
            limits=limits,
            window_sum=window_sum,
            block_until=int(state.block_until),
            alert_hour=state.alert_hour,
        )
        if verdict.block_until != int(state.block_until) or verdict.alert_hour != state.alert_hour:
            state.block_until = verdict.block_until
            state.alert_hour = verdict.alert_hour
            state.save(update_fields=["block_until", "alert_hour"])
        if verdict.counted:
            updated = MinuteCount.objects.filter(bucket=name, minute=minute).update(count=F("count") + 1)
            if not updated:
                MinuteCount.objects.create(bucket=name, minute=minute, count=1)
                # Once per bucket and minute: the minutes that left the window go.
                MinuteCount.objects.filter(bucket=name, minute__lte=minute - WINDOW_MINUTES).delete()
            hourly_counts_add(rows=[(bucket.account_id, bucket.sub_account_id, bucket.country, hour_start(now), 1)])
    return Outcome(verdict.status, "0", verdict.count if acting else 0, verdict.block_until)


def count(*, bucket: Bucket, limits: Limits, now: int, version: str) -> Outcome:
    """Decide and count one message in ``bucket`` (Redis when configured, else the database)."""
    if redis_url():
        return count_redis(bucket=bucket, limits=limits, now=now, version=version)
    return count_database(bucket=bucket, limits=limits, now=now)


# ------------------------------------------------------------------------------------------- hourly flush
def flush_hourly_counts() -> int:
    """Move the hourly totals counted in Redis to ``geo.HourlyCount`` (the beat job). Each account's hash is
    renamed first (atomic, same slot), so checks counting meanwhile start a new hash and nothing is lost; a
    renamed hash left behind by a failed run is picked up by the next. Returns the rows written."""
    if not redis_url():
        return 0
    from geo.services import hourly_counts_add

    client = redis_client()
    written = 0
    for raw in client.scan_iter(match="{acct:*}:hc", count=500):
        key = raw.decode()
        pending = f"{key}:flush:{uuid.uuid4().hex}"
        try:
            client.rename(key, pending)
        except Exception as exc:  # the key expired or was flushed by a concurrent run
            if "no such key" in str(exc).lower():
                continue
            raise
    for raw in client.scan_iter(match="{acct:*}:hc:flush:*", count=500):
        key = raw.decode()
        account_id = int(key[len("{acct:") : key.index("}")])
        rows = []
        for field, value in client.hgetall(key).items():
            scope, country, hour = field.decode().split("|")
            sub_account_id = None if scope == "a" else int(scope[1:])
            rows.append((account_id, sub_account_id, country, hour_start(int(hour) * 3600), int(value)))
        if rows:
            written += hourly_counts_add(rows=rows)
        client.delete(key)
    return written
