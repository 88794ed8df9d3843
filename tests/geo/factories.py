from geo.models import GeoPermission


def set_permission(*, account, sub_account=None, country="US", **values) -> GeoPermission:
    """A permission row written directly (the services are tested on their own): the account's default, or a
    sub-account's override when ``sub_account`` is given."""
    defaults = {"enabled": True, "mph_threshold": None, "breach_response": "BLOCK_AND_ALERT", "block_hours": 1}
    defaults.update(values)
    return GeoPermission.objects.create(account=account, sub_account=sub_account, country_id=country, **defaults)
