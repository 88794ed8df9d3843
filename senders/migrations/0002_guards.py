"""PostgreSQL guards of S1 that a constraint cannot express: a sender id's account key matches its campaign's
(the tenancy trigger every account-keyed table has), a sender id's brand is its number's claim, and a claim is
never changed or deleted."""

from django.db import migrations

from accounts import keying

CLAIM_GUARDS = """
CREATE OR REPLACE FUNCTION senders_senderid_brand_is_claim() RETURNS trigger AS $$
DECLARE
    claimed bigint;
BEGIN
    SELECT brand_id INTO claimed FROM senders_numberclaim WHERE number = NEW.number;
    IF claimed IS DISTINCT FROM NEW.brand_id THEN
        RAISE EXCEPTION 'sender id % must belong to the brand that claimed its number (brand %, not %)',
            NEW.number, claimed, NEW.brand_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER senders_senderid_brand_is_claim BEFORE INSERT OR UPDATE OF number, brand_id ON senders_senderid
    FOR EACH ROW EXECUTE FUNCTION senders_senderid_brand_is_claim();

CREATE OR REPLACE FUNCTION senders_numberclaim_forever() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a number belongs to its brand forever (claim of %)', OLD.number
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER senders_numberclaim_forever BEFORE UPDATE OR DELETE ON senders_numberclaim
    FOR EACH ROW EXECUTE FUNCTION senders_numberclaim_forever();
"""
DROP_CLAIM_GUARDS = """
DROP TRIGGER IF EXISTS senders_senderid_brand_is_claim ON senders_senderid;
DROP FUNCTION IF EXISTS senders_senderid_brand_is_claim();
DROP TRIGGER IF EXISTS senders_numberclaim_forever ON senders_numberclaim;
DROP FUNCTION IF EXISTS senders_numberclaim_forever();
"""


def _postgres_only(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("senders", "0001_sender_ids")]

    operations = [
        keying.check_trigger("senders_senderid", "campaigns_campaign", "campaign_id"),
        migrations.RunPython(_postgres_only(CLAIM_GUARDS), _postgres_only(DROP_CLAIM_GUARDS)),
    ]
