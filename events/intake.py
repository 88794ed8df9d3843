"""The intake's writes: plain SQL on indexed rows, no ORM object graph (the hot path of M2.1).

A message's observations become at most one row per milestone (``choices.Milestone``). What a provider
status means:

- ``sent`` once, when the provider reports the message beyond its queue (sent, delivered, undelivered, failed,
  read — a failed message was still attempted, so error rate = errors / sent stays a share of what was sent);
- its final outcome once: ``delivered`` (delivered, read) or ``error`` (failed/undelivered *with* an error code,
  M2.3) or ``failed`` (failed/undelivered without a code: final, not an error); the first final outcome stands;
- queued, accepted, scheduled, sending, canceled: nothing yet.

On PostgreSQL one statement does it all: the ``MessageSeen`` anchor (insert, or lock and read the existing one)
and the event rows into the anchor's day partition with ``ON CONFLICT DO NOTHING``; it returns only the rows that
are new, so a redelivery writes nothing and counts nothing. The anchor's row lock orders concurrent callbacks
of one message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from django.db import IntegrityError, connection

from .choices import Milestone, Outcome


class Observation(NamedTuple):
    """What one callback (or one bulk line) says about one message, already normalised."""

    provider: str
    message_id: str
    #: (milestone, outcome) pairs this observation establishes, e.g. ((SENT, "sent"), (FINAL, "delivered")).
    milestones: tuple[tuple[int, str], ...]
    error_code: str
    #: Our sender id (``From`` of a status, ``To`` of an inbound message).
    sender: str
    #: The person's number.
    number: str
    at: dt.datetime
    kind: str = ""
    text: str = ""


class NewRow(NamedTuple):
    milestone: int
    outcome: str
    day: dt.date
    sub_account_id: int


def milestones_for(status: str, error_code: str) -> tuple[tuple[int, str], ...]:
    """The milestones a normalised status establishes (see the module docstring)."""
    if status == "sent":
        return ((Milestone.SENT, Outcome.SENT),)
    if status == "delivered":
        return ((Milestone.SENT, Outcome.SENT), (Milestone.FINAL, Outcome.DELIVERED))
    if status == "failed":
        final = Outcome.ERROR if error_code else Outcome.FAILED
        return ((Milestone.SENT, Outcome.SENT), (Milestone.FINAL, final))
    if status == "received":
        return ((Milestone.INBOUND, Outcome.RECEIVED),)
    return ()


_PG_RECORD = """
WITH anchor AS (
    INSERT INTO events_messageseen AS seen (account_id, message_id, day, sub_account_id, provider)
    VALUES (%(account)s, %(message)s, %(day)s, %(sub_account)s, %(provider)s)
    ON CONFLICT (account_id, message_id) DO UPDATE SET day = seen.day
    RETURNING seen.day, seen.sub_account_id
)
INSERT INTO events_messageevent
    (day, account_id, sub_account_id, provider, message_id, milestone, outcome, error_code,
     sender, number, at, kind, text, source)
SELECT anchor.day, %(account)s, anchor.sub_account_id, %(provider)s, %(message)s, m.milestone, m.outcome, m.code,
       %(sender)s, %(number)s, %(at)s, %(kind)s, %(text)s, %(source)s
FROM anchor CROSS JOIN unnest(%(milestones)s::smallint[], %(outcomes)s::varchar[], %(codes)s::varchar[])
    AS m(milestone, outcome, code)
ON CONFLICT (account_id, message_id, milestone, day) DO NOTHING
RETURNING milestone, outcome, day, sub_account_id
"""


def record(*, account_id: int, sub_account_id: int, observation: Observation, source: str) -> list[NewRow]:
    """Store ``observation`` for the account; returns the rows that were new (empty for a redelivery).

    Runs inside the caller's transaction."""
    obs = observation
    if not obs.milestones:
        return []
    codes = [obs.error_code if outcome == Outcome.ERROR else "" for _, outcome in obs.milestones]
    params = {
        "account": account_id,
        "message": obs.message_id,
        "day": obs.at.astimezone(dt.UTC).date(),
        "sub_account": sub_account_id,
        "provider": obs.provider,
        "milestones": [int(m) for m, _ in obs.milestones],
        "outcomes": [str(o) for _, o in obs.milestones],
        "codes": codes,
        "sender": obs.sender,
        "number": obs.number,
        "at": obs.at,
        "kind": obs.kind or "",
        "text": obs.text or "",
        "source": source,
    }
    if connection.vendor == "postgresql":
        return _record_postgres(params)
    return _record_portable(params)


class MissingPartition(Exception):
    """The day has no partition yet (the partition job has not run for longer than its window ahead). The caller
    lets its transaction roll back, makes the partition (``partitions.ensure_days``) and tries once more."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(f"no partition of events_messageevent for {day}")
        self.day = day


def _record_postgres(params: dict) -> list[NewRow]:
    # No savepoint of its own: two extra round trips per callback. A missing partition aborts the caller's
    # transaction instead, and the caller retries (see MissingPartition).
    try:
        with connection.cursor() as cursor:
            cursor.execute(_PG_RECORD, params)
            return [NewRow(*row) for row in cursor.fetchall()]
    except IntegrityError as exc:
        if "no partition" in str(exc):
            raise MissingPartition(params["day"]) from exc
        raise


def _record_portable(params: dict) -> list[NewRow]:
    """SQLite (the embedded default): the same rows in three statements; SQLite serialises writers anyway."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO events_messageseen (account_id, message_id, day, sub_account_id, provider) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (account_id, message_id) DO NOTHING",
            [params["account"], params["message"], params["day"], params["sub_account"], params["provider"]],
        )
        cursor.execute(
            "SELECT day, sub_account_id FROM events_messageseen WHERE account_id = %s AND message_id = %s",
            [params["account"], params["message"]],
        )
        day, sub_account_id = cursor.fetchone()
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        new = []
        for milestone, outcome, code in zip(params["milestones"], params["outcomes"], params["codes"], strict=True):
            cursor.execute(
                "INSERT INTO events_messageevent (day, account_id, sub_account_id, provider, message_id, milestone, "
                "outcome, error_code, sender, number, at, kind, text, source) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (account_id, message_id, milestone, day) DO NOTHING",
                [
                    day,
                    params["account"],
                    sub_account_id,
                    params["provider"],
                    params["message"],
                    milestone,
                    outcome,
                    code,
                    params["sender"],
                    params["number"],
                    params["at"],
                    params["kind"],
                    params["text"],
                    params["source"],
                ],
            )
            if cursor.rowcount == 1:
                new.append(NewRow(milestone, outcome, day, sub_account_id))
        return new


def changed_days(rows: Sequence[NewRow]) -> set[tuple[int, dt.date]]:
    return {(row.sub_account_id, row.day) for row in rows}
