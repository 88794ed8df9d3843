from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "vetting"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from core.hooks import register_subject_panel
        from core.policy import register_policies

        from . import policies
        from .views import brand_vet_panel

        register_subject_panel(brand_vet_panel, slot="main", subject_type="brand")

        register_policies(policies)
        extend_role(ANALYST_GROUP, ["vetting.view_vet", "vetting.view_throughputtier"])
        extend_role(
            MANAGER_GROUP,
            [
                "vetting.view_vet",
                "vetting.view_throughputtier",
                "vetting.add_throughputtier",
                "vetting.change_throughputtier",
                "vetting.delete_throughputtier",
            ],
        )
