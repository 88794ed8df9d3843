from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "health"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from core import hooks
        from core.policy import register_policies

        from . import policies, receivers, views  # noqa: F401 - receivers connect on import

        register_policies(policies)
        # Managers edit the policy rows (thresholds, volume floor, ladder, severity floors); staff read the records.
        records = ["health.view_violation", "health.view_enforcementaction", "health.view_traffichealthcase"]
        policy_models = ["ratethreshold", "volumefloor", "ladderrule", "severityfloor"]
        extend_role(ANALYST_GROUP, [*records, *(f"health.view_{m}" for m in policy_models)])
        extend_role(
            MANAGER_GROUP,
            [*records, *(f"health.{verb}_{m}" for m in policy_models for verb in ("view", "add", "change", "delete"))],
        )
        hooks.register_page_panel(views.dashboard_reminder_panel, slot="dashboard")
        hooks.register_subject_panel(views.sub_account_panel, slot="bottom", subject_type="subaccount")
        hooks.register_nav_link(views.nav_link)
