"""Day partitions of ``events_messageevent`` (PostgreSQL; SQLite keeps one plain table and needs none).

Each UTC day is one partition, ``events_messageevent_pYYYYMMDD``, covering ``[day, day + 1)``. They are made
ahead of time — migration 0002 and the ``events-partitions`` periodic job keep ``PARTITIONS_BEHIND`` days back
to ``PARTITIONS_AHEAD`` days forward — so the intake never waits on DDL; a bulk back-fill of an older day makes
that day's partition first (``ensure_days``). Indexes and keys are declared on the parent, so PostgreSQL gives
every new partition its own copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection as default_connection
from django.db import transaction

TABLE = "events_messageevent"
PARTITIONS_BEHIND = 3
PARTITIONS_AHEAD = 14

#: Days known to have a partition in this process (partitions are never dropped while the process lives).
_known: set[dt.date] = set()


def partition_name(day: dt.date) -> str:
    return f"{TABLE}_p{day:%Y%m%d}"


def is_partitioned(connection=None) -> bool:
    return (connection or default_connection).vendor == "postgresql"


def existing_days(connection=None) -> set[dt.date]:
    """The days that have a partition, read from the catalog."""
    connection = connection or default_connection
    if not is_partitioned(connection):
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    prefix = f"{TABLE}_p"
    return {dt.datetime.strptime(name[len(prefix) :], "%Y%m%d").date() for name in names if name.startswith(prefix)}


def ensure_days(days: Iterable[dt.date], connection=None) -> list[str]:
    """Make the partitions of ``days`` that do not exist yet; returns the names made."""
    connection = connection or default_connection
    if not is_partitioned(connection):
        return []
    wanted = set(days) - _known
    if not wanted:
        return []
    missing = sorted(wanted - existing_days(connection))
    made = []
    with connection.cursor() as cursor:
        for day in missing:
            name = partition_name(day)
            # IF NOT EXISTS: two processes may race to make the same day; the loser's statement is a no-op.
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {TABLE} "  # the name is built from a date
                "FOR VALUES FROM (%s) TO (%s)",
                [day, day + dt.timedelta(days=1)],
            )
            made.append(name)
    # Remembered once committed: a partition made in a transaction that rolls back is gone again.
    transaction.on_commit(lambda: _known.update(wanted), using=connection.alias)
    return made


def ensure_window(
    *, today: dt.date | None = None, behind: int = PARTITIONS_BEHIND, ahead: int = PARTITIONS_AHEAD, connection=None
) -> list[str]:
    """The partitions of ``today - behind`` … ``today + ahead`` (UTC), made where missing."""
    today = today or dt.datetime.now(dt.UTC).date()
    return ensure_days((today + dt.timedelta(days=n) for n in range(-behind, ahead + 1)), connection)


def forget_known() -> None:
    """Tests that drop partitions (or a flushed test database) make this process look at the catalog again."""
    _known.clear()
