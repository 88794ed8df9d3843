"""Appeals API: contract, streaming upload limits, safe downloads and tenancy (every endpoint → 404)."""

import threading

import pytest
from django.db import connection

from appeals import services
from appeals.models import Appeal, Evidence
from appeals.uploads import MIB
from tests.appeals import samples
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
    assert set(body) == {"file", "code", "reason", "limit"}
    assert (body["code"], body["reason"], body["limit"]) == ("A8", "size", 10_485_760)
    assert "big.txt is too large: 1 byte over the 10 MB limit per file" in body["file"][0]
    assert Evidence.objects.filter(appeal=appeal).count() == 1


def test_a8_total_budget_enforced_while_streaming(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    for i in range(3):
        services.evidence_add(actor=customer_a, appeal=appeal, upload=upload(f"p{i}.txt", padded(".txt", 10 * MIB)))
    refused = _post_file(api_for(customer_a), appeal, "one-more.txt", b"hello")
    assert refused.status_code == 400
    assert "1 byte" not in refused.json()["file"][0] and "over the 30 MB total" in refused.json()["file"][0]
    assert (refused.json()["reason"], refused.json()["limit"]) == ("total", 30 * MIB)


def test_a8_eleventh_file_refused_while_streaming(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=10)
    refused = _post_file(api_for(customer_a), appeal, "eleven.pdf", sample_bytes(".pdf"))
    assert refused.status_code == 400
    assert (refused.json()["reason"], refused.json()["limit"]) == ("count", 10)
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
    assert refused.json()["reason"] == expected and refused.json()["code"] == "A8"
    assert set(refused.json()) == {"file", "code", "reason", "limit"} and refused.json()["limit"] is None
    assert not Evidence.objects.exists()


def _multipart(*parts: tuple[str, str, bytes], boundary: str = "h5-boundary-7d3f") -> tuple[bytes, str]:
    """A multipart body written byte by byte: the test client would reduce a file name to its basename itself."""
    body = b""
    for field, filename, content in parts:
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _post_raw(api, appeal, *parts):
    body, content_type = _multipart(*parts)
    return api.generic("POST", f"/api/v1/appeals/{appeal.pk}/evidence/", body, content_type)


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("parent path", "../../etc/passwd.txt: the file name points outside its folder ('..')"),
        ("nul", "invoice.php\\u0000.pdf: the file name contains a NUL character"),
        ("bidi override", "invoice\\u202efdp.pdf: the file name contains Unicode direction controls (U+202E"),
        ("tab", "scan\\u00091.pdf: the file name contains control characters (U+0009)"),
        ("windows path", "C:\\Users\\me\\scan.pdf: the file name contains a folder path"),
        ("division slash", "..\u2215..\u2215scan.pdf: the file name contains U+2215 DIVISION SLASH"),
        ("fullwidth slash", "a\uff0fb.pdf: the file name contains U+FF0F FULLWIDTH SOLIDUS"),
        ("html reference", "x&#47;..&#47;y.pdf: the file name contains HTML character references"),
        ("zero width space", "in\\u200bvoice.pdf: the file name contains invisible or non-printable characters"),
        ("dot dot", "..: the file name '..' means the parent folder"),
    ],
)
def test_a8_names_django_would_rewrite_are_refused_not_repaired(api_for, customer_a, brand, kind, says):
    # Django's parser turns "../../etc/passwd.txt" into "passwd.txt", drops NUL, TAB and bidi controls and skips
    # ".." entirely; the README promises such names are refused with a message, so they must reach A8 intact.
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    raw_name = samples.HOSTILE_NAMES[kind]
    response = _post_raw(api_for(customer_a), appeal, ("file", raw_name, sample_bytes(".pdf")))
    assert response.status_code == 400, response.content
    body = response.json()
    assert (body["code"], body["reason"], body["limit"]) == ("A8", "name", None)
    assert body["file"][0].startswith(says), body["file"][0]
    assert not Evidence.objects.exists()


def test_a8_plain_name_through_the_raw_parser_is_accepted(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    response = _post_raw(api_for(customer_a), appeal, ("file", "Q&A letter 2024.pdf", sample_bytes(".pdf")))
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Q&A letter 2024.pdf"


def test_a8_two_file_parts_in_one_api_request_refused_whole(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    response = _post_raw(
        api_for(customer_a),
        appeal,
        ("file", "one.pdf", sample_bytes(".pdf")),
        ("file", "two.pdf", sample_bytes(".pdf")),
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["reason"], body["limit"]) == ("A8", "parts", 1)
    assert body["file"] == [
        "Send one file per request, in the multipart field “file”: this request carried more than 1, so none of "
        "them was added."
    ]
    assert not Evidence.objects.exists(), "not half-kept"


def test_a8_eleven_files_in_one_api_request_get_the_a8_message(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    parts = [("file", f"p{i}.txt", b"page") for i in range(11)]
    response = _post_raw(api_for(customer_a), appeal, *parts)
    assert response.status_code == 400, response.content
    body = response.json()
    assert (body["code"], body["reason"], body["limit"]) == ("A8", "count", 10)
    assert body["file"][0].startswith("This upload has more than 10 files and an appeal holds at most 10")
    assert not Evidence.objects.exists()


def test_a8_missing_file_and_content_refusals_share_the_one_shape(api_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    api = api_for(customer_a)
    missing = api.post(f"/api/v1/appeals/{appeal.pk}/evidence/", {"note": "no file"}, format="multipart")
    assert missing.status_code == 400
    assert missing.json() == {
        "file": ["Send one file in the multipart field “file”."],
        "code": "A8",
        "reason": "required",
        "limit": None,
    }
    polyglot = _post_file(api, appeal, "photo.jpg", samples.jpeg_zip_polyglot())
    assert polyglot.status_code == 400
    assert set(polyglot.json()) == {"file", "code", "reason", "limit"}
    assert polyglot.json()["reason"] == "content" and "with a ZIP archive inside" in polyglot.json()["file"][0]


def test_a8_file_is_inspected_before_the_appeal_row_is_locked(customer_a, brand, monkeypatch):
    # Issue 13: a 10 MB inspection must not hold the appeal's row lock (other uploads and edits would queue on it).
    from django.test.utils import CaptureQueriesContext

    from appeals import uploads

    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    real_inspect, seen = uploads.inspect_upload, []
    with CaptureQueriesContext(connection) as queries:

        def spy(*args, **kwargs):
            seen.append(any("FOR UPDATE" in q["sql"] for q in queries.captured_queries))
            return real_inspect(*args, **kwargs)

        monkeypatch.setattr(uploads, "inspect_upload", spy)
        services.evidence_add(actor=customer_a, appeal=appeal, upload=upload("letter.pdf"))
    assert seen == [False], "the row was locked before the file was inspected"
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries), "the count/total check still locks"


class _UnreadableBody:
    """A wsgi.input that fails the test if anyone reads it, and says how much was asked for."""

    def __init__(self) -> None:
        self.asked = 0

    def read(self, size=-1):
        self.asked += 1
        raise AssertionError("the body of an oversized upload was read")

    readline = read


def test_a8_request_over_31_mb_refused_before_its_body_is_read(api_for, customer_a, brand):
    # README (A8): "refuses a request larger than 31 MB unread". The Content-Length alone decides.
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    body = _UnreadableBody()
    response = api_for(customer_a).generic(
        "POST",
        f"/api/v1/appeals/{appeal.pk}/evidence/",
        content_type="multipart/form-data; boundary=h5-boundary-7d3f",
        CONTENT_LENGTH=str(40 * MIB),
        **{"wsgi.input": body},
    )
    assert body.asked == 0
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "The upload is 41,943,040 bytes: 9 MB over the 31 MB an upload request may carry (30 MB per appeal, "
            "10 MB per file, 1 MB = 1,048,576 bytes)."
        ],
        "code": "A8",
        "reason": "request",
        "limit": 31 * MIB,
    }
    assert not Evidence.objects.exists()


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
