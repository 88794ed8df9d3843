import pytest

from tests.conftest import require
from traffic import counting, lookups

REDIS_TEST_URL = "redis://127.0.0.1:6379/3"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty lookup caches and a fresh Redis client (settings change between tests)."""
    lookups.reset()
    counting._redis_state.clear()
    yield
    lookups.reset()
    counting._redis_state.clear()


@pytest.fixture(autouse=True)
def geo_catalogue(request):
    """The country catalogue comes from a data migration: a transactional test's flush empties it; reload it."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.apps import apps

        from geo.models import Country

        if not Country.objects.exists():
            from importlib import import_module

            import_module("geo.migrations.0002_load_catalogue").load_catalogue(apps, None)


def _redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_backend(settings):
    """The Redis backend on this suite's own database (3), emptied before and after."""
    require(_redis_available(), f"needs Redis at {REDIS_TEST_URL}")
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    settings.TRAFFIC_REDIS_URL = REDIS_TEST_URL
    counting._redis_state.clear()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def db_backend(settings):
    settings.TRAFFIC_REDIS_URL = None
    counting._redis_state.clear()


@pytest.fixture(params=["redis", "db"])
def backend(request, db):
    """Both MPH backends: each test runs against Redis and against the database."""
    request.getfixturevalue(f"{request.param}_backend")
    return request.param
