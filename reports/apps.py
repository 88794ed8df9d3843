from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Audit reports"

    def ready(self) -> None:
        from accounts.choices import MANAGER_GROUP
        from accounts.roles import extend_role

        extend_role(MANAGER_GROUP, ["reports.view_report"])
