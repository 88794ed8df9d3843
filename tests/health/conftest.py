import pytest


@pytest.fixture(autouse=True)
def health_policy_rows(request):
    """The migration's policy rows vanish when a transactional test flushes the database: put them back."""
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        (marker := request.node.get_closest_marker("django_db")) and marker.kwargs.get("transaction")
    ):
        request.getfixturevalue("transactional_db")
        from importlib import import_module

        from django.apps import apps

        import_module("health.migrations.0002_policy_rows_and_guards").seed(apps, None)
