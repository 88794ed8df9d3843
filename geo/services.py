"""Changes to geo permissions (M1): settings, overrides, requests and their decisions, and the counted traffic
the recommendation reads. Every change is audited in its transaction and announced (``permissions_changed``)
after commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction

#: Rows per INSERT statement: well under every database's bound-parameter limit (6 parameters a row).
_UPSERT_CHUNK = 500


def _hour(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("hour_start must be an aware datetime (UTC).")
    return value.replace(minute=0, second=0, microsecond=0)


def hourly_counts_add(*, rows: Iterable[tuple[int, int | None, str, datetime, int]]) -> int:
    """Add counted messages to their buckets' hours (M1.4, M1.7): ``rows`` of (account_id, sub_account_id or None
    for the account's bucket, country, hour_start, count). Rows of the same bucket and hour are summed first; then
    one ``INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count`` per 500 distinct rows, so concurrent
    writers never lose an increment (PostgreSQL and SQLite alike). Returns the number of distinct rows written."""
    totals: dict[tuple[int, int, int | None, str, datetime], int] = defaultdict(int)
    for account_id, sub_account_id, country, hour_start, count in rows:
        if count < 0:
            raise ValueError(f"A count cannot be negative ({count} for {country}).")
        if count == 0:
            continue
        key = (int(account_id), int(sub_account_id or 0), sub_account_id, str(country).upper(), _hour(hour_start))
        totals[key] += int(count)
    if not totals:
        return 0
    ops = connection.ops
    items = sorted(totals.items(), key=lambda item: (item[0][0], item[0][1], item[0][3], item[0][4]))
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(items), _UPSERT_CHUNK):
            chunk = items[start : start + _UPSERT_CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params: list = []
            for (account_id, bucket, sub_account_id, country, hour_start), count in chunk:
                params += [
                    account_id,
                    sub_account_id,
                    bucket,
                    country,
                    ops.adapt_datetimefield_value(hour_start),
                    count,
                ]
            # Sorted keys: two writers take the rows' locks in the same order and cannot deadlock.
            cursor.execute(
                "INSERT INTO geo_hourlycount (account_id, sub_account_id, bucket, country, hour_start, count) "  # noqa: S608
                f"VALUES {values} "
                "ON CONFLICT (account_id, bucket, country, hour_start) "
                "DO UPDATE SET count = geo_hourlycount.count + excluded.count",
                params,
            )
    return len(items)
