from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "campaigns"

    def ready(self) -> None:
        from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
        from accounts.roles import extend_role
        from core.hooks import register_subject_panel
        from core.policy import register_policies

        from . import policies, receivers  # noqa: F401  (V7: listens for completed vets)
        from .views import brand_campaign_panel

        register_subject_panel(brand_campaign_panel, slot="main", subject_type="brand")
        register_policies(policies)
        extend_role(ANALYST_GROUP, ["campaigns.view_campaign", "campaigns.view_campaignreview"])
        extend_role(MANAGER_GROUP, ["campaigns.view_campaign", "campaigns.view_campaignreview"])
