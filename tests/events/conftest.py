import pytest

from events import partitions
from events.selectors import forget_cached
from tests.traffic.factories import sending_sub_account


@pytest.fixture(autouse=True)
def _fresh_caches():
    # The hot path caches hooks and sender holders per process; each test starts from the database.
    forget_cached()
    partitions.forget_known()
    yield
    forget_cached()


@pytest.fixture
def sender_a(customer_a, sub_account_a, analyst):
    """An active sender id of an approved campaign in customer A's sub-account."""
    return sending_sub_account(customer=customer_a, sub_account=sub_account_a, analyst=analyst, number="+12025550101")[
        1
    ]


@pytest.fixture
def sender_b(customer_b, sub_account_b, analyst):
    return sending_sub_account(customer=customer_b, sub_account=sub_account_b, analyst=analyst, number="+12025550202")[
        1
    ]
