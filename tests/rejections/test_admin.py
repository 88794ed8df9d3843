"""RC1: managers edit the catalogue in the admin; analysts only look."""

import pytest
from django.urls import reverse

from rejections.models import RejectionCode

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:rejections_rejectioncode_changelist")
CHANGE = reverse("admin:rejections_rejectioncode_change", args=["3003A"])


def form_data(**overrides):
    row = RejectionCode.objects.get(code="3003A")
    data = {"reason": row.reason, "remediation": row.remediation, "family": row.family, "remediable": "on"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_RC1_manager_opens_changelist_with_search_and_filters(client_for, manager):
    client = client_for(manager)
    assert client.get(CHANGELIST).status_code == 200
    response = client.get(CHANGELIST, {"q": "3003"})
    assert [row.code for row in response.context["cl"].result_list] == ["3003A", "3003B"]
    response = client.get(CHANGELIST, {"q": "cannabis"})  # reason or remediation text
    assert [row.code for row in response.context["cl"].result_list] == ["701", "7011"]
    response = client.get(CHANGELIST, {"family__exact": "special_use_cases", "remediable__exact": "1"})
    assert [row.code for row in response.context["cl"].result_list] == ["9001", "9002"]


def test_RC1_manager_edits_texts_but_not_the_code(client_for, manager):
    client = client_for(manager)
    response = client.get(CHANGE)
    assert response.status_code == 200
    assert "code" not in response.context["adminform"].form.fields
    response = client.post(CHANGE, form_data(reason="New reason text", remediable=None, code="XXXX"))
    assert response.status_code == 302
    row = RejectionCode.objects.get(code="3003A")
    assert row.reason == "New reason text" and row.remediable is False
    assert not RejectionCode.objects.filter(code="XXXX").exists()


def test_RC1_analyst_can_look_but_not_change(client_for, analyst):
    client = client_for(analyst)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(CHANGE).status_code == 200  # read-only view
    assert client.post(CHANGE, form_data(reason="Analyst edit")).status_code == 403
    assert RejectionCode.objects.get(code="3003A").reason != "Analyst edit"


def test_RC1_customer_cannot_open_the_admin(client_for, customer_a):
    response = client_for(customer_a).get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
