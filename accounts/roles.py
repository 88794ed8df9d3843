"""Staff roles as Django groups, with their permissions declared here and synced on migrate.

Declaring the map in one place (instead of a data migration per change) means a later app that
adds a model managers may edit only adds its permission codename here.
"""

from __future__ import annotations

from .choices import ANALYST_GROUP, MANAGER_GROUP

_ANALYST = [
    "accounts.work_queues",
    "accounts.view_account",
    "accounts.view_subaccount",
    "audit.view_auditevent",
]
_MANAGER = [*_ANALYST, "accounts.manage_queues", "accounts.export_reports"]

ROLE_PERMISSIONS: dict[str, list[str]] = {ANALYST_GROUP: _ANALYST, MANAGER_GROUP: _MANAGER}


def extend_role(group: str, permissions: list[str]) -> None:
    """Let a domain app add its own permissions to a role (called from its AppConfig.ready)."""
    ROLE_PERMISSIONS[group] = ROLE_PERMISSIONS[group] + [p for p in permissions if p not in ROLE_PERMISSIONS[group]]


def sync_role_groups(**kwargs) -> None:
    """Create the role groups and give them exactly their declared permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:  # a later app's permission appears once that app has migrated
                wanted.append(perm)
        group.permissions.set(wanted)
