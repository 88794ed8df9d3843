from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "vetting"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from brands.panels import register_brand_panel

        from .views import brand_vet_panel

        register_brand_panel(brand_vet_panel)

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
