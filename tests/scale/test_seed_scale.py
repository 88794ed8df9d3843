"""``seed_scale``: the load data the benchmarks measure — consistent account keys, the probe customers."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import F

from accounts.models import Account, User
from appeals.models import Appeal
from brands.models import Brand
from campaigns.models import Campaign
from casework.models import WorkItem
from vetting.models import Vet


@pytest.mark.django_db(transaction=True)
def test_seed_scale_writes_items_campaigns_and_probe_customers(monkeypatch):
    from casework.management.commands import seed_scale

    monkeypatch.setattr(seed_scale, "CHUNK", 7)  # several chunks even at this size
    call_command("seed_scale", items=40, campaigns=300, accounts=5, verbosity=0)

    assert WorkItem.objects.filter(closed_at__isnull=True).count() == 40
    assert Campaign.objects.exclude(account__name__startswith="Bench").count() == 300
    assert Account.objects.filter(name__startswith="Scale account ").count() == 5
    for n in (1, 30, 5000):
        user = User.objects.get(username=f"bench-{n}")
        assert Campaign.objects.visible_to(user).count() == n
    vetted = Brand.objects.get(display_name="Bench vetted brand", account__name="Bench 30-campaign customer")
    assert vetted.vets.count() == 20
    assert Brand.objects.same_tax_id_as(vetted).count() == 2
    # Every row's account key is its parent's (the PostgreSQL triggers check it too; SQLite has none).
    assert not Brand.objects.exclude(account=F("sub_account__account")).exists()
    assert not Campaign.objects.exclude(account=F("brand__account")).exists()
    assert not Vet.objects.exclude(account=F("brand__account")).exists()
    assert not Appeal.objects.exclude(account=F("brand__account")).exists()
    # S3: one end brand per sub-account.
    assert Brand.objects.values("sub_account").distinct().count() == Brand.objects.count()


@pytest.mark.django_db(transaction=True)
def test_seed_scale_items_read_their_subjects_through_the_work_subject_contract(monkeypatch):
    """Issue 13 item 3: bulk-written items show what the queue service would write (``core.subjects``)."""
    from casework.management.commands import seed_scale
    from casework.registry import KINDS

    monkeypatch.setattr(seed_scale, "CHUNK", 7)
    call_command("seed_scale", items=40, accounts=3, verbosity=0)

    items = list(WorkItem.objects.filter(closed_at__isnull=True))
    assert {item.kind for item in items} == {"brand", "campaign", "vet", "appeal"}
    for item in items:
        subject = KINDS[item.kind].model.objects.get(pk=item.subject_id)
        assert item.subject_label == subject.work_label
        assert item.search == subject.work_search_text
        assert item.account_id == subject.audit_account_id
        assert item.state in subject.work_open_states
        assert (item.paused_at is not None) == (item.state in subject.work_paused_states)
