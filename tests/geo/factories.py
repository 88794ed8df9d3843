from geo.models import GeoPermission


def set_permission(*, account, sub_account=None, country="US", **values) -> GeoPermission:
    """A permission row written directly (the services are tested on their own): the account's default, or a
    sub-account's override when ``sub_account`` is given."""
    defaults = {"enabled": True, "mph_threshold": None, "breach_response": "BLOCK_AND_ALERT", "block_hours": 1}
    defaults.update(values)
    return GeoPermission.objects.create(account=account, sub_account=sub_account, country_id=country, **defaults)


def kyc_brand(*, customer, sub_account, analyst, identity="VERIFIED", **data):
    """M1.3's KYC: an approved brand in ``sub_account`` with its identity recorded (VERIFIED by default), driven
    through the brands services."""
    from brands.services import brand_record_identity
    from tests.brands.factories import make_brand

    brand = make_brand(customer=customer, sub_account=sub_account, status="approved", analyst=analyst, **data)
    if identity:
        brand = brand_record_identity(actor=analyst, brand=brand, identity_status=identity, reason="TCR result")
    brand.refresh_from_db()
    return brand
