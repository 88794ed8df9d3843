"""Print the production role layout for the append-only audit trail, or check the connected role."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from audit.db_roles import role_layout_sql

APP_MAY = {"SELECT", "INSERT"}


class Command(BaseCommand):
    help = "Print the SQL of the owner/application role layout (--print-sql) or check the current role (--check)."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--print-sql", action="store_true")
        action.add_argument("--check", action="store_true", help="exit 1 unless the connected role is append-only")
        parser.add_argument("--database", default=None, help="database name (default: the configured one)")
        parser.add_argument("--owner", default="cp_owner")
        parser.add_argument("--app", default="cp_app")

    def handle(self, *args, print_sql, check, database, owner, app, **options):
        if print_sql:
            try:
                self.stdout.write(
                    role_layout_sql(database=database or connection.settings_dict["NAME"], owner=owner, app=app),
                    ending="",
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            return
        if connection.vendor != "postgresql":
            raise CommandError("The role layout applies to PostgreSQL only.")
        from audit.db_roles import audit_table_rights

        with connection.cursor() as cursor:
            rights = audit_table_rights(cursor)
        too_much = sorted(name for name, allowed in rights.items() if allowed and name.upper() not in APP_MAY)
        for name, allowed in rights.items():
            self.stdout.write(f"{name:<9} {'yes' if allowed else 'no'}")
        if too_much:
            raise CommandError("This role can rewrite the audit trail: " + ", ".join(too_much))
        self.stdout.write("This role can only read and append to the audit trail.")
