import pytest

from brands.services import brand_record_identity
from tests.brands.factories import make_brand as _make_brand
from tests.campaigns.factories import make_campaign


def make_brand(*, analyst, **kwargs):
    """An approved brand the registry verified (C7: its campaigns may then be submitted)."""
    brand = _make_brand(analyst=analyst, **kwargs)
    return brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="Registry verified")


@pytest.fixture
def brand_a(customer_a, sub_account_a, analyst):
    return make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)


@pytest.fixture
def campaign_a(customer_a, brand_a, analyst):
    return make_campaign(customer=customer_a, brand=brand_a, status="approved", analyst=analyst)


@pytest.fixture
def brand_b(customer_b, sub_account_b, analyst):
    return make_brand(
        customer=customer_b,
        sub_account=sub_account_b,
        status="approved",
        analyst=analyst,
        legal_name="Beacon Retail Inc",
        display_name="Beacon Retail",
        tax_id="98-7654321",
    )


@pytest.fixture
def campaign_b(customer_b, brand_b, analyst):
    return make_campaign(customer=customer_b, brand=brand_b, status="approved", analyst=analyst)
