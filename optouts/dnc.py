"""Loading a DNC list version (M5.3): read every line, load the numbers, then make them the list's in one step.

The numbers live in one compact table, ``optouts_dncnumber (version_id bigint, number bigint)``, indexed by
``number``, holding only each list's current version — so the at-send check is one index probe.

PostgreSQL: the table is partitioned by version. A version is loaded into a table of its own with ``COPY``
(psycopg 3 ``cursor.copy()``), in chunks that each commit and move the progress bar; nothing reads that table
yet. Only when every line was valid is it indexed and attached as a partition, and the list's previous version
detached and dropped, in one short transaction. A malformed line stops the load, names the line, and the staged
table is dropped: the list keeps its previous numbers, untouched.

SQLite (the embedded default): the same steps with ``executemany`` into the one table under the new version
id, which the check ignores until the list points at it; the previous version's rows are deleted in the
switching transaction and a failed load's rows are removed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import BinaryIO

from django.db import connection, transaction

from core.errors import DomainError

from .numbers import _DNC_LINE, dnc_line_key

TABLE = "optouts_dncnumber"
#: Lines per chunk: each chunk is one COPY (or executemany) and one progress update.
CHUNK_LINES = 250_000
#: Bytes read from the file at a time.
READ_BYTES = 1 << 20

Progress = Callable[[int, int], None]  # (bytes read, lines read)


def stage_table(version_id: int) -> str:
    return f"optouts_dncnumber_v{int(version_id)}"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _malformed(line_no: int, line: bytes) -> DomainError:
    shown = line.decode("utf-8", "replace").strip()
    shown = f"{shown[:40]}…" if len(shown) > 40 else shown
    error = DomainError(
        "M5.3",
        f"Line {line_no:,} is not a phone number: “{shown}”. Each line must hold one US number of 10 digits "
        "(optionally with 1 or +1 before it) or an E.164 number (+ and 8–15 digits); nothing was imported.",
        field="file",
    )
    error.extra["line"] = line_no
    return error


def read_numbers(stream: BinaryIO, *, progress: Progress | None = None) -> Iterator[list[bytes]]:
    """The file's numbers as E.164 digit strings (b"12125551234"), in chunks; a malformed line raises
    ``DomainError`` naming it. Blank lines are skipped; a first line with letters in it is a CSV header."""
    fast = _DNC_LINE.fullmatch
    chunk: list[bytes] = []
    append = chunk.append
    line_no = 0
    read = 0
    rest = b""
    while True:
        block = stream.read(READ_BYTES)
        read += len(block)
        if not block:
            lines = [rest] if rest else []
            rest = b""
        else:
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
        for line in lines:
            line_no += 1
            match = fast(line)
            if match is not None:
                us, e164 = match.groups()
                append(b"1" + us if us is not None else e164)
                continue
            if not line.strip():
                continue
            key = dnc_line_key(line)
            if key is not None:
                append(str(key).encode())
            elif line_no == 1 and any(c.isalpha() for c in line.decode("utf-8", "replace")):
                continue  # a CSV header ("number,name")
            else:
                raise _malformed(line_no, line)
        if len(chunk) >= CHUNK_LINES or not block:
            if progress is not None:
                progress(read, line_no)
            if chunk:
                yield chunk
            chunk = []
            append = chunk.append
        if not block:
            return


def _copy(version_id: int, numbers: list[bytes]) -> None:
    with connection.cursor() as cursor, cursor.copy(f"COPY {stage_table(version_id)} (number) FROM STDIN") as copy:
        copy.write(b"\n".join(numbers) + b"\n")


def _insert(version_id: int, numbers: list[bytes]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE} (version_id, number) VALUES (%s, %s)",  # noqa: S608 - a constant table name
            [(version_id, int(n)) for n in numbers],
        )


def stage(version_id: int, stream: BinaryIO, *, progress: Progress | None = None) -> int:
    """Load every number of ``stream`` under ``version_id``, invisible to the check; returns how many. On a
    malformed line (``DomainError``) or any failure, whatever was loaded is removed before the error goes on."""
    loaded = 0
    postgres = is_postgres()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if postgres:
                cursor.execute(f"DROP TABLE IF EXISTS {stage_table(version_id)}")
                cursor.execute(
                    f"CREATE TABLE {stage_table(version_id)} "
                    f"(version_id bigint NOT NULL DEFAULT {int(version_id)}, number bigint NOT NULL)"
                )
            else:
                cursor.execute(f"DELETE FROM {TABLE} WHERE version_id = %s", [version_id])  # noqa: S608 - a constant table name
        for numbers in read_numbers(stream, progress=progress):
            with transaction.atomic():
                (_copy if postgres else _insert)(version_id, numbers)
            loaded += len(numbers)
    except BaseException:
        discard(version_id)
        raise
    return loaded


def discard(version_id: int) -> None:
    """Remove a version that will never be current (a failed or superseded load)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(f"DROP TABLE IF EXISTS {stage_table(version_id)}")
        else:
            cursor.execute(f"DELETE FROM {TABLE} WHERE version_id = %s", [version_id])  # noqa: S608 - a constant table name


def switch(*, new_version: int, old_version: int | None) -> float:
    """Make ``new_version`` the list's numbers in place of ``old_version``. Call inside the transaction that
    points the list at the new version (and holds the list's row lock). Returns the seconds it took."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        if is_postgres():
            new = stage_table(new_version)
            cursor.execute(f"CREATE INDEX {new}_number ON {new} (number)")
            # The constraint lets ATTACH skip scanning the rows to prove they belong to the partition.
            cursor.execute(f"ALTER TABLE {new} ADD CONSTRAINT {new}_version CHECK (version_id = {int(new_version)})")
            cursor.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {new} FOR VALUES IN ({int(new_version)})")
            if old_version is not None:
                old = stage_table(old_version)
                cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [old])
                if cursor.fetchone()[0]:
                    cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {old}")
                    cursor.execute(f"DROP TABLE {old}")
            cursor.execute(f"ANALYZE {new}")
        elif old_version is not None:
            cursor.execute(f"DELETE FROM {TABLE} WHERE version_id = %s", [old_version])  # noqa: S608 - a constant table name
    return time.monotonic() - started


def listed(number: int) -> bool:
    """Whether ``number`` (E.164 digits as an int) is on the current version of any DNC list: one index probe."""
    from .probes import probe

    if is_postgres():
        return probe(LISTED_SQL, [number]) is not None
    return probe(LISTED_SQL_SQLITE, [number]) is not None


LISTED_SQL = f"SELECT 1 FROM {TABLE} WHERE number = %s LIMIT 1"  # noqa: S608 - a constant table name
LISTED_SQL_SQLITE = (
    f"SELECT 1 FROM {TABLE} d JOIN optouts_dnclist l ON l.current_import_id = d.version_id "  # noqa: S608
    "WHERE d.number = %s LIMIT 1"
)


def create_table_sql(vendor: str) -> list[str]:
    """The migration's DDL for the numbers table."""
    if vendor == "postgresql":
        return [
            f"CREATE TABLE {TABLE} (version_id bigint NOT NULL, number bigint NOT NULL) PARTITION BY LIST (version_id)",
            f"CREATE INDEX {TABLE}_number ON {TABLE} (number)",
        ]
    return [
        f"CREATE TABLE {TABLE} (version_id bigint NOT NULL, number bigint NOT NULL)",
        f"CREATE INDEX {TABLE}_number ON {TABLE} (number)",
        f"CREATE INDEX {TABLE}_version ON {TABLE} (version_id)",
    ]
