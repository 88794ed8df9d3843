"""The production database role layout that keeps the audit trail append-only (Q4).

Two roles: the owner runs migrations and owns every table; the application (gunicorn, Celery) connects
as a role that owns nothing and may only SELECT and INSERT on ``audit_auditevent``. Not owning the table,
it cannot ``ALTER TABLE … DISABLE TRIGGER`` or drop it; without the privileges, UPDATE, DELETE and
TRUNCATE are refused before any trigger runs. The triggers (migrations 0002, 0003) then guard against
the owner's own mistakes (a stray ``TRUNCATE``, ``manage.py flush``).

``manage.py audit_roles --print-sql`` prints the script; ``--check`` reports what the connected role can
do to the audit table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AUDIT_TABLE = "audit_auditevent"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Step:
    title: str
    run_as: str
    statements: tuple[str, ...]


def _identifier(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"{name!r} is not a plain PostgreSQL identifier (lower-case letters, digits, _).")
    return name


def role_layout(*, database: str, owner: str = "cp_owner", app: str = "cp_app") -> list[Step]:
    database, owner, app = _identifier(database), _identifier(owner), _identifier(app)
    return [
        Step(
            "Roles (once, as a superuser; then set their passwords with \\password)",
            "superuser",
            (
                f"CREATE ROLE {owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE",
                f"CREATE ROLE {app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT",
            ),
        ),
        Step(
            "Database (once, as a superuser)",
            "superuser",
            (f"CREATE DATABASE {database} OWNER {owner}",),
        ),
        Step(
            f"Schema (once, as a superuser connected to {database})",
            "superuser",
            (
                f"ALTER SCHEMA public OWNER TO {owner}",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                f"GRANT USAGE ON SCHEMA public TO {app}",
                # Tables that later migrations create are usable by the application without another step.
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
                f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
            ),
        ),
        Step(
            f"Grants (as {owner}, after every `manage.py migrate`, which also runs as {owner})",
            owner,
            (
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
                f"REVOKE ALL ON {AUDIT_TABLE} FROM {app}",
                f"GRANT SELECT, INSERT ON {AUDIT_TABLE} TO {app}",
            ),
        ),
    ]


def role_layout_sql(*, database: str, owner: str = "cp_owner", app: str = "cp_app") -> str:
    lines = [
        "-- Compliance Portal: database roles for an append-only audit trail.",
        f"-- {owner} owns the schema and runs migrations; the application connects as {app}:",
        f"-- SELECT/INSERT only on {AUDIT_TABLE}, owner of nothing (so no ALTER TABLE ... DISABLE TRIGGER).",
        "-- Run with: psql -v ON_ERROR_STOP=1 -U postgres -f roles.sql",
    ]
    for step in role_layout(database=database, owner=owner, app=app):
        lines += ["", f"-- {step.title}"]
        if step.title.startswith("Schema"):
            lines.append(f"\\connect {database}")
        if step.run_as == owner:
            lines.append(f"SET ROLE {owner};")
        lines += [f"{statement};" for statement in step.statements]
        if step.run_as == owner:
            lines.append("RESET ROLE;")
    return "\n".join(lines) + "\n"


PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER")


def audit_table_rights(cursor) -> dict[str, bool]:
    """What the connected role may do to the audit table (``owner`` means it could disable triggers)."""
    cursor.execute(
        "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
        "WHERE schemaname = current_schema() AND tablename = %s",
        [AUDIT_TABLE],
    )
    rights = {"owner": cursor.fetchone()[0]}
    for privilege in PRIVILEGES:
        cursor.execute("SELECT has_table_privilege(current_user, %s, %s)", [AUDIT_TABLE, privilege])
        rights[privilege] = cursor.fetchone()[0]
    return rights
