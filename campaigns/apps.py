from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from core.hooks import register_subject_panel

        from . import receivers  # noqa: F401  (V7: listens for completed vets)
        from .views import brand_campaign_panel

        register_subject_panel(brand_campaign_panel, slot="main", subject_type="brand")
        extend_role(ANALYST_GROUP, ["campaigns.view_campaign", "campaigns.view_campaignreview"])
        extend_role(MANAGER_GROUP, ["campaigns.view_campaign", "campaigns.view_campaignreview"])
