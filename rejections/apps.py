from django.apps import AppConfig


class RejectionsConfig(AppConfig):
    name = "rejections"
    verbose_name = "Rejection-code catalogue"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role

        # Synced onto the groups on post_migrate (accounts.roles.sync_role_groups).
        extend_role(ANALYST_GROUP, ["rejections.view_rejectioncode"])
        extend_role(MANAGER_GROUP, ["rejections.view_rejectioncode", "rejections.change_rejectioncode"])
