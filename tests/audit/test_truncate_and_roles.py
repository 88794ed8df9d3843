"""Q4 (issue 12 item 4): TRUNCATE and `manage.py flush` cannot empty the audit trail, and the documented role
layout leaves the application role unable to truncate, rewrite or un-trigger the audit table."""

import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from psycopg import errors

from audit.db_roles import AUDIT_TABLE, audit_table_rights, role_layout, role_layout_sql
from audit.models import AuditEvent
from audit.services import audit_record


@pytest.fixture
def committed_event(transactional_db, sub_account_a, analyst, postgres_only):
    sub_account_a.audit_subject_type = "sub_account"
    return audit_record(actor=analyst, subject=sub_account_a, action="created", reason="kept")


def _plain_session(**extra) -> psycopg.Connection:
    """A connection to the test database as an ordinary client opens it: without the harness's setting."""
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        autocommit=True,
        **extra,
    )


def test_Q4_truncate_is_refused_in_a_plain_session(committed_event):
    with _plain_session() as conn:
        for sql in (f"TRUNCATE {AUDIT_TABLE}", "TRUNCATE accounts_user CASCADE", f"TRUNCATE {AUDIT_TABLE} CASCADE"):
            with pytest.raises(errors.InsufficientPrivilege, match="append-only: TRUNCATE refused"):
                conn.execute(sql)
    assert AuditEvent.objects.filter(pk=committed_event.pk).exists()


def test_Q4_the_harness_setting_does_not_help_a_session_that_turns_it_off(committed_event):
    with _plain_session() as conn:
        conn.execute("SET audit.allow_truncate = 'off'")
        with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
            conn.execute(f"TRUNCATE {AUDIT_TABLE}")
    assert AuditEvent.objects.filter(pk=committed_event.pk).exists()


def test_Q4_manage_py_flush_is_refused(committed_event, analyst):
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    url = f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "manage.py", "flush", "--noinput"],
        env={**env, "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.base", "DATABASE_URL": url},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Django hides the database's message behind its own; the flush is one TRUNCATE of every table, so the
    # guard refusing it leaves every table (not only the trail) as it was.
    assert result.returncode != 0 and "couldn't be flushed" in result.stderr
    assert AuditEvent.objects.filter(pk=committed_event.pk).exists()
    assert type(analyst).objects.filter(pk=analyst.pk).exists()


def test_Q4_truncate_guard_migration_is_reversible(transactional_db, postgres_only):
    def guarded() -> bool:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_event_no_truncate'")
            return cur.fetchone()[0] == 1

    assert guarded()
    call_command("migrate", "audit", "0002", verbosity=0)
    try:
        assert not guarded()
    finally:
        call_command("migrate", "audit", verbosity=0)
    assert guarded()


def test_Q4_role_layout_sql_is_printed_by_the_command(capsys):
    call_command("audit_roles", "--print-sql", "--database", "compliance_portal")
    printed = capsys.readouterr().out
    assert printed == role_layout_sql(database="compliance_portal")
    assert "GRANT SELECT, INSERT ON audit_auditevent TO cp_app;" in printed
    assert "REVOKE ALL ON audit_auditevent FROM cp_app;" in printed


@pytest.fixture
def two_roles(committed_event):
    """The documented layout applied to the test database with throw-away role names (roles are cluster-wide)."""
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"cp_test_owner_{suffix}", f"cp_test_app_{suffix}"
    steps = {step.title.split(" ")[0]: step for step in role_layout(database="unused", owner=owner, app=app)}
    admin = _plain_session()
    try:
        for statement in steps["Roles"].statements + steps["Schema"].statements:
            admin.execute(statement)
        # Stands in for "migrate runs as the owner": the owner owns every table.
        tables = admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        for (table,) in tables:
            admin.execute(f'ALTER TABLE "{table}" OWNER TO {owner}')
        admin.execute(f"SET ROLE {owner}")
        for statement in steps["Grants"].statements:
            admin.execute(statement)
        admin.execute("RESET ROLE")
        yield owner, app
    finally:
        try:
            admin.execute("RESET ROLE")
            admin.execute(f"REASSIGN OWNED BY {owner} TO CURRENT_USER")
            # One role per statement: both name the same default-privileges entry.
            admin.execute(f"DROP OWNED BY {app}")
            admin.execute(f"DROP OWNED BY {owner}")
            admin.execute(f"DROP ROLE IF EXISTS {app}")
            admin.execute(f"DROP ROLE IF EXISTS {owner}")
        finally:
            admin.close()


def test_Q4_application_role_can_only_read_and_append_to_the_audit_trail(two_roles, committed_event, analyst):
    _owner, app = two_roles
    with _plain_session() as conn:
        conn.execute(f"SET ROLE {app}")
        # Appends and reads work: the application keeps recording.
        conn.execute(
            f"INSERT INTO {AUDIT_TABLE} (at, actor_label, subject_type, subject_id, subject_label, action, "
            "from_state, to_state, reason, codes, data, request_id, customer_visible) "
            "VALUES (now(), 'app', 'sub_account', '1', '', 'appended', '', '', '', '[]', '{}', '', true)"
        )
        assert conn.execute(f"SELECT count(*) FROM {AUDIT_TABLE}").fetchone()[0] == 2
        # Even with the test harness's escape hatch on (this database is named test_…), the privileges refuse.
        conn.execute("SET audit.allow_truncate = 'on'")
        for sql in (
            f"TRUNCATE {AUDIT_TABLE}",
            f"UPDATE {AUDIT_TABLE} SET reason = 'rewritten'",
            f"DELETE FROM {AUDIT_TABLE}",
        ):
            with pytest.raises(errors.InsufficientPrivilege, match=f"permission denied for table {AUDIT_TABLE}"):
                conn.execute(sql)
        for sql in (
            f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER audit_event_append_only",
            f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER ALL",
            f"DROP TRIGGER audit_event_no_truncate ON {AUDIT_TABLE}",
            f"DROP TABLE {AUDIT_TABLE}",
        ):
            with pytest.raises(errors.InsufficientPrivilege, match=f"must be owner of (table|relation) {AUDIT_TABLE}"):
                conn.execute(sql)
        with conn.cursor() as cur:
            rights = audit_table_rights(cur)
        assert rights == {
            "owner": False,
            "SELECT": True,
            "INSERT": True,
            "UPDATE": False,
            "DELETE": False,
            "TRUNCATE": False,
            "TRIGGER": False,
        }
        # The application still works on ordinary tables.
        conn.execute("UPDATE accounts_account SET name = name")
    assert AuditEvent.objects.get(pk=committed_event.pk).reason == "kept"
    assert AuditEvent.objects.filter(action="appended").count() == 1


def test_Q4_the_owner_role_is_still_refused_truncate_by_the_trigger(two_roles, committed_event):
    owner, _ = two_roles
    with _plain_session() as conn:
        conn.execute(f"SET ROLE {owner}")
        with pytest.raises(errors.InsufficientPrivilege, match="append-only: TRUNCATE refused"):
            conn.execute(f"TRUNCATE {AUDIT_TABLE}")
    assert AuditEvent.objects.filter(pk=committed_event.pk).exists()


def test_Q4_audit_roles_check_flags_a_role_that_can_rewrite_the_trail(db, postgres_only, capsys):
    from django.core.management.base import CommandError

    # The test suite connects as the table owner: exactly what the application must not do in production.
    with pytest.raises(CommandError, match="can rewrite the audit trail: DELETE, TRIGGER, TRUNCATE, UPDATE, owner"):
        call_command("audit_roles", "--check")
