from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "geo"

    def ready(self) -> None:
        from core.hooks import register_nav_link, register_subject_panel
        from core.policy import register_policies

        from . import policies
        from .views import geo_nav_link, sub_account_geo_panel

        register_policies(policies)
        register_nav_link(geo_nav_link)
        register_subject_panel(sub_account_geo_panel, slot="bottom", subject_type="subaccount")
