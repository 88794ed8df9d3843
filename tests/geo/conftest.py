import pytest


@pytest.fixture(autouse=True)
def geo_catalogue(request):
    """The catalogue comes from a data migration: a transactional test's flush empties it, so reload it."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.apps import apps

        from geo.models import Country

        if not Country.objects.exists():
            from importlib import import_module

            import_module("geo.migrations.0002_load_catalogue").load_catalogue(apps, None)
