from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and tenancy"

    def ready(self) -> None:
        from core.policy import register_policies

        from . import policies
        from .roles import sync_role_groups

        register_policies(policies)

        # Not limited to our own sender: other apps' permissions exist only after their migrate.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts_sync_role_groups")
