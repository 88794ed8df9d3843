"""M5.1–M5.2: the opt-out list — manual adds, CSV import (all or nothing), export, scope, never deleted, tenancy."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from core.errors import DomainError
from optouts import services
from optouts.models import OptOut, OptOutRefused
from tests.accounts.factories import SubAccountFactory

pytestmark = pytest.mark.django_db


def csv_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("optouts.csv", text.encode(), content_type="text/csv")


def test_M5_2_manual_add_normalises_and_refuses_a_duplicate(customer_a, sub_account_a):
    row = services.optout_add(actor=customer_a, sub_account=sub_account_a, number="(202) 555-0188")
    assert (row.number, row.source, row.scope, row.account_id) == (
        "+12025550188",
        "manual",
        "sub_account",
        customer_a.account_id,
    )
    with pytest.raises(DomainError) as again:
        services.optout_add(actor=customer_a, sub_account=sub_account_a, number="+1 202 555 0188")
    assert again.value.code == "M5.1" and again.value.conflict
    with pytest.raises(DomainError) as bad:
        services.optout_add(actor=customer_a, sub_account=sub_account_a, number="555-01")
    assert bad.value.field == "number"
    assert AuditEvent.objects.filter(action="opt_out_added").count() == 1


def test_M5_2_import_is_all_or_nothing_with_line_numbers(customer_a, sub_account_a):
    text = "number,name\n+12025550101,Ann\n2025550102,Bob\nnot-a-number,Cy\n+12025550104,Di\n12,Ed\n"
    with pytest.raises(DomainError) as refused:
        services.optout_import(actor=customer_a, sub_account=sub_account_a, file=csv_file(text))
    messages = refused.value.errors["file"]
    assert messages[0].startswith("Line 4:") and "not-a-number" in messages[0]
    assert messages[1].startswith("Line 6:")
    assert "2 rows" in refused.value.message and "nothing was imported" in refused.value.message
    assert not OptOut.objects.exists()


def test_M5_2_import_adds_new_numbers_and_counts_the_known_ones(customer_a, sub_account_a):
    services.optout_add(actor=customer_a, sub_account=sub_account_a, number="+12025550101")
    result = services.optout_import(
        actor=customer_a,
        sub_account=sub_account_a,
        file=csv_file("+12025550101\n2025550102\n2025550102\n+12025550103\n"),
    )
    assert (result.added, result.already, result.rows) == (2, 1, 4)
    assert OptOut.objects.filter(source="import").count() == 2


def test_M5_2_another_accounts_sub_account_is_not_found(customer_a, sub_account_b):
    with pytest.raises(DomainError) as refused:
        services.optout_add(actor=customer_a, sub_account=sub_account_b, number="+12025550101")
    assert refused.value.code == "not_found"
    with pytest.raises(DomainError):
        services.optout_import(actor=customer_a, sub_account=sub_account_b, file=csv_file("+12025550101\n"))
    assert not OptOut.objects.exists()


def test_M5_2_never_deleted_orm_admin_api_pages(customer_a, sub_account_a, manager, api_for, client_for, rf):
    row = services.optout_add(actor=customer_a, sub_account=sub_account_a, number="+12025550101")
    with pytest.raises(OptOutRefused):
        row.delete()
    with pytest.raises(OptOutRefused):
        OptOut.objects.all().delete()
    model_admin = admin.site._registry[OptOut]
    request = rf.get("/admin/")
    request.user = manager
    assert not model_admin.has_delete_permission(request, row)
    assert not model_admin.get_actions(request)
    api = api_for(customer_a)
    for method in ("delete", "put", "patch"):
        assert getattr(api, method)(f"/api/v1/opt-outs/{row.pk}/").status_code in (404, 405)
        assert getattr(api, method)("/api/v1/opt-outs/").status_code == 405
    page = client_for(customer_a).get("/opt-outs/")
    assert b"Delete" not in page.content and b"delete" not in page.content.lower().replace(b"deleted", b"")
    assert OptOut.objects.filter(pk=row.pk, active=True).exists()


def test_M5_1_scope_setting_is_the_customers_and_audited(customer_a, account_a, analyst, sub_account_a):
    services.optout_set_scope(actor=customer_a, account=account_a, account_wide=True)
    assert services.optout_account_wide(account_id=account_a.pk)
    assert AuditEvent.objects.filter(action="opt_out_scope_changed").exists()
    row = services.optout_add(actor=customer_a, sub_account=sub_account_a, number="+12025550101")
    assert row.scope == "account"
    with pytest.raises(DomainError) as refused:
        services.optout_set_scope(actor=analyst, account=account_a, account_wide=False)
    assert refused.value.code == "forbidden"


def test_M5_2_api_list_search_export_and_create(api_for, customer_a, customer_b, sub_account_a, sub_account_b):
    services.optout_add(actor=customer_a, sub_account=sub_account_a, number="+12025550101")
    services.optout_add(actor=customer_a, sub_account=sub_account_a, number="+12025550102")
    services.optout_add(actor=customer_b, sub_account=sub_account_b, number="+12025550199")
    api = api_for(customer_a)
    body = api.get("/api/v1/opt-outs/").json()
    assert {r["number"] for r in body["results"]} == {"+12025550101", "+12025550102"}
    assert set(body["results"][0]) >= {"number", "scope", "sub_account", "source", "at"}
    assert [r["number"] for r in api.get("/api/v1/opt-outs/?q=0102").json()["results"]] == ["+12025550102"]
    export = api.get("/api/v1/opt-outs/?format=csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:2] == ["number", "scope"] and sorted(r[0] for r in rows[1:]) == ["+12025550101", "+12025550102"]
    created = api.post("/api/v1/opt-outs/", {"number": "2025550103", "sub_account": sub_account_a.pk}, format="json")
    assert created.status_code == 201 and created.json()["number"] == "+12025550103"
    assert api.post("/api/v1/opt-outs/", {"number": "2025550103", "sub_account": sub_account_a.pk}).status_code == 409
    assert api.post("/api/v1/opt-outs/", {"number": "x", "sub_account": sub_account_a.pk}).json()["code"] == "invalid"
    # Another account's sub-account: 404, nothing revealed.
    other = api.post("/api/v1/opt-outs/", {"number": "2025550104", "sub_account": sub_account_b.pk})
    assert other.status_code == 404 or other.json()["code"] == "not_found"
    imported = api.post(
        "/api/v1/opt-outs/",
        {"file": csv_file("2025550105\n2025550106\n"), "sub_account": sub_account_a.pk},
        format="multipart",
    )
    assert imported.status_code == 201 and imported.json()["added"] == 2


def test_M5_2_pages_list_add_import_export_and_tenancy(
    client_for, customer_a, customer_b, sub_account_a, sub_account_b
):
    services.optout_add(actor=customer_b, sub_account=sub_account_b, number="+12025550199")
    client = client_for(customer_a)
    response = client.post("/opt-outs/add/", {"sub_account": sub_account_a.pk, "number": "2025550101", "scope": ""})
    assert response.status_code == 302
    response = client.post(
        "/opt-outs/import/",
        {"sub_account": sub_account_a.pk, "scope": "", "file": csv_file("2025550102\nbad\n")},
        follow=True,
    )
    assert "Line 2" in response.content.decode()
    page = client.get("/opt-outs/")
    assert b"+12025550101" in page.content and b"+12025550199" not in page.content
    export = client.get("/opt-outs/export/")
    content = b"".join(export.streaming_content).decode()
    assert "+12025550101" in content and "+12025550199" not in content
    # Another account's sub-account id in the form is refused, nothing added.
    client.post("/opt-outs/add/", {"sub_account": sub_account_b.pk, "number": "2025550105"})
    assert not OptOut.objects.filter(number="+12025550105").exists()
    assert client.get(f"/opt-outs/?sub_account={sub_account_b.pk}").content.count(b"+1202555") == 0


def test_M5_2_list_pages_by_keyset_with_bounded_queries(
    client_for, customer_a, sub_account_a, django_assert_max_num_queries
):
    other = SubAccountFactory(account=sub_account_a.account)
    OptOut.objects.bulk_create(
        OptOut(
            sub_account=s, account_id=s.account_id, number=f"+1202555{i:04d}", source="manual", at="2027-01-01T00:00Z"
        )
        for i, s in enumerate([sub_account_a, other] * 40)
    )
    client = client_for(customer_a)
    client.get("/opt-outs/")
    with django_assert_max_num_queries(12):
        page = client.get("/opt-outs/")
    assert page.content.count(b"+1202555") == 50
    assert b"next-page" in page.content


def test_M5_1_scope_switch_on_the_page_is_the_customers(client_for, customer_a, account_a, analyst):
    client = client_for(customer_a)
    assert b"Apply opt-outs to the whole account" in client.get("/opt-outs/").content
    assert client.post("/opt-outs/scope/", {"account_wide": "1"}).status_code == 302
    assert services.optout_account_wide(account_id=account_a.pk)
    assert b"Apply opt-outs per sub-account" in client.get("/opt-outs/").content
    staff = client_for(analyst)
    assert b"optout-scope" not in staff.get("/opt-outs/").content
    assert staff.post("/opt-outs/scope/", {"account_wide": "0"}).status_code == 403
    assert services.optout_account_wide(account_id=account_a.pk)
