"""Load the destination catalogue from geo/data (reverse: delete those countries), and on PostgreSQL the
account-key triggers of the tenant tables (a row's account must be its sub-account's)."""

from django.db import migrations

from accounts import keying
from geo.catalogue import catalogue_rows

#: Like keying.check_trigger, for a table whose sub-account is empty on the account's own rows.
PERMISSION_TRIGGER = """
CREATE OR REPLACE FUNCTION geo_geopermission_account_matches_parent() RETURNS trigger AS $$
DECLARE
    parent_account bigint;
BEGIN
    IF NEW.sub_account_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT account_id INTO parent_account FROM accounts_subaccount WHERE id = NEW.sub_account_id;
    IF NEW.account_id IS DISTINCT FROM parent_account THEN
        RAISE EXCEPTION 'geo_geopermission.account_id % does not match its accounts_subaccount (account %)',
            NEW.account_id, parent_account
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER geo_geopermission_account_matches_parent BEFORE INSERT OR UPDATE OF account_id, sub_account_id
    ON geo_geopermission FOR EACH ROW EXECUTE FUNCTION geo_geopermission_account_matches_parent();
"""
DROP_PERMISSION_TRIGGER = """
DROP TRIGGER IF EXISTS geo_geopermission_account_matches_parent ON geo_geopermission;
DROP FUNCTION IF EXISTS geo_geopermission_account_matches_parent();
"""


def _postgres_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


def load_catalogue(apps, schema_editor):
    Country = apps.get_model("geo", "Country")
    Country.objects.bulk_create([Country(**row) for row in catalogue_rows()], ignore_conflicts=True)


def unload_catalogue(apps, schema_editor):
    Country = apps.get_model("geo", "Country")
    Country.objects.filter(code__in=[row["code"] for row in catalogue_rows()]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_catalogue_permissions_requests"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, unload_catalogue),
        migrations.RunPython(_postgres_only(PERMISSION_TRIGGER), _postgres_only(DROP_PERMISSION_TRIGGER)),
        keying.check_trigger("geo_georequest", "accounts_subaccount", "sub_account_id"),
    ]
