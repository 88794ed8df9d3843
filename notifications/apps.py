from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        from core.hooks import register_nav_link, register_page_panel
        from core.policy import register_policies

        from . import policies, receivers  # noqa: F401 - importing receivers connects them
        from .views import header_bell, nav_link

        register_policies(policies)
        register_page_panel(header_bell, slot="header")
        register_nav_link(nav_link)
