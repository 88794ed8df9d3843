from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Top of the dependency graph: wires every app's demo data into ``seed_demo``."""

    name = "demo"
