from django.apps import AppConfig


class SendersConfig(AppConfig):
    name = "senders"

    def ready(self) -> None:
        from core.hooks import register_nav_link, register_subject_panel
        from core.policy import register_policies

        from . import policies, receivers  # noqa: F401  (S4: the brands' 710 finding follows accounts)
        from .views import brand_sender_panel, campaign_sender_panel, nav_link, segregation_nav_link

        register_policies(policies)
        register_subject_panel(campaign_sender_panel, slot="bottom", subject_type="campaign")
        register_subject_panel(brand_sender_panel, slot="main", subject_type="brand")
        register_nav_link(nav_link)
        register_nav_link(segregation_nav_link)
