"""Appeals API: contract, streaming upload limits, safe downloads and tenancy (every endpoint → 404)."""

import threading

import pytest
from django.db import connection

from appeals import services
from appeals.models import Appeal, Evidence
from appeals.uploads import MIB
from tests.appeals.factories import draft_appeal, failed_vet, registry_answered, upload
from tests.appeals.samples import exe_bytes, padded, sample_bytes
from tests.brands.factories import make_brand

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    return registry_answered(brand, analyst=analyst)


def _post_file(api, appeal, name, content):
    return api.post(f"/api/v1/appeals/{appeal.pk}/evidence/", {"file": upload(name, content)}, format="multipart")


def test_a1_identity_appeal_full_flow(api_for, customer_a, analyst, brand):
    api = api_for(customer_a)
    eligibility = api.get(f"/api/v1/appeal-eligibility/?brand={brand.pk}").json()
    assert eligibility["eligible"] is True and eligibility["categories"] == ["VERIFY_TAX_ID"]
    assert eligibility["deadline"]
    created = api.post(
        f"/api/v1/brands/{brand.pk}/appeals/",
        {"categories": ["VERIFY_TAX_ID"], "explanation": "EIN letter"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    appeal = created.json()
    assert (appeal["appeal_type"], appeal["status"], appeal["vet"]) == ("identity_status", "draft", None)
    uploaded = _post_file(api, Appeal(pk=appeal["id"]), "EIN letter.pdf", sample_bytes(".pdf"))
    assert uploaded.status_code == 201, uploaded.json()
    body = uploaded.json()
    assert set(body) >= {"id", "name", "size", "content_type", "sha256"}
    assert body["name"] == "EIN letter.pdf" and body["content_type"] == "application/pdf"
    patched = api.patch(f"/api/v1/appeals/{appeal['id']}/", {"explanation": "EIN letter attached"}, format="json")
    assert patched.status_code == 200 and patched.json()["explanation"] == "EIN letter attached"
    submitted = api.post(f"/api/v1/appeals/{appeal['id']}/submit/", {}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert api.patch(f"/api/v1/brands/{brand.pk}/", {"display_name": "X"}, format="json").status_code == 409
    assert api.patch(f"/api/v1/appeals/{appeal['id']}/", {"explanation": "late"}, format="json").status_code == 409
    late = _post_file(api, Appeal(pk=appeal["id"]), "late.pdf", sample_bytes(".pdf"))
    assert late.status_code == 409 and late.json()["code"] == "A7"
    assert (
        api.post(f"/api/v1/appeals/{appeal['id']}/decide/", {"decision": "approve", "reason": "x"}).status_code == 403
    )
    decided = api_for(analyst).post(
        f"/api/v1/appeals/{appeal['id']}/decide/", {"decision": "approve", "reason": "Matches IRS"}, format="json"
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved" and decided.json()["decided_at"]
    assert api.get(f"/api/v1/brands/{brand.pk}/").json()["identity_status"] == "VERIFIED"


def test_a6_vet_appeal_via_api(api_for, customer_a, analyst, brand):
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    api = api_for(customer_a)
    assert api.get(f"/api/v1/appeal-eligibility/?vet={vet.pk}").json()["categories"] == ["VERIFY_TAX_ID", "LOW_SCORE"]
    created = api.post(f"/api/v1/vets/{vet.pk}/appeals/", {"categories": ["LOW_SCORE"]}, format="json")
    assert created.status_code == 201 and created.json()["appeal_type"] == "standard_vet"
    again = api.post(f"/api/v1/vets/{vet.pk}/appeals/", {"categories": ["LOW_SCORE"]}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "A6"
    assert [a["id"] for a in api.get(f"/api/v1/vets/{vet.pk}/appeals/").json()["results"]] == [created.json()["id"]]


def test_a2_refusal_lists_every_reason(api_for, customer_a, brand):
    from brands.models import Brand

    Brand.objects.filter(pk=brand.pk).update(identity_status="VETTED_VERIFIED", core_fields_changed=True)
    body = api_for(customer_a).get(f"/api/v1/appeal-eligibility/?brand={brand.pk}").json()
    assert body["eligible"] is False
    assert [r["code"] for r in body["reasons"]] == ["A2", "A3"]
    refused = api_for(customer_a).post(f"/api/v1/brands/{brand.pk}/appeals/", {"categories": ["VERIFY_TAX_ID"]})
    assert refused.status_code == 400 and refused.json()["code"] == "A2"


# --- A8 through the streaming handler ----------------------------------------------------------------------------


def test_a8_file_of_exactly_10_mb_accepted_one_byte_more_refused(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    api = api_for(customer_a)
    assert _post_file(api, appeal, "exact.txt", padded(".txt", 10 * MIB)).status_code == 201
    refused = _post_file(api, appeal, "big.txt", padded(".txt", 10 * MIB + 1))
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "A8" and body["limit"] == "size" and body["file"]
    assert "big.txt is too large: 1 byte over the 10 MB limit per file" in body["file"][0]
    assert Evidence.objects.filter(appeal=appeal).count() == 1


def test_a8_total_budget_enforced_while_streaming(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    for i in range(3):
        services.evidence_add(actor=customer_a, appeal=appeal, upload=upload(f"p{i}.txt", padded(".txt", 10 * MIB)))
    refused = _post_file(api_for(customer_a), appeal, "one-more.txt", b"hello")
    assert refused.status_code == 400
    assert "1 byte" not in refused.json()["file"][0] and "over the 30 MB total" in refused.json()["file"][0]
    assert refused.json()["limit"] == "total"


def test_a8_eleventh_file_refused_while_streaming(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=10)
    refused = _post_file(api_for(customer_a), appeal, "eleven.pdf", sample_bytes(".pdf"))
    assert refused.status_code == 400 and refused.json()["limit"] == "count"
    assert "already has 10 files" in refused.json()["file"][0]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("invoice.pdf.exe", b"MZ", "extension"),
        ("x.php%00.pdf", None, "name"),
        ("report.pdf", "exe", "content"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "extension"),
    ],
)
def test_a8_hostile_names_and_content_refused(api_for, customer_a, brand, name, content, expected):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    if content == "exe":
        content = exe_bytes()
    refused = _post_file(api_for(customer_a), appeal, name, content if content is not None else sample_bytes(".pdf"))
    assert refused.status_code == 400, refused.json()
    assert refused.json()["limit"] == expected and refused.json()["code"] == "A8"
    assert not Evidence.objects.exists()


def test_a8_bidi_trick_never_survives(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    response = _post_file(api_for(customer_a), appeal, "invoice\u202efdp.pdf", sample_bytes(".pdf"))
    # Refused by clean_filename, or the control was already dropped by the multipart parser: never stored as is.
    assert response.status_code in (201, 400)
    assert all("\u202e" not in e.name for e in Evidence.objects.all())


def test_a8_path_in_name_never_reaches_storage(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    created = _post_file(api_for(customer_a), appeal, "../../etc/passwd.txt", b"root")
    # Django's multipart parser keeps only the last path component; the storage name is ours anyway.
    assert created.status_code == 201 and created.json()["name"] == "passwd.txt"
    stored = Evidence.objects.get().file.name
    assert stored.startswith(f"appeal-evidence/{appeal.pk}/") and ".." not in stored


def test_a8_download_is_a_hardened_attachment(api_for, customer_a, analyst, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    evidence = services.evidence_add(
        actor=customer_a, appeal=appeal, upload=upload("Résumé page.htm", b"<html><script>alert(1)</script></html>")
    )
    for user in (customer_a, analyst):
        response = api_for(user).get(f"/api/v1/appeals/{appeal.pk}/evidence/{evidence.pk}/")
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;") and "filename*=utf-8''R%C3%A9sum%C3%A9%20page.htm" in disposition
        assert response["Content-Type"] == "application/octet-stream"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")
        assert b"".join(response.streaming_content).startswith(b"<html>")


def test_a8_delete_evidence_while_draft(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=2)
    evidence = appeal.evidence.first()
    assert api_for(customer_a).delete(f"/api/v1/appeals/{appeal.pk}/evidence/{evidence.pk}/").status_code == 204
    assert appeal.evidence.count() == 1
    listed = api_for(customer_a).get(f"/api/v1/appeals/{appeal.pk}/evidence/").json()["results"]
    assert len(listed) == 1 and listed[0]["download_url"].endswith(f"/evidence/{listed[0]['id']}/")


# --- tenancy: another account's appeal or evidence is 404 everywhere --------------------------------------------


def test_tenancy_every_appeal_endpoint_is_404_for_another_account(api_for, customer_a, customer_b, analyst, brand):
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    appeal = draft_appeal(customer=customer_a, brand=brand)
    evidence = appeal.evidence.get()
    other = api_for(customer_b)
    base = f"/api/v1/appeals/{appeal.pk}"
    calls = [
        ("get", f"/api/v1/brands/{brand.pk}/appeals/", None),
        ("post", f"/api/v1/brands/{brand.pk}/appeals/", {"categories": ["VERIFY_TAX_ID"]}),
        ("get", f"/api/v1/vets/{vet.pk}/appeals/", None),
        ("post", f"/api/v1/vets/{vet.pk}/appeals/", {"categories": ["LOW_SCORE"]}),
        ("get", f"{base}/", None),
        ("patch", f"{base}/", {"explanation": "mine now"}),
        ("post", f"{base}/submit/", {}),
        ("get", f"{base}/evidence/", None),
        ("get", f"{base}/evidence/{evidence.pk}/", None),
        ("delete", f"{base}/evidence/{evidence.pk}/", None),
        ("get", f"/api/v1/appeal-eligibility/?brand={brand.pk}", None),
        ("get", f"/api/v1/appeal-eligibility/?vet={vet.pk}", None),
    ]
    for method, url, data in calls:
        response = getattr(other, method)(url, data, format="json") if data is not None else getattr(other, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    upload_response = _post_file(other, appeal, "x.pdf", sample_bytes(".pdf"))
    assert upload_response.status_code == 404
    assert other.get("/api/v1/appeals/").json()["results"] == []
    assert appeal.evidence.count() == 1 and Appeal.objects.get(pk=appeal.pk).status == "draft"


def test_staff_only_actions_refuse_customers(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    services.appeal_submit(actor=customer_a, appeal=appeal)
    api = api_for(customer_a)
    assert api.post(f"/api/v1/appeals/{appeal.pk}/start-review/").status_code == 403
    assert api.post(f"/api/v1/appeals/{appeal.pk}/decide/", {"decision": "reject", "reason": "x"}).status_code == 403


# --- concurrency ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a7_two_submits_at_once_exactly_one_wins(postgres_only, customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    appeal = draft_appeal(customer=customer_a, brand=registry_answered(brand, analyst=analyst))
    barrier = threading.Barrier(2, timeout=30)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.appeal_submit(actor=customer_a, appeal=appeal)
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert sorted(outcomes) == ["A7", "ok"]


@pytest.mark.django_db(transaction=True)
def test_a9_two_decisions_at_once_exactly_one_wins(postgres_only, customer_a, sub_account_a, analyst, manager):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    appeal = draft_appeal(customer=customer_a, brand=registry_answered(brand, analyst=analyst))
    services.appeal_submit(actor=customer_a, appeal=appeal)
    barrier = threading.Barrier(2, timeout=30)
    outcomes = []

    def decide(user, decision):
        try:
            barrier.wait()
            services.appeal_decide(actor=user, appeal=appeal, decision=decision, reason=f"{user.username} decides")
            outcomes.append(decision)
        except Exception as exc:
            outcomes.append(getattr(exc, "code", repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=a) for a in ((analyst, "approve"), (manager, "reject"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert len(outcomes) == 2 and "A9" in outcomes
    final = Appeal.objects.get(pk=appeal.pk)
    assert final.decision in outcomes
