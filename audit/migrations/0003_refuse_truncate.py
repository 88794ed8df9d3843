"""On PostgreSQL, refuse TRUNCATE of the audit trail (row triggers never see it, nor `manage.py flush`).

The one way through is for the test harness: pytest-django empties the test database with TRUNCATE after
every transactional test. The test settings open every connection with `-c audit.allow_truncate=on`, and
the guard honours that only in a database named `test_…` (pytest-django's naming), so no session setting
can open it in a real database. The real protection in production is the role layout (README: the
application role has no TRUNCATE privilege and does not own the table, so it cannot disable triggers).
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION audit_event_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('audit.allow_truncate', true), '') = 'on'
       AND current_database() LIKE 'test\_%' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: TRUNCATE refused'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_no_truncate();
"""


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
