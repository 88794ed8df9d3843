"""The at-send check's steps 40–70 by rule id: opt-out (M5.1), DNC (M5.3), keyword (M5.4), shortener (6013)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from brands.models import Brand
from optouts import rules, services
from optouts.models import OptOut, ShortenerDomain
from tests.accounts.factories import SubAccountFactory
from traffic.check import registered_steps

from .factories import NOW, check, inbound, second_sender, sending

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_senders(customer_a, sub_account_a, analyst):
    """Two sender ids (A and B) of one campaign of the sub-account."""
    campaign, sender_a = sending(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    sender_b = second_sender(customer_a, campaign)
    return (campaign, sender_a), (campaign, sender_b)


def test_steps_40_to_70_are_registered_in_order():
    steps = {name: order for order, name in registered_steps()}
    assert (steps["optout"], steps["dnc"], steps["keyword"], steps["shortener"]) == (40, 50, 60, 70)


def test_M5_1_stop_on_sender_a_blocks_sender_b(two_senders, sub_account_a):
    (_, sender_a), (_, sender_b) = two_senders
    assert check(sub_account_a, sender_b).allowed
    inbound(sub_account_a, sender=sender_a, text="STOP")
    result = check(sub_account_a, sender_b)
    assert (result.allowed, result.code) == (False, "M5.1")
    assert "opted out" in result.reason
    row = OptOut.objects.get()
    assert (row.source, row.sender, row.active) == ("inbound", sender_a, True)


def test_M5_1_sub_account_scope_does_not_reach_another_sub_account(customer_a, sub_account_a, analyst):
    _, sender_a = sending(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    other = SubAccountFactory(account=sub_account_a.account, name="Other brand")
    _, sender_other = sending(customer=customer_a, sub_account=other, analyst=analyst)
    inbound(sub_account_a, sender=sender_a)
    assert check(sub_account_a, sender_a).code == "M5.1"
    assert check(other, sender_other).allowed


def test_M5_1_account_wide_scope_blocks_every_sub_account(customer_a, sub_account_a, analyst, account_a):
    _, sender_a = sending(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    other = SubAccountFactory(account=account_a, name="Other brand")
    _, sender_other = sending(customer=customer_a, sub_account=other, analyst=analyst)
    inbound(sub_account_a, sender=sender_a)
    services.optout_set_scope(actor=customer_a, account=account_a, account_wide=True)
    assert check(other, sender_other).code == "M5.1"
    # And START from the other sub-account restores both (account-wide scope).
    inbound(other, sender=sender_other, text="START", kind="opt_in")
    assert check(other, sender_other).allowed
    assert check(sub_account_a, sender_a).allowed


def test_M5_1_start_restores_and_keeps_the_history(two_senders, sub_account_a):
    (_, sender_a), (_, sender_b) = two_senders
    inbound(sub_account_a, sender=sender_a, text="STOP")
    inbound(sub_account_a, sender=sender_b, text="UNSTOP", kind="opt_in", at=NOW + timedelta(hours=1))
    assert check(sub_account_a, sender_a).allowed
    row = OptOut.objects.get()
    assert (row.active, row.opted_in_at) == (False, NOW + timedelta(hours=1))
    # A second STOP is a new opt-out row; the first stays as history.
    inbound(sub_account_a, sender=sender_a, text="stop", at=NOW + timedelta(hours=2))
    assert OptOut.objects.count() == 2
    assert check(sub_account_a, sender_b).code == "M5.1"


def test_M5_1_help_changes_nothing(two_senders, sub_account_a):
    (_, sender_a), _ = two_senders
    inbound(sub_account_a, sender=sender_a, text="HELP", kind="help")
    assert not OptOut.objects.exists()
    assert check(sub_account_a, sender_a).allowed


def test_M5_1_another_accounts_opt_out_is_not_ours(two_senders, sub_account_a, sub_account_b, customer_b, analyst):
    (_, sender_a), _ = two_senders
    _, sender_b = sending(customer=customer_b, sub_account=sub_account_b, analyst=analyst)
    inbound(sub_account_b, sender=sender_b)
    assert check(sub_account_a, sender_a).allowed


def test_M5_3_dnc_listed_number_is_refused(two_senders, sub_account_a, manager, django_capture_on_commit_callbacks):
    (_, sender_a), _ = two_senders
    with django_capture_on_commit_callbacks(execute=True):
        upload = services.dnc_upload(actor=manager, name="National", file=_file(b"2025550188\n+12025550199\n"))
    upload.refresh_from_db()
    assert upload.status == "done"
    result = check(sub_account_a, sender_a)
    assert (result.allowed, result.code) == (False, "M5.3")
    assert check(sub_account_a, sender_a, to="+12025550177").allowed


def test_M5_4_in_force_keyword_refused_naming_the_word(two_senders, sub_account_a, manager):
    (_, sender_a), _ = two_senders
    services.keyword_add(
        actor=manager, word="Free Money", now=NOW - timedelta(days=20), effective_at=NOW - timedelta(days=6)
    )
    result = check(sub_account_a, sender_a, text="Get FREE money now!")
    assert (result.allowed, result.code) == (False, "M5.4")
    assert "“Free Money”" in result.reason
    # Whole words only: "freemoney" or "free moneys" are other words.
    assert check(sub_account_a, sender_a, text="freemoney moneys").allowed


def test_M5_4_day_13_not_enforced_day_14_enforced(two_senders, sub_account_a, manager):
    (_, sender_a), _ = two_senders
    announced = NOW
    services.keyword_add(actor=manager, word="casino", now=announced)
    assert check(sub_account_a, sender_a, text="Casino night", now=announced + timedelta(days=13)).allowed
    on_14 = check(sub_account_a, sender_a, text="Casino night", now=announced + timedelta(days=14))
    assert on_14.code == "M5.4"


def test_M5_4_effective_date_earlier_than_14_days_refused(manager):
    from core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        services.keyword_add(actor=manager, word="casino", now=NOW, effective_at=NOW + timedelta(days=13))
    assert refused.value.code == "M5.4"
    assert refused.value.field == "effective_at"
    assert "14 days" in refused.value.message


def test_6013_public_shortener_refused(two_senders, sub_account_a):
    (_, sender_a), _ = two_senders
    result = check(sub_account_a, sender_a, text="Deal: https://bit.ly/abc")
    assert (result.allowed, result.code) == (False, "6013")
    assert "bit.ly" in result.reason
    assert check(sub_account_a, sender_a, text="Deal: https://example.org/deal").allowed


def test_6013_isv_own_shortener_domain_refused(two_senders, sub_account_a):
    (_, sender_a), _ = two_senders
    ShortenerDomain.objects.create(domain="isvlinks.io")
    rules.invalidate()
    assert check(sub_account_a, sender_a, text="See isvlinks.io/x1").code == "6013"


def test_M5_6_shortener_on_brand_confirmed_domain_passes(two_senders, sub_account_a, analyst):
    (campaign_a, sender_a), _ = two_senders
    ShortenerDomain.objects.create(domain="isvlinks.io")
    rules.invalidate()
    brand = Brand.objects.get(pk=campaign_a.brand_id)
    services.brand_domain_confirm(actor=analyst, brand=brand, domain="acme.isvlinks.io")
    assert check(sub_account_a, sender_a, text="See https://acme.isvlinks.io/x1").allowed
    assert check(sub_account_a, sender_a, text="See https://other.isvlinks.io/x1").code == "6013"


def test_M5_6_shortener_on_brand_website_domain_passes(two_senders, sub_account_a):
    (campaign_a, sender_a), _ = two_senders
    ShortenerDomain.objects.create(domain="go.example.net")
    rules.invalidate()
    Brand.objects.filter(pk=campaign_a.brand_id).update(website="https://www.example.net/")
    assert check(sub_account_a, sender_a, text="See https://go.example.net/x1").allowed


def _file(content: bytes, name: str = "list.txt"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_steps_40_to_70_cost_two_index_probes_for_plain_text(two_senders, sub_account_a, monkeypatch):
    """Opt-out and DNC: one probe each; keywords and shorteners are read from memory."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from optouts import probes

    (_, sender_a), _ = two_senders
    check(sub_account_a, sender_a, text="Hello there")  # warm the caches
    seen = []
    real = probes.probe

    def counted(sql, params):
        seen.append(sql)
        return real(sql, params)

    monkeypatch.setattr(probes, "probe", counted)
    monkeypatch.setattr("optouts.checks.probe", counted)
    with CaptureQueriesContext(connection) as ctx:
        assert check(sub_account_a, sender_a, text="Hello there, see https://example.org/x").allowed
    assert len(seen) == 2 and "optouts_optout" in seen[0] and "optouts_dncnumber" in seen[1]
    assert not [q["sql"] for q in ctx.captured_queries if "optouts_" in q["sql"]]
