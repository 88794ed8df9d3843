from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self) -> None:
        from core.hooks import register_nav_link
        from core.policy import register_policies

        from . import policies
        from .views import nav_link

        register_policies(policies)
        register_nav_link(nav_link)
