"""RC1: the catalogue data migration is reversible."""

import pytest
from django.core.management import call_command

from rejections.models import RejectionCode

from .seed import seed_rows


@pytest.mark.django_db(transaction=True)
def test_RC1_load_catalogue_migration_is_reversible():
    # Reverse 0002: the catalogue's rows go.
    call_command("migrate", "rejections", "0001", verbosity=0)
    assert RejectionCode.objects.count() == 0
    # Forward again (every app, in case another app's migrations depend on the catalogue): back to 103.
    call_command("migrate", verbosity=0)
    assert set(RejectionCode.objects.values_list("code", flat=True)) == set(seed_rows())
    assert RejectionCode.objects.get(code="3003A").sort_key == 30031
