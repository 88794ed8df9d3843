from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from core.hooks import register_subject_panel
        from core.policy import register_policies

        from . import checks, policies  # noqa: F401 - importing checks registers the A8 settings check
        from .views import brand_appeal_panel

        register_subject_panel(brand_appeal_panel, slot="main", subject_type="brand")
        register_policies(policies)
        extend_role(ANALYST_GROUP, ["appeals.view_appeal", "appeals.view_evidence"])
        extend_role(MANAGER_GROUP, ["appeals.view_appeal", "appeals.view_evidence"])
