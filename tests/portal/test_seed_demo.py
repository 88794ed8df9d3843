import pytest
from django.core.management import call_command

from accounts.models import Account, SubAccount, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_creates_every_role(settings):
    settings.DEMO_PASSWORD = "demo-pass-for-test"
    call_command("seed_demo")
    counts = (Account.objects.count(), SubAccount.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Account.objects.count(), SubAccount.objects.count(), User.objects.count()) == counts
    roles = {u.username: u.role for u in User.objects.all()}
    # customer-c and customer-d: the two reseller accounts of S4 (senders.demo), one waiting for approval.
    assert roles == {
        "analyst": "analyst",
        "manager": "manager",
        "customer-a": "customer",
        "customer-b": "customer",
        "customer-c": "customer",
        "customer-d": "customer",
    }
    assert User.objects.get(username="customer-a").check_password("demo-pass-for-test")
    assert Account.objects.count() == 4
    resellers = Account.objects.filter(reseller=True).values_list("name", "reseller_approved_at")
    assert sorted((name, approved is None) for name, approved in resellers) == [
        ("Crest Agency", True),
        ("Delta Platforms", False),
    ]


def test_seed_demo_files_a_submitted_appeal_and_a_draft(settings):
    from appeals.models import Appeal

    call_command("seed_demo")
    call_command("seed_demo")
    statuses = sorted(Appeal.objects.values_list("status", flat=True))
    assert statuses == ["draft", "submitted"]
    submitted = Appeal.objects.get(status="submitted")
    assert submitted.brand.is_frozen and submitted.evidence.count() == 1
