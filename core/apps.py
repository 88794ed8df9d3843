from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app builds on: the domain error and its HTTP/form mapping, policies' answer type,
    keyset pagination, hooks and panels, API plumbing, request ids. It imports no app of the project."""

    name = "core"
    verbose_name = "Kernel"
