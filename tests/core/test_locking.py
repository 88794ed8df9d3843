"""Issue 13: one lock-check-save sequence for every service (core.locking).

The kernel is exercised on a brand (any model with a ``version`` works); the apps' own tests prove that their
refusal codes and messages stayed as they were."""

import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from brands.models import Brand
from core.errors import DomainError, StateConflict
from core.locking import lock_row, locked_for_change, refuse_stale, save_versioned
from core.policy import ALLOWED, deny
from tests.brands.factories import make_brand


@pytest.fixture
def brand(customer_a, sub_account_a):
    return make_brand(customer=customer_a, sub_account=sub_account_a)


def test_lock_row_selects_for_update_from_a_model_or_a_narrowed_queryset(brand, customer_b):
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = lock_row(Brand, brand.pk)
        narrowed = lock_row(Brand.objects.select_related("sub_account"), brand.pk, of=("self",))
    assert locked == narrowed == brand
    assert "FOR UPDATE" in queries[0]["sql"]
    assert 'FOR UPDATE OF "brands_brand"' in queries[1]["sql"]  # only this table's row, not the join's


def test_lock_row_answers_the_callers_refusal_for_a_missing_or_invisible_row(brand, customer_b):
    refusal = DomainError("not_found", "No such brand.")
    with transaction.atomic():
        with pytest.raises(DomainError) as exc:
            lock_row(Brand.objects.visible_to(customer_b), brand.pk, not_found=refusal)
        assert exc.value is refusal
        with pytest.raises(Brand.DoesNotExist):
            lock_row(Brand, brand.pk + 1000)


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_held_until_the_transaction_ends(postgres_only, customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    outcome = {}

    def other_request():
        try:
            with transaction.atomic():
                Brand.objects.select_for_update(nowait=True).get(pk=brand.pk)
            outcome["other"] = "locked it"
        except DatabaseError:
            outcome["other"] = "refused: row locked"
        finally:
            connections.close_all()

    with transaction.atomic():
        lock_row(Brand, brand.pk)
        thread = threading.Thread(target=other_request)
        thread.start()
        thread.join()
    assert outcome["other"] == "refused: row locked"


def test_a_stale_version_is_a_409_naming_the_object_and_both_versions(brand):
    refuse_stale(brand, None)  # the caller did not say which version it saw: nothing to compare
    refuse_stale(brand, str(brand.version))  # form input arrives as text
    with pytest.raises(StateConflict) as exc:
        refuse_stale(brand, brand.version - 1)
    assert exc.value.code == "stale" and exc.value.conflict
    assert exc.value.message == (
        f"{brand} changed since you loaded it (your version {brand.version - 1}, now {brand.version}); "
        "reload the page and decide again."
    )
    with pytest.raises(StateConflict) as exc:
        refuse_stale(brand, 99, label="Appeal #7", retry="reload the page and try again.")
    assert exc.value.message == (
        f"Appeal #7 changed since you loaded it (your version 99, now {brand.version}); reload the page and try again."
    )


def test_checks_run_in_order_precondition_then_stale_then_policy(brand):
    asked = []

    def precondition(obj):
        asked.append("precondition")
        return deny("Frozen.", code="B5")

    def policy(obj):
        asked.append("policy")
        return ALLOWED

    stale = brand.version - 1
    with transaction.atomic(), pytest.raises(StateConflict) as exc:
        locked_for_change(Brand, brand.pk, version=stale, precondition=precondition, policy=policy)
    assert (exc.value.code, exc.value.message, asked) == ("B5", "Frozen.", ["precondition"])

    with transaction.atomic(), pytest.raises(StateConflict) as exc:
        locked_for_change(Brand, brand.pk, version=stale, precondition=lambda obj: ALLOWED, policy=policy)
    assert exc.value.code == "stale" and asked == ["precondition"]  # the policy is not asked on a stale view


def test_the_policy_is_asked_on_the_locked_row_and_its_refusal_keeps_its_code(brand):
    seen = []

    def policy(obj):
        seen.append(obj.version)
        return deny("Customers only.")

    Brand.objects.filter(pk=brand.pk).update(version=brand.version + 5)  # changed since ``brand`` was read
    with transaction.atomic(), pytest.raises(DomainError) as exc:
        locked_for_change(Brand, brand.pk, policy=policy)
    assert (exc.value.code, exc.value.message, exc.value.conflict) == ("forbidden", "Customers only.", False)
    assert seen == [brand.version + 5]

    with transaction.atomic(), pytest.raises(StateConflict) as exc:
        locked_for_change(Brand, brand.pk, policy=lambda obj: deny(f"{obj} is under review.", code="B7"))
    assert (exc.value.code, exc.value.message) == ("B7", f"{brand} is under review.")

    with transaction.atomic():
        locked = locked_for_change(Brand, brand.pk, version=brand.version + 5, policy=lambda obj: ALLOWED)
    assert locked.version == brand.version + 5


def test_save_versioned_writes_the_named_fields_the_version_and_the_auto_now_stamp(brand):
    before = Brand.objects.get(pk=brand.pk)
    with transaction.atomic():
        locked = lock_row(Brand, brand.pk)
        locked.display_name = "Acme Smiles"
        locked.website = "https://not-saved.example.com"  # not named: stays as it was in the database
        save_versioned(locked, "display_name", "display_name")
    after = Brand.objects.get(pk=brand.pk)
    assert after.version == before.version + 1 == locked.version
    assert after.display_name == "Acme Smiles" and after.website == before.website
    assert after.updated_at > before.updated_at


def test_save_versioned_without_fields_writes_the_whole_row(brand):
    with transaction.atomic():
        locked = lock_row(Brand, brand.pk)
        locked.website = "https://acme-smiles.example.com"
        save_versioned(locked)
    after = Brand.objects.get(pk=brand.pk)
    assert (after.version, after.website) == (brand.version + 1, "https://acme-smiles.example.com")
