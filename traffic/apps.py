from django.apps import AppConfig


class TrafficConfig(AppConfig):
    name = "traffic"
    verbose_name = "Traffic oversight"

    def ready(self) -> None:
        from core.hooks import register_nav_link
        from core.policy import register_policies

        from . import policies, receivers, schema  # noqa: F401 - cache receivers, the OpenAPI token scheme
        from .views import nav_link

        register_policies(policies)
        register_nav_link(nav_link)
