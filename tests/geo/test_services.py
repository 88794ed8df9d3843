"""Geo permission services: M1.1 limits, M1.2 defaults and hard-disabled countries, M1.3 requests and KYC, M1.4
overrides and their removal — each rule at its boundary."""

import pytest
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from casework.models import WorkItem
from core.errors import DomainError, StateConflict
from geo import services
from geo.models import GeoPermission, GeoRequest
from geo.selectors import effective_permission
from geo.signals import permissions_changed
from tests.accounts.factories import SubAccountFactory

from .factories import kyc_brand, set_permission

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Our patients in Canada receive appointment reminders from us."


def perm(sub, country):
    return effective_permission(account_id=sub.account_id, sub_account_id=sub.pk, country=country)


@pytest.fixture
def kyc_sub(customer_a, sub_account_a, analyst):
    kyc_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    return sub_account_a


# ---------------------------------------------------------------------------------------------- M1.1 limits


@pytest.mark.parametrize("threshold", [1, 2, 10_000])
def test_m1_1_threshold_at_least_1_accepted(customer_a, sub_account_a, threshold):
    services.geo_permission_set(
        actor=customer_a, account=customer_a.account, country="US", changes={"mph_threshold": threshold}
    )
    assert perm(sub_account_a, "US").mph_threshold == threshold


@pytest.mark.parametrize("threshold", [0, -1, "abc", 1.5, True])
def test_m1_1_threshold_below_1_or_not_whole_refused(customer_a, threshold):
    with pytest.raises(DomainError) as refused:
        services.geo_permission_set(
            actor=customer_a, account=customer_a.account, country="US", changes={"mph_threshold": threshold}
        )
    assert refused.value.code == "M1.1" and "mph_threshold" in refused.value.errors
    assert not GeoPermission.objects.exists()


def test_m1_1_threshold_none_clears_it(customer_a, sub_account_a):
    set_permission(account=customer_a.account, country="US", mph_threshold=40)
    services.geo_permission_set(
        actor=customer_a, account=customer_a.account, country="US", changes={"mph_threshold": None}
    )
    assert perm(sub_account_a, "US").mph_threshold is None


@pytest.mark.parametrize("hours", [1, 24])
def test_m1_1_block_hours_1_and_24_accepted(customer_a, sub_account_a, hours):
    services.geo_permission_set(
        actor=customer_a, account=customer_a.account, country="US", changes={"block_hours": hours}
    )
    assert perm(sub_account_a, "US").block_hours == hours


@pytest.mark.parametrize(
    ("hours", "words"),
    [(0, "at least 1 hour (you gave 0, 1 too few)"), (25, "at most 24 hours (you gave 25, 1 too many)")],
)
def test_m1_1_block_hours_0_and_25_refused_saying_by_how_much(customer_a, hours, words):
    with pytest.raises(DomainError) as refused:
        services.geo_permission_set(
            actor=customer_a, account=customer_a.account, country="US", changes={"block_hours": hours}
        )
    assert words in refused.value.errors["block_hours"][0]


def test_m1_1_every_bad_field_reported_at_once(customer_a):
    with pytest.raises(DomainError) as refused:
        services.geo_permission_set(
            actor=customer_a,
            account=customer_a.account,
            country="US",
            changes={"mph_threshold": 0, "block_hours": 30, "breach_response": "SHOUT", "colour": "red"},
        )
    assert set(refused.value.errors) == {"mph_threshold", "block_hours", "breach_response", "colour"}


def test_m1_1_database_holds_the_limits(account_a):
    for values in ({"mph_threshold": 0}, {"block_hours": 0}, {"block_hours": 25}, {"breach_response": "X"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            set_permission(account=account_a, country="CA", **values)


def test_m1_1_one_default_row_per_country(account_a):
    set_permission(account=account_a, country="CA")
    with pytest.raises(IntegrityError):
        set_permission(account=account_a, country="CA")


# ---------------------------------------------------------------------------------------------- M1.2 / M1.3 enabling


def test_m1_3_customer_cannot_enable_directly(customer_a, sub_account_a):
    with pytest.raises(DomainError) as refused:
        services.geo_permission_set(
            actor=customer_a,
            account=customer_a.account,
            sub_account=sub_account_a,
            country="CA",
            changes={"enabled": True},
        )
    assert refused.value.code == "M1.3" and "enabled" in refused.value.errors
    assert "request" in refused.value.errors["enabled"][0]
    assert not perm(sub_account_a, "CA").enabled


def test_m1_3_customer_disables_and_sets_threshold_directly(customer_a, sub_account_a):
    services.geo_permission_set(actor=customer_a, account=customer_a.account, country="US", changes={"enabled": False})
    assert perm(sub_account_a, "US").enabled is False
    # Re-enabling is enabling: through a request.
    with pytest.raises(DomainError):
        services.geo_permission_set(
            actor=customer_a, account=customer_a.account, country="US", changes={"enabled": True}
        )


def test_analyst_enables_a_medium_country_directly(analyst, account_a, sub_account_a):
    services.geo_permission_set(actor=analyst, account=account_a, country="MX", changes={"enabled": True})
    assert perm(sub_account_a, "MX").enabled


@pytest.mark.parametrize("role", ["analyst", "manager"])
def test_m1_2_hard_disabled_never_enabled_directly(role, analyst, manager, account_a, sub_account_a):
    actor = {"analyst": analyst, "manager": manager}[role]
    with pytest.raises(DomainError) as refused:
        services.geo_permission_set(actor=actor, account=account_a, country="KP", changes={"enabled": True})
    assert refused.value.code == "M1.2"
    assert not perm(sub_account_a, "KP").enabled


def test_customer_cannot_change_another_account(customer_a, account_b):
    with pytest.raises(DomainError) as refused:
        services.geo_permission_set(actor=customer_a, account=account_b, country="US", changes={"mph_threshold": 5})
    assert refused.value.code == "forbidden"


# ---------------------------------------------------------------------------------------------- M1.4 overrides


def test_m1_4_changing_a_sub_account_row_creates_an_override_keeping_inherited_values(customer_a, sub_account_a):
    account = customer_a.account
    set_permission(account=account, country="CA", mph_threshold=50, breach_response="ALERT_ONLY", block_hours=6)
    services.geo_permission_set(
        actor=customer_a, account=account, sub_account=sub_account_a, country="CA", changes={"mph_threshold": 100}
    )
    assert tuple(perm(sub_account_a, "CA")) == (True, 100, "ALERT_ONLY", 6, True, False)
    event = AuditEvent.objects.get(action="geo_override_set")
    assert event.data["before"] is None and event.data["after"]["mph_threshold"] == 100


def test_m1_4_remove_override_returns_to_inheritance_and_is_audited(customer_a, sub_account_a):
    account = customer_a.account
    set_permission(account=account, country="CA", mph_threshold=50)
    set_permission(account=account, sub_account=sub_account_a, country="CA", mph_threshold=100)
    assert services.geo_override_remove(actor=customer_a, sub_account=sub_account_a, country="CA") == 1
    assert tuple(perm(sub_account_a, "CA")) == (True, 50, "BLOCK_AND_ALERT", 1, False, False)
    event = AuditEvent.objects.get(action="geo_override_removed")
    assert event.actor == customer_a and event.data["before"]["mph_threshold"] == 100


def test_m1_4_remove_every_override(customer_a, sub_account_a):
    for code in ("CA", "US", "MX"):
        set_permission(account=customer_a.account, sub_account=sub_account_a, country=code, enabled=False)
    other = SubAccountFactory(account=customer_a.account)
    set_permission(account=customer_a.account, sub_account=other, country="CA")
    assert services.geo_override_remove(actor=customer_a, sub_account=sub_account_a) == 3
    assert list(GeoPermission.objects.values_list("sub_account", flat=True)) == [other.pk]


def test_changes_announce_permissions_changed_after_commit(customer_a, django_capture_on_commit_callbacks):
    received = []
    permissions_changed.connect(lambda sender, **kw: received.append(kw["account_id"]), weak=False, dispatch_uid="t1")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.geo_permission_set(
                actor=customer_a, account=customer_a.account, country="US", changes={"block_hours": 2}
            )
        assert received == []  # nothing before commit
        for callback in callbacks:
            callback()
        assert received == [customer_a.account_id]
    finally:
        permissions_changed.disconnect(dispatch_uid="t1")


# ---------------------------------------------------------------------------------------------- bulk


def test_bulk_disable_region_for_customer(customer_a, sub_account_a):
    result = services.geo_permissions_bulk(
        actor=customer_a, account=customer_a.account, countries=["US", "CA", "MX"], enabled=False
    )
    assert result.changed == ["US"] and set(result.skipped) == {"CA", "MX"}
    assert not perm(sub_account_a, "US").enabled


def test_bulk_enable_for_customer_files_requests(customer_a, kyc_sub):
    result = services.geo_permissions_bulk(
        actor=customer_a,
        account=customer_a.account,
        sub_account=kyc_sub,
        countries=["CA", "MX", "US"],
        enabled=True,
        justification=JUSTIFICATION,
    )
    assert result.changed == ["CA"]  # LOW: granted at once
    assert result.requested == ["MX"]  # MEDIUM: waits
    assert result.skipped == {"US": "already enabled"}


def test_bulk_enable_by_staff_skips_hard_disabled(analyst, account_a, sub_account_a):
    result = services.geo_permissions_bulk(actor=analyst, account=account_a, countries=["KP", "CU", "MX"], enabled=True)
    assert result.changed == ["MX"] and set(result.skipped) == {"KP", "CU"}


# ---------------------------------------------------------------------------------------------- M1.3 requests


def test_m1_3_request_without_kyc_refused_saying_what_to_do(customer_a, sub_account_a):
    with pytest.raises(StateConflict) as refused:
        services.geo_request_file(
            actor=customer_a, sub_account=sub_account_a, country="CA", justification=JUSTIFICATION
        )
    assert refused.value.code == "M1.3"
    assert (
        "approved brand with a verified identity" in refused.value.message and "then ask again" in refused.value.message
    )
    assert not GeoRequest.objects.exists()


def test_m1_3_unverified_approved_brand_is_not_kyc(customer_a, sub_account_a, analyst):
    kyc_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst, identity="UNVERIFIED")
    with pytest.raises(StateConflict):
        services.geo_request_file(
            actor=customer_a, sub_account=sub_account_a, country="CA", justification=JUSTIFICATION
        )


def test_m1_3_kyc_in_another_sub_account_does_not_count(customer_a, kyc_sub):
    other = SubAccountFactory(account=customer_a.account)
    with pytest.raises(StateConflict):
        services.geo_request_file(actor=customer_a, sub_account=other, country="CA", justification=JUSTIFICATION)


def test_m1_3_low_risk_with_kyc_granted_at_once_by_the_system(customer_a, kyc_sub):
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=kyc_sub, country="CA", justification=JUSTIFICATION
    )
    assert georequest.status == "granted" and georequest.decided_by is None and georequest.decided_at is not None
    assert tuple(perm(kyc_sub, "CA"))[:1] == (True,) and perm(kyc_sub, "CA").overridden
    event = AuditEvent.objects.get(subject_type="geo_request", subject_id=str(georequest.pk), action="grant")
    assert event.actor is None and event.actor_label == "system"
    assert not WorkItem.objects.filter(subject_id=georequest.pk, kind="geo_request").exists()


def test_m1_3_medium_risk_becomes_a_pending_work_item(customer_a, kyc_sub):
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=kyc_sub, country="MX", justification=JUSTIFICATION
    )
    assert georequest.status == "pending" and not georequest.needs_manager
    assert WorkItem.objects.get(subject_id=georequest.pk, kind="geo_request").closed_at is None
    assert not perm(kyc_sub, "MX").enabled


def test_m1_2_hard_disabled_request_waits_for_a_manager(customer_a, kyc_sub, analyst, manager):
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=kyc_sub, country="KP", justification=JUSTIFICATION
    )
    assert georequest.status == "pending" and georequest.needs_manager
    with pytest.raises(DomainError) as refused:
        services.geo_request_decide(actor=analyst, georequest=georequest, decision="grant")
    assert refused.value.code == "forbidden"
    georequest = services.geo_request_decide(
        actor=manager, georequest=georequest, decision="grant", reason="Sanctions licence on file"
    )
    assert georequest.status == "granted" and georequest.decided_by == manager
    assert perm(kyc_sub, "KP").enabled


def test_m1_3_analyst_grants_medium_and_the_work_item_closes(customer_a, kyc_sub, analyst):
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=kyc_sub, country="MX", justification=JUSTIFICATION
    )
    services.geo_request_decide(actor=analyst, georequest=georequest, decision="grant")
    assert perm(kyc_sub, "MX").enabled and perm(kyc_sub, "MX").overridden
    assert WorkItem.objects.get(subject_id=georequest.pk, kind="geo_request").closed_at is not None


def test_refusal_needs_a_reason_and_is_final(customer_a, kyc_sub, analyst, manager):
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=kyc_sub, country="MX", justification=JUSTIFICATION
    )
    with pytest.raises(DomainError) as refused:
        services.geo_request_decide(actor=analyst, georequest=georequest, decision="refuse", reason=" ")
    assert "reason" in refused.value.errors
    services.geo_request_decide(
        actor=analyst, georequest=georequest, decision="refuse", reason="No business in Mexico shown"
    )
    with pytest.raises(StateConflict) as again:
        services.geo_request_decide(actor=manager, georequest=georequest, decision="grant")
    assert again.value.code == "decided"
    assert not perm(kyc_sub, "MX").enabled


def test_customer_cannot_decide(customer_a, kyc_sub):
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=kyc_sub, country="MX", justification=JUSTIFICATION
    )
    with pytest.raises(DomainError) as refused:
        services.geo_request_decide(actor=customer_a, georequest=georequest, decision="grant")
    assert refused.value.code == "forbidden"


def test_request_refusals_name_the_field(customer_a, kyc_sub):
    with pytest.raises(DomainError) as short:
        services.geo_request_file(actor=customer_a, sub_account=kyc_sub, country="MX", justification="pls")
    assert short.value.errors["justification"][0].endswith("(you wrote 3).")
    with pytest.raises(DomainError) as unknown:
        services.geo_request_file(actor=customer_a, sub_account=kyc_sub, country="ZZ", justification=JUSTIFICATION)
    assert "country" in unknown.value.errors


def test_request_for_enabled_country_or_twice_refused(customer_a, kyc_sub):
    with pytest.raises(StateConflict, match="already enabled"):
        services.geo_request_file(actor=customer_a, sub_account=kyc_sub, country="US", justification=JUSTIFICATION)
    services.geo_request_file(actor=customer_a, sub_account=kyc_sub, country="MX", justification=JUSTIFICATION)
    with pytest.raises(StateConflict, match="already waiting"):
        services.geo_request_file(actor=customer_a, sub_account=kyc_sub, country="MX", justification=JUSTIFICATION)


def test_customer_cannot_request_for_another_accounts_sub_account(customer_a, sub_account_b):
    with pytest.raises(DomainError) as refused:
        services.geo_request_file(
            actor=customer_a, sub_account=sub_account_b, country="CA", justification=JUSTIFICATION
        )
    assert refused.value.code == "forbidden"
