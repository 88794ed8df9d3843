"""PostgreSQL: a trigram index so the queue search (``search LIKE '%q%'``) stays fast at 200,000 items.

pg_trgm is a trusted extension (PostgreSQL ≥ 13): the database owner may create it. Other databases (the
embedded SQLite default) scan, which is fine at their size."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS wi_open_search_trgm ON casework_workitem USING gin (search gin_trgm_ops) "
    "WHERE closed_at IS NULL",
]
DROP = ["DROP INDEX IF EXISTS wi_open_search_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_sla_policies_and_backfill")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
