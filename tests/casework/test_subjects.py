"""Issue 13 item 3, the work-subject contract (``core.subjects``): the queues read a subject only through it, so
a kind of work without a brand is its model implementing the contract, one registry row and one SLA row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account, SubAccount
from casework import registry
from casework.choices import Priority
from casework.models import SlaPolicy, WorkItem
from casework.registry import QueueKind
from casework.services import workitem_sync
from core.subjects import WorkSubject, search_text, work_status
from tests.brands.factories import make_brand
from tests.casework.factories import open_item, submitted_appeal, submitted_campaign, verified_brand, vet_in_review

pytestmark = pytest.mark.django_db

WORK = "/api/v1/work-items/"


class SuspensionReview:
    """The contract, written for this test only: a suspended sub-account waits for a staff review. It has no
    brand and no django-fsm field, so its state is a property and the test calls ``workitem_sync`` itself."""

    work_state_field = "review_state"
    work_states = [("active", "Active"), ("suspended", "Suspended, awaiting review")]
    work_open_states = frozenset({"suspended"})
    work_paused_states = frozenset()
    work_urgent = False

    @property
    def review_state(self) -> str:
        return "suspended" if self.suspended_at else "active"

    @property
    def work_label(self) -> str:
        return f"Suspended sub-account {self.name}"

    @property
    def work_reference(self) -> str:
        return f"S-{self.pk}"

    @property
    def work_search_text(self) -> str:
        return search_text(self.name, self.work_reference, self.pk)

    def get_absolute_url(self) -> str:
        return reverse("sub-account-detail", args=[self.pk])


@pytest.fixture
def sub_account_kind(monkeypatch):
    """SubAccount as a queue kind: the contract on the model, then one registry row and one SLA row."""
    for name, value in vars(SuspensionReview).items():
        if not name.startswith("__"):
            monkeypatch.setattr(SubAccount, name, value, raising=False)
    monkeypatch.setitem(registry.KINDS, "sub_account", QueueKind("sub_account", SubAccount, "Suspended sub-accounts"))
    SlaPolicy.objects.create(kind="sub_account", hours=6, default_priority=Priority.HIGH)
    return "sub_account"


@pytest.fixture
def suspended(sub_account_kind, account_a):
    sub = SubAccount.objects.create(account=account_a, name="Harbor Florist")
    sub.suspended_at = timezone.now()
    sub.save()
    return sub


def test_Q1_a_kind_without_brand_opens_and_closes_its_item_through_the_normal_service(suspended, account_a):
    item = workitem_sync(subject=suspended)

    assert (item.kind, item.subject_id, item.state) == ("sub_account", suspended.pk, "suspended")
    assert item.account == account_a
    assert item.subject_label == "Suspended sub-account Harbor Florist"
    # Q2: its own SLA row decides the due time and the default priority.
    assert item.sla_due - item.opened_at == timedelta(hours=6)
    assert item.priority == Priority.HIGH
    assert work_status(suspended) == "open"

    suspended.suspended_at = None
    suspended.save()
    closed = workitem_sync(subject=suspended)
    assert (closed.pk, closed.resolution) == (item.pk, "active")
    assert closed.closed_at is not None
    assert work_status(suspended) == "closed"


def test_Q1_a_kind_without_brand_is_on_the_queue_page_with_its_filters_and_search(suspended, analyst, client_for):
    workitem_sync(subject=suspended)
    client = client_for(analyst)

    page = client.get(reverse("queue-view", args=["sub_account"])).content.decode()
    assert "Suspended sub-accounts" in page
    assert "Suspended sub-account Harbor Florist" in page
    assert reverse("sub-account-detail", args=[suspended.pk]) in page

    for query in ({"q": f"S-{suspended.pk}"}, {"q": "harbor"}, {"state": "Suspended, awaiting review"}):
        response = client.get(reverse("queue"), query)
        assert response.status_code == 200, query
        assert "Suspended sub-account Harbor Florist" in response.content.decode(), query
    assert "Harbor Florist" not in client.get(reverse("queue"), {"q": "no such florist"}).content.decode()


def test_Q1_a_kind_without_brand_is_in_the_api_claimable_and_audited_under_its_type(
    suspended, analyst, api_for, customer_b
):
    item = workitem_sync(subject=suspended)
    api = api_for(analyst)

    listed = api.get(WORK, {"kind": "sub_account", "q": "harbor florist"}).json()["results"]
    assert [(row["subject"], row["subject_label"]) for row in listed] == [
        (f"sub_account:{suspended.pk}", "Suspended sub-account Harbor Florist")
    ]
    assert api.get(WORK, {"state": "suspended"}).json()["results"][0]["id"] == item.pk
    assert api.post(f"{WORK}{item.pk}/claim/").status_code == 200
    events = api.get("/api/v1/audit-events/", {"subject": f"sub_account:{suspended.pk}"}).json()["results"]
    assert [event["action"] for event in events] == ["claimed"]
    # The tenancy gate holds for the new kind too: another account's customer cannot reach its trail.
    trail = api_for(customer_b).get("/api/v1/audit-events/", {"subject": f"sub_account:{suspended.pk}"})
    assert trail.status_code == 404


def test_Q1_a_registry_row_refuses_a_model_without_the_contract_or_with_another_kind_name(sub_account_kind):
    with pytest.raises(ImproperlyConfigured, match=r"Account is not a work subject.*work_label"):
        QueueKind("account", Account, "Accounts")
    with pytest.raises(ImproperlyConfigured, match="audit_subject_type"):
        QueueKind("subacct", SubAccount, "Sub-accounts")


def test_Q1_brand_campaign_vet_and_appeal_implement_the_contract(customer_a, sub_account_a, analyst):
    brand = verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst, display_name="Acme")
    subjects = [
        make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted"),
        submitted_campaign(customer=customer_a, brand=brand),
        vet_in_review(customer=customer_a, analyst=analyst, brand=brand),
        submitted_appeal(customer=customer_a, analyst=analyst, brand=brand),
    ]
    for subject in subjects:
        assert isinstance(subject, WorkSubject)
        assert work_status(subject) == "open"
        item = open_item(subject)
        assert item.subject_label == subject.work_label
        assert item.search == subject.work_search_text
        assert subject.work_reference.lower() in item.search
        assert item.account_id == subject.audit_account_id == customer_a.account_id
        assert registry.KINDS[item.kind].url(item.subject_id) == subject.get_absolute_url()
    assert (
        not WorkItem.objects.filter(closed_at__isnull=True)
        .exclude(kind__in=[s.audit_subject_type for s in subjects])
        .exists()
    )
