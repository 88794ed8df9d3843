"""Who may work the queues (casework/policies.py), asked by the services, the API and the pages alike.

Staff-only: the queue, claim, release, next item; managers only: assign; internal notes: staff only.
"""

import pytest
from django.urls import reverse

from casework import services
from casework.models import Comment, WorkItem
from core.errors import DomainError
from tests.brands.factories import make_brand
from tests.casework.factories import bulk_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(account_a):
    return bulk_items(account=account_a, n=2)


def test_Q3_staff_only_queue_services_refuse_customers_and_assign_refuses_analysts(customer_a, analyst, items):
    item = items[0]
    for call in (
        lambda: services.workitem_claim(actor=customer_a, item=item),
        lambda: services.workitem_release(actor=customer_a, item=item),
        lambda: services.workitem_next(actor=customer_a),
        lambda: services.workitem_assign(actor=customer_a, items=[item], assignee=analyst),
        lambda: services.workitem_assign(actor=analyst, items=[item], assignee=analyst),
    ):
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden"
    assert not WorkItem.objects.filter(assignee__isnull=False).exists()


def test_Q3_queue_api_answers_403_to_customers_and_assign_403_to_analysts(api_for, customer_a, analyst, items):
    item = items[0]
    customer = api_for(customer_a)
    assert customer.get("/api/v1/work-items/").status_code == 403
    for action in ("claim", "release"):
        assert customer.post(f"/api/v1/work-items/{item.pk}/{action}/").status_code == 403, action
    assert customer.post("/api/v1/work-items/next/", {}, format="json").status_code == 403
    assigned = api_for(analyst).post(f"/api/v1/work-items/{item.pk}/assign/", {"assignee": analyst.pk}, format="json")
    assert assigned.status_code == 403 and "managers" in assigned.json()["detail"]
    assert not WorkItem.objects.filter(assignee__isnull=False).exists()


def test_Q3_queue_pages_answer_403_to_customers(client_for, customer_a, items):
    client = client_for(customer_a)
    item = items[0]
    assert client.get(reverse("queue")).status_code == 403
    assert client.post(reverse("work-claim", args=[item.pk])).status_code == 403
    assert client.post(reverse("work-release", args=[item.pk])).status_code == 403
    assert client.post(reverse("work-next")).status_code == 403
    assert client.post(reverse("work-assign"), {"items": [item.pk]}).status_code == 403
    assert not WorkItem.objects.filter(assignee__isnull=False).exists()


def test_Q4_internal_notes_are_staff_only_everywhere(api_for, client_for, customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    with pytest.raises(DomainError) as refused:
        services.comment_add(actor=customer_a, subject=brand, body="secret", internal=True)
    assert refused.value.code == "forbidden"
    response = api_for(customer_a).post(
        "/api/v1/comments/", {"subject": f"brand:{brand.pk}", "body": "secret", "internal": True}, format="json"
    )
    assert response.status_code == 403
    # The page form has no "internal" box for customers; a forged one is sent as a plain message.
    client_for(customer_a).post(reverse("comment-post", args=["brand", brand.pk]), {"body": "hello", "internal": "on"})
    assert list(Comment.objects.values_list("body", "internal")) == [("hello", False)]
