import pytest


@pytest.fixture(autouse=True)
def geo_catalogue(request, reference_data):
    """The catalogue comes from a data migration: a transactional test's flush empties it, so reload it (after
    the suite's ``reference_data`` has switched the test to the transactional database)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        return
    from importlib import import_module

    from django.apps import apps

    from geo.models import Country

    if not Country.objects.exists():
        import_module("geo.migrations.0002_load_catalogue").load_catalogue(apps, None)
