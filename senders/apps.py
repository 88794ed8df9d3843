from django.apps import AppConfig


class SendersConfig(AppConfig):
    name = "senders"

    def ready(self) -> None:
        from core.policy import register_policies

        from . import policies

        register_policies(policies)
