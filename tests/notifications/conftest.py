import pytest

from tests.casework.factories import verified_brand
from tests.notifications.receiver import start_receiver


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    found = start_receiver()
    yield found
    found.stop()


@pytest.fixture
def brand_a(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
