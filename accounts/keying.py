"""Migration operations for the account key that tenant-scoped tables carry (``tenancy.AccountKeyed``).

Used by the migrations of brands, campaigns, vetting and appeals: backfill the key in batches of ids (each
batch its own statement and, in a non-atomic migration, its own transaction, so a large table is never
locked whole), then on PostgreSQL a trigger that refuses a row whose key disagrees with its parent's.
"""

from __future__ import annotations

from django.db import migrations

BATCH = 20_000

#: Refuses a row whose account_id differs from its parent's. TG_ARGV: parent table, this row's parent column.
CHECK_FUNCTION = """
CREATE OR REPLACE FUNCTION tenancy_account_matches_parent() RETURNS trigger AS $$
DECLARE
    parent_account bigint;
BEGIN
    EXECUTE format('SELECT account_id FROM %I WHERE id = $1', TG_ARGV[0])
        INTO parent_account USING (to_jsonb(NEW) ->> TG_ARGV[1])::bigint;
    IF NEW.account_id IS DISTINCT FROM parent_account THEN
        RAISE EXCEPTION '%.account_id % does not match its % (account %)',
            TG_TABLE_NAME, NEW.account_id, TG_ARGV[0], parent_account
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
#: A sub-account never moves to another account: the keys copied from it stay true.
SUBACCOUNT_PINNED = """
CREATE OR REPLACE FUNCTION tenancy_subaccount_account_pinned() RETURNS trigger AS $$
BEGIN
    IF NEW.account_id IS DISTINCT FROM OLD.account_id THEN
        RAISE EXCEPTION 'a sub-account never moves to another account (sub-account %)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_subaccount_account_pinned
    BEFORE UPDATE OF account_id ON accounts_subaccount
    FOR EACH ROW EXECUTE FUNCTION tenancy_subaccount_account_pinned();
"""
DROP_BASE = """
DROP TRIGGER IF EXISTS accounts_subaccount_account_pinned ON accounts_subaccount;
DROP FUNCTION IF EXISTS tenancy_subaccount_account_pinned();
DROP FUNCTION IF EXISTS tenancy_account_matches_parent();
"""


def _postgres_only(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


def base_functions() -> migrations.RunPython:
    return migrations.RunPython(_postgres_only(CHECK_FUNCTION + SUBACCOUNT_PINNED), _postgres_only(DROP_BASE))


def backfill(table: str, parent_table: str, parent_column: str) -> migrations.RunPython:
    """Copy each row's account key from its parent, ``BATCH`` ids at a time."""

    def run(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT MIN(id), MAX(id) FROM {table}")  # noqa: S608 - table names are constants
            low, high = cursor.fetchone()
            if low is None:
                return
            for start in range(low, high + 1, BATCH):
                cursor.execute(
                    f"UPDATE {table} SET account_id = (SELECT p.account_id FROM {parent_table} p "  # noqa: S608
                    f"WHERE p.id = {table}.{parent_column}) WHERE id >= %s AND id < %s AND account_id IS NULL",
                    [start, start + BATCH],
                )

    return migrations.RunPython(run, migrations.RunPython.noop)


def check_trigger(table: str, parent_table: str, parent_column: str) -> migrations.RunPython:
    name = f"{table}_account_matches_parent"
    create = (
        f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF account_id, {parent_column} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION tenancy_account_matches_parent('{parent_table}', '{parent_column}');"
    )
    return migrations.RunPython(_postgres_only(create), _postgres_only(f"DROP TRIGGER IF EXISTS {name} ON {table};"))
