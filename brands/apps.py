from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "brands"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from core.policy import register_policies

        from . import policies

        register_policies(policies)
        extend_role(ANALYST_GROUP, ["brands.view_brand", "brands.view_brandreview"])
        extend_role(MANAGER_GROUP, ["brands.view_brand", "brands.view_brandreview"])
