from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "health"

    def ready(self) -> None:
        from core import hooks
        from core.policy import register_policies

        from . import policies, receivers, views  # noqa: F401 - receivers connect on import

        register_policies(policies)
        hooks.register_page_panel(views.dashboard_reminder_panel, slot="dashboard")
        hooks.register_subject_panel(views.sub_account_panel, slot="bottom", subject_type="subaccount")
        hooks.register_nav_link(views.nav_link)
