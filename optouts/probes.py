"""One-row look-ups on the at-send check's hot path, as prepared statements on PostgreSQL.

Django's psycopg 3 cursors bind parameters on the client, so the server parses and plans every query again; the
check's probes are the same few statements millions of times, so on PostgreSQL they run on a plain psycopg cursor
with ``prepare=True`` (planned once per connection), in the connection's current transaction. A pooler in
transaction mode (PgBouncer < 1.21) does not keep prepared statements: set ``OPTOUTS_PREPARED_PROBES=False`` there.
Other databases run them through Django's cursor.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def probe(sql: str, params: list) -> tuple | None:
    """The first row of ``sql`` (``%s`` placeholders), or None."""
    if connection.vendor == "postgresql" and getattr(settings, "OPTOUTS_PREPARED_PROBES", True):
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
