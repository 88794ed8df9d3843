"""Migration operations for the account key that tenant-scoped tables carry (``tenancy.AccountKeyed``).

Used by the migrations of brands, campaigns, vetting and appeals: backfill the key in batches of ids (each
batch its own statement and, in a non-atomic migration, its own transaction, so a large table is never
locked whole), then on PostgreSQL a trigger per table that refuses a row whose key disagrees with its parent's.
"""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models

BATCH = 20_000

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
#: Per table: refuse a row whose account_id differs from its parent's.
CHECK_TEMPLATE = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
DECLARE
    parent_account bigint;
BEGIN
    SELECT account_id INTO parent_account FROM {parent_table} WHERE id = NEW.{parent_column};
    IF NEW.account_id IS DISTINCT FROM parent_account THEN
        RAISE EXCEPTION '%.account_id % does not match its {parent_table} (account %)',
            TG_TABLE_NAME, NEW.account_id, parent_account
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF account_id, {parent_column} ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""
DROP_BASE = """
DROP TRIGGER IF EXISTS accounts_subaccount_account_pinned ON accounts_subaccount;
DROP FUNCTION IF EXISTS tenancy_subaccount_account_pinned();
"""


def _postgres_only(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


def base_functions() -> migrations.RunPython:
    return migrations.RunPython(_postgres_only(SUBACCOUNT_PINNED), _postgres_only(DROP_BASE))


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
    """A trigger refusing a row of ``table`` whose account_id differs from its parent's.

    One function per table with static SQL (not one generic function with EXECUTE): plpgsql caches the plan, so
    a bulk load of a million rows pays an index lookup per row, not a parse and plan per row."""
    name = f"{table}_account_matches_parent"
    create = CHECK_TEMPLATE.format(name=name, table=table, parent_table=parent_table, parent_column=parent_column)
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}; DROP FUNCTION IF EXISTS {name}();"
    return migrations.RunPython(_postgres_only(create), _postgres_only(drop))


def _key(*, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="accounts.account",
    )


def add_key(model_name: str, table: str, parent_table: str, parent_column: str) -> list:
    """The nullable column, then its backfill from the parent (run in a non-atomic migration)."""
    return [
        migrations.AddField(model_name=model_name, name="account", field=_key(null=True)),
        backfill(table, parent_table, parent_column),
    ]


def require_key(model_name: str, table: str, parent_table: str, parent_column: str) -> list:
    """The column becomes required and, on PostgreSQL, guarded by the table's trigger."""
    return [
        migrations.AlterField(model_name=model_name, name="account", field=_key(null=False)),
        check_trigger(table, parent_table, parent_column),
    ]
