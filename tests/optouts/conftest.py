import pytest

from optouts import rules
from traffic import counting, lookups


@pytest.fixture(autouse=True)
def fresh_rules(settings):
    """Each test reads the keyword and shortener tables afresh, and the MPH step counts in the database (the
    check's steps 40–70 are the subject here, not Redis)."""
    settings.TRAFFIC_REDIS_URL = None
    counting._redis_state.clear()
    lookups.reset()
    rules.invalidate()
    yield
    rules.invalidate()
    lookups.reset()
