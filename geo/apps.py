from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "geo"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from core.hooks import register_nav_link, register_subject_panel
        from core.policy import register_policies

        from . import policies
        from .views import geo_nav_link, sub_account_geo_panel

        register_policies(policies)
        view = ["geo.view_country", "geo.view_geopermission", "geo.view_georequest"]
        extend_role(ANALYST_GROUP, view)
        # M1.1/M1.2: managers edit the catalogue's risk levels and hard-disabled flags.
        extend_role(MANAGER_GROUP, [*view, "geo.change_country"])
        register_nav_link(geo_nav_link)
        register_subject_panel(sub_account_geo_panel, slot="bottom", subject_type="subaccount")
