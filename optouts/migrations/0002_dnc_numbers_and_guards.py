"""The DNC numbers table (not a model: ``optouts.dnc`` owns it) and the account-key guards of the tenant tables.

PostgreSQL: partitioned by version, one partition per list's current version, indexed by number. SQLite: one
table with the version id beside each number. Reversible.
"""

from django.db import migrations

from accounts import keying
from optouts.dnc import TABLE, create_table_sql


def create(apps, schema_editor):
    for statement in create_table_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    schema_editor.execute(
        f"DROP TABLE IF EXISTS {TABLE}" + (" CASCADE" if schema_editor.connection.vendor == "postgresql" else "")
    )


class Migration(migrations.Migration):
    dependencies = [("optouts", "0001_initial")]

    operations = [
        migrations.RunPython(create, drop),
        keying.check_trigger("optouts_optout", "accounts_subaccount", "sub_account_id"),
        keying.check_trigger("optouts_keywordexemption", "accounts_subaccount", "sub_account_id"),
        keying.check_trigger("optouts_branddomain", "brands_brand", "brand_id"),
    ]
