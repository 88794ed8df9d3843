"""Bulk back-fill of delivery events (``POST /api/v1/traffic/events/``): NDJSON or CSV, all or nothing.

Each line is ``{"message_id", "sub_account", "from", "to", "status", "error_code", "at"}`` (plus ``text`` for a
``received`` line, so an inbound STOP counts as an opt-out). Every line is checked before anything is stored and
the refusal names each bad line (the first ``MAX_ERRORS``). On PostgreSQL the checked lines stream by COPY into a
temporary table and are stored set-based (the ``MessageSeen`` anchors, then the events with ``ON CONFLICT DO
NOTHING``) in the upload's one transaction; ``load_staged`` is that step, also used by the benchmark.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection

from senders.numbers import normalize_number

from . import partitions
from .choices import EventSource, Milestone, Provider
from .intake import Observation, milestones_for, record
from .keywords import classify

FIELDS = ("message_id", "sub_account", "from", "to", "status", "error_code", "at")
OPTIONAL_FIELDS = ("text",)
#: Statuses a line may carry, mapped to the normalised status (``intake.milestones_for``); the first group
#: establishes nothing yet and is accepted without storing anything.
STATUS = {
    "queued": "", "accepted": "", "scheduled": "", "sending": "", "canceled": "",
    "sent": "sent", "delivered": "delivered", "read": "delivered",
    "undelivered": "failed", "failed": "failed", "rejected": "failed",
    "received": "received",
}  # fmt: skip
MAX_LINES = 1_000_000
SPOOL_BYTES = 32 * 1024 * 1024
MAX_LINE_BYTES = 4096
MAX_ERRORS = 100
BACKFILL_DAYS = 90
FUTURE_SLACK = dt.timedelta(minutes=5)
MESSAGE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")
ERROR_CODE = re.compile(r"[A-Za-z0-9._\-]{0,16}")
PERSON_NUMBER = re.compile(r"\+?[0-9]{5,15}")


class UploadRefused(Exception):
    """The upload is refused whole; ``errors`` name the lines (``{"line", "field", "message"}``)."""

    def __init__(self, message: str, errors: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


@dataclass
class Outcome:
    lines: int = 0
    stored: int = 0
    changed: set[tuple[int, dt.date]] = field(default_factory=set)
    inbound: list[dict] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------------------


def records(stream: Iterable[bytes], content_type: str) -> Iterator[tuple[int, dict | str]]:
    """``(line number, record)`` for each non-empty line; a record that cannot be read is its error message."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("application/x-ndjson", "application/jsonl", "application/ndjson", "application/json-lines"):
        yield from _ndjson(stream)
    elif kind == "text/csv":
        yield from _csv(stream)
    else:
        raise UploadRefused(
            f"Send NDJSON (Content-Type: application/x-ndjson) or CSV (Content-Type: text/csv), not “{kind or '—'}”."
        )


def _lines(stream: Iterable[bytes]) -> Iterator[tuple[int, str | None]]:
    for number, raw in enumerate(stream, start=1):
        if number > MAX_LINES:
            raise UploadRefused(f"An upload holds at most {MAX_LINES:,} lines; split it.")
        if len(raw) > MAX_LINE_BYTES:
            yield number, None
            continue
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            yield number, ""


def _ndjson(stream) -> Iterator[tuple[int, dict | str]]:
    for number, text in _lines(stream):
        if text is None:
            yield number, f"the line is longer than {MAX_LINE_BYTES} bytes"
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except ValueError:
            yield number, "the line is not valid JSON (or not UTF-8)"
            continue
        yield number, value if isinstance(value, dict) else "the line is not a JSON object"


def _csv(stream) -> Iterator[tuple[int, dict | str]]:
    header: list[str] | None = None
    for number, text in _lines(stream):
        if text is None:
            yield number, f"the line is longer than {MAX_LINE_BYTES} bytes"
            continue
        if not text.strip():
            continue
        try:
            cells = next(csv.reader(io.StringIO(text)))
        except (csv.Error, StopIteration):
            yield number, "the line is not valid CSV"
            continue
        if header is None:
            header = [cell.strip() for cell in cells]
            missing = [name for name in FIELDS if name not in header]
            if missing:
                raise UploadRefused(
                    f"Line {number}: the CSV header lacks {', '.join(missing)}; it needs {', '.join(FIELDS)}."
                )
            continue
        if len(cells) != len(header):
            yield number, f"the line has {len(cells)} columns; the header has {len(header)}"
            continue
        yield number, dict(zip(header, cells, strict=True))


# --- checking ---------------------------------------------------------------------------------------------


class _LineError(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        self.message = message


@dataclass
class Checker:
    """Checks lines for one account: its sub-accounts and its sender ids (looked up once per number)."""

    account_id: int
    sub_account_ids: set[int]
    owner_of: object  # callable(number) -> SenderOwner | None
    now: dt.datetime

    def observation(self, record: dict) -> tuple[int, Observation]:
        unknown = set(record) - set(FIELDS) - set(OPTIONAL_FIELDS)
        if unknown:
            raise _LineError(sorted(unknown)[0], f"unknown field; the fields are {', '.join(FIELDS)} (and text)")
        for name in ("message_id", "sub_account", "from", "to", "status", "at"):
            if record.get(name) in (None, ""):
                raise _LineError(name, "missing")
        message_id = str(record["message_id"]).strip()
        if not MESSAGE_ID.fullmatch(message_id):
            raise _LineError("message_id", "1–64 letters, digits or . _ : -")
        sub_account = record["sub_account"]
        if isinstance(sub_account, bool) or not str(sub_account).isdecimal() or len(str(sub_account)) > 18:
            raise _LineError("sub_account", f"a sub-account id is a whole number, not “{sub_account}”")
        sub_account_id = int(sub_account)
        if sub_account_id not in self.sub_account_ids:
            raise _LineError("sub_account", f"{sub_account_id} is not one of your sub-accounts")
        status = str(record["status"]).strip().lower()
        if status not in STATUS:
            raise _LineError("status", f"“{status}” is not a status; use one of {', '.join(STATUS)}")
        error_code = str(record.get("error_code") or "").strip()
        if not ERROR_CODE.fullmatch(error_code):
            raise _LineError("error_code", "at most 16 letters or digits")
        if error_code in ("0", "000"):
            error_code = ""
        at = self._at(record["at"])
        inbound = STATUS[status] == "received"
        ours_field, person_field = ("to", "from") if inbound else ("from", "to")
        sender = normalize_number(str(record[ours_field]).strip())
        person = normalize_number(str(record[person_field]).strip())
        if not PERSON_NUMBER.fullmatch(person):
            raise _LineError(person_field, f"“{record[person_field]}” is not a phone number")
        owner = self.owner_of(sender)
        if owner is None or owner.account_id != self.account_id or owner.sub_account_id != sub_account_id:
            # The same words whether the number is unknown or held by anyone else.
            raise _LineError(ours_field, f"{sender} is not a sender id of sub-account {sub_account_id}")
        text = str(record.get("text") or "")[:1600] if inbound else ""
        obs = Observation(
            Provider.PLATFORM,
            message_id,
            milestones_for(STATUS[status], error_code),
            error_code,
            sender,
            person,
            at,
            (classify(text) or "") if inbound else "",
            text,
        )
        return sub_account_id, obs

    def _at(self, value) -> dt.datetime:
        try:
            at = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise _LineError("at", f"“{value}” is not an ISO 8601 time (e.g. 2026-11-30T14:05:00Z)") from None
        if at.tzinfo is None:
            raise _LineError("at", "give the time zone (Z or +00:00)")
        at = at.astimezone(dt.UTC)
        if at > self.now + FUTURE_SLACK:
            raise _LineError("at", f"{at:%Y-%m-%d %H:%M} UTC is in the future")
        if at < self.now - dt.timedelta(days=BACKFILL_DAYS):
            raise _LineError("at", f"{at:%Y-%m-%d} is more than {BACKFILL_DAYS} days ago")
        return at


def checked(lines: Iterable[tuple[int, dict | str]], checker: Checker) -> Iterator[tuple[int, Observation]]:
    """The lines as observations; raises ``UploadRefused`` listing every bad line once all were read."""
    errors: list[dict] = []
    bad = 0
    count = 0
    for number, item in lines:
        count += 1
        if isinstance(item, str):
            bad += 1
            if len(errors) < MAX_ERRORS:
                errors.append({"line": number, "field": None, "message": f"Line {number}: {item}."})
            continue
        try:
            result = checker.observation(item)
        except _LineError as exc:
            bad += 1
            if len(errors) < MAX_ERRORS:
                errors.append(
                    {"line": number, "field": exc.field, "message": f"Line {number}: {exc.field}: {exc.message}."}
                )
            continue
        if not bad:
            yield result
    if not count:
        raise UploadRefused("The upload has no lines.")
    if bad:
        shown = "" if bad <= MAX_ERRORS else f" (the first {MAX_ERRORS} are listed)"
        raise UploadRefused(f"{bad} of {count} lines are invalid{shown}; nothing was stored.", errors)


# --- storing ---------------------------------------------------------------------------------------------

STAGE_COLUMNS = (
    "account_id", "sub_account_id", "message_id", "milestone", "outcome", "error_code", "sender", "number", "at",
    "day", "kind", "text",
)  # fmt: skip

_ANCHOR = """
INSERT INTO events_messageseen (account_id, message_id, day, sub_account_id, provider)
SELECT DISTINCT ON (account_id, message_id) account_id, message_id, day, sub_account_id, %s
FROM events_stage ORDER BY account_id, message_id, at
ON CONFLICT (account_id, message_id) DO NOTHING
"""
_STORE = """
WITH ins AS (
    INSERT INTO events_messageevent
        (day, account_id, sub_account_id, provider, message_id, milestone, outcome, error_code,
         sender, number, at, kind, text, source)
    SELECT seen.day, st.account_id, seen.sub_account_id, %s, st.message_id, st.milestone, st.outcome,
           st.error_code, st.sender, st.number, st.at, st.kind, st.text, %s
    FROM events_stage st JOIN events_messageseen seen
        ON seen.account_id = st.account_id AND seen.message_id = st.message_id
    -- in key order: the unique index is then written page by page, not at random
    ORDER BY st.account_id, st.message_id
    ON CONFLICT (account_id, message_id, milestone, day) DO NOTHING
    RETURNING account_id, sub_account_id, day, milestone, message_id, sender, number, at, kind, text
)
SELECT 'd', sub_account_id, day, count(*), NULL::bigint, NULL::varchar, NULL::varchar, NULL::varchar,
       NULL::timestamptz, NULL::varchar, NULL::text
FROM ins GROUP BY sub_account_id, day
UNION ALL
SELECT 'i', sub_account_id, day, 1, account_id, message_id, sender, number, at, kind, text
FROM ins WHERE milestone = 3
"""


def _copy_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def stage_line(account_id: int, sub_account_id: int, obs: Observation) -> str:
    """The COPY text lines of one observation (one per milestone)."""
    day = obs.at.astimezone(dt.UTC).date().isoformat()
    at = obs.at.isoformat()
    out = []
    for milestone, outcome in obs.milestones:
        code = obs.error_code if outcome == "error" else ""
        out.append(
            f"{account_id}\t{sub_account_id}\t{_copy_escape(obs.message_id)}\t{int(milestone)}\t{outcome}\t"
            f"{_copy_escape(code)}\t{obs.sender}\t{obs.number}\t{at}\t{day}\t{obs.kind}\t{_copy_escape(obs.text)}\n"
        )
    return "".join(out)


def create_stage(cursor) -> None:
    # A leftover of an earlier upload in the same (outer) transaction would otherwise be in the way.
    cursor.execute("DROP TABLE IF EXISTS events_stage")
    cursor.execute(
        "CREATE TEMPORARY TABLE events_stage (account_id bigint, sub_account_id bigint, message_id varchar(64), "
        "milestone smallint, outcome varchar(10), error_code varchar(16), sender varchar(16), number varchar(20), "
        "at timestamptz, day date, kind varchar(8), text text) ON COMMIT DROP"
    )


def load_staged(cursor, *, days: set[dt.date], provider: str = Provider.PLATFORM) -> Outcome:
    """Store what ``events_stage`` holds (PostgreSQL, inside the caller's transaction)."""
    partitions.ensure_days(days)
    # Room to sort and hash a large upload in memory (the anchors' DISTINCT ON, the join to the ledger); SET LOCAL
    # ends with the transaction.
    cursor.execute("SET LOCAL work_mem = '128MB'")
    cursor.execute("ANALYZE events_stage")
    cursor.execute(_ANCHOR, [provider])
    cursor.execute(_STORE, [provider, EventSource.BULK])
    outcome = Outcome()
    for kind, sub_account_id, day, n, account_id, message_id, sender, number, at, word, text in cursor.fetchall():
        if kind == "d":
            outcome.stored += n
            outcome.changed.add((sub_account_id, day))
        else:
            outcome.inbound.append(
                {"account_id": account_id, "sub_account_id": sub_account_id, "message_id": message_id,
                 "sender": sender, "number": number, "at": at, "kind": word or None, "text": text}
            )  # fmt: skip
    return outcome


def store(observations: Iterable[tuple[int, Observation]], *, account_id: int) -> Outcome:
    """Store the checked observations (inside the caller's transaction); a bad line raises before the end."""
    if connection.vendor != "postgresql":
        return _store_portable(observations, account_id=account_id)
    days: set[dt.date] = set()
    lines = 0
    # Every line is checked (which may look sender ids up on this connection) before the COPY starts: a
    # connection in COPY mode can run no other statement. The checked rows wait in a spooled file (memory up to
    # SPOOL_BYTES, then disk), so an upload of a million lines never sits in memory whole.
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8") as spool:
        for sub_account_id, obs in observations:
            lines += 1
            if obs.milestones:
                days.add(obs.at.astimezone(dt.UTC).date())
                spool.write(stage_line(account_id, sub_account_id, obs))
        spool.seek(0)
        with connection.cursor() as cursor:
            create_stage(cursor)
            with cursor.cursor.copy(f"COPY events_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
                while block := spool.read(1 << 20):
                    copy.write(block)
            outcome = load_staged(cursor, days=days)
    outcome.lines = lines
    return outcome


def _store_portable(observations, *, account_id: int) -> Outcome:
    outcome = Outcome()
    pending = list(observations)  # every line is checked before the first row is written
    for sub_account_id, obs in pending:
        outcome.lines += 1
        for row in record(account_id=account_id, sub_account_id=sub_account_id, observation=obs, source="bulk"):
            outcome.stored += 1
            outcome.changed.add((row.sub_account_id, row.day))
            if row.milestone == Milestone.INBOUND:
                outcome.inbound.append(
                    {"account_id": account_id, "sub_account_id": row.sub_account_id, "message_id": obs.message_id,
                     "sender": obs.sender, "number": obs.number, "at": obs.at, "kind": obs.kind or None,
                     "text": obs.text}
                )  # fmt: skip
    return outcome
