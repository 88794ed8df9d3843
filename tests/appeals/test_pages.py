"""Appeal pages: the customer's filing flow, the analyst's decision, previews, tenancy and roles."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from appeals import services
from appeals.models import Appeal, Evidence
from tests.appeals.factories import draft_appeal, multipage_pdf, registry_answered
from tests.appeals.samples import exe_bytes, sample_bytes
from tests.brands.factories import make_brand

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    return registry_answered(brand, analyst=analyst)


def test_brand_page_offers_the_appeal_with_its_deadline(client_for, customer_a, brand):
    page = client_for(customer_a).get(reverse("brand-detail", args=[brand.pk])).content.decode()
    assert "Identity-status appeal" in page and "Allowed until" in page
    assert f"{reverse('appeal-new')}?brand={brand.pk}" in page


def test_a2_appeal_not_offered_right_after_submission_and_the_page_says_why(
    client_for, customer_a, sub_account_a, analyst
):
    # given a brand just submitted, before any registry identity result
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    client = client_for(customer_a)
    page = client.get(reverse("brand-detail", args=[brand.pk])).content.decode()
    assert 'data-testid="appeal-identity"' not in page
    assert "An identity-status appeal is not possible now" in page
    assert "The registry has not returned an identity result for this brand yet" in page
    assert "(A2)" not in page and '<span class="code">A2</span>' not in page
    # staff see the same reason with its rule id, and are never offered the button
    staff_page = client_for(analyst).get(reverse("brand-detail", args=[brand.pk])).content.decode()
    assert '<span class="code">A2</span>' in staff_page and 'data-testid="appeal-identity"' not in staff_page
    # once the registry's result is recorded, the customer is offered the appeal
    registry_answered(brand, analyst=analyst)
    page = client_for(customer_a).get(reverse("brand-detail", args=[brand.pk])).content.decode()
    assert 'data-testid="appeal-identity"' in page


def test_a5_form_offers_only_valid_categories_and_files_a_draft(client_for, customer_a, brand):
    client = client_for(customer_a)
    url = f"{reverse('appeal-new')}?brand={brand.pk}"
    page = client.get(url).content.decode()
    assert "Verify Tax ID" in page and "Verify Government Status" not in page and "Low Score" not in page
    response = client.post(url, {"categories": ["VERIFY_TAX_ID"], "explanation": "Our EIN letter."})
    appeal = Appeal.objects.get()
    assert response.url == reverse("appeal-detail", args=[appeal.pk])
    detail = client.get(response.url).content.decode()
    assert "0 of 10 files · 0.0 of 30 MB" in detail and "freezes the brand" in detail


def test_a8_page_upload_answers_json_per_file(client_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    client = client_for(customer_a)
    url = reverse("appeal-evidence-upload", args=[appeal.pk])
    ok = client.post(
        url, {"file": SimpleUploadedFile("a.png", sample_bytes(".png"))}, headers={"accept": "application/json"}
    )
    assert ok.status_code == 201 and ok.json()["budget"].startswith("1 of 10 files")
    bad = client.post(url, {"file": SimpleUploadedFile("b.pdf", exe_bytes())}, headers={"accept": "application/json"})
    assert bad.status_code == 400 and "b.pdf" in bad.json()["errors"][0]
    assert Evidence.objects.count() == 1


def test_a7_a9_submit_then_analyst_decides_on_the_page(client_for, customer_a, analyst, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    customer = client_for(customer_a)
    customer.post(reverse("appeal-submit", args=[appeal.pk]), {"version": Appeal.objects.get().version})
    appeal.refresh_from_db()
    assert appeal.status == "submitted"
    staff = client_for(analyst)
    page = staff.get(reverse("appeal-detail", args=[appeal.pk])).content.decode()
    assert 'data-testid="decision-form"' in page and "letter-0.pdf" in page
    staff.post(
        reverse("appeal-decide", args=[appeal.pk]),
        {
            "decision": "approve",
            "reason": "IRS letter matches",
            "identity_status": "VERIFIED",
            "version": appeal.version,
        },
    )
    appeal.refresh_from_db()
    assert appeal.status == "approved"
    seen = customer.get(reverse("appeal-detail", args=[appeal.pk])).content.decode()
    assert "IRS letter matches" in seen


def test_staff_preview_of_pdf_and_image_is_a_png_or_image(client_for, customer_a, analyst, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=1)
    image = services.evidence_add(
        actor=customer_a, appeal=appeal, upload=SimpleUploadedFile("logo.png", sample_bytes(".png"))
    )
    pdf = appeal.evidence.get(extension=".pdf")
    staff = client_for(analyst)
    preview = staff.get(reverse("appeal-evidence-preview", args=[appeal.pk, pdf.pk]))
    assert preview.status_code == 200 and preview["Content-Type"] == "image/png"
    assert preview.content.startswith(b"\x89PNG") and preview["Content-Security-Policy"].startswith("sandbox")
    img = staff.get(reverse("appeal-evidence-preview", args=[appeal.pk, image.pk]))
    assert img.status_code == 200 and img["Content-Type"] == "image/png"
    download = staff.get(reverse("appeal-evidence-download", args=[appeal.pk, pdf.pk]))
    assert download["Content-Disposition"].startswith("attachment")


def test_tenancy_every_appeal_page_is_404_for_another_account(client_for, customer_a, customer_b, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    evidence = appeal.evidence.get()
    other = client_for(customer_b)
    gets = [
        reverse("appeal-detail", args=[appeal.pk]),
        reverse("appeal-evidence-download", args=[appeal.pk, evidence.pk]),
        reverse("appeal-evidence-preview", args=[appeal.pk, evidence.pk]),
        f"{reverse('appeal-new')}?brand={brand.pk}",
    ]
    posts = [
        reverse("appeal-edit", args=[appeal.pk]),
        reverse("appeal-evidence-upload", args=[appeal.pk]),
        reverse("appeal-evidence-remove", args=[appeal.pk, evidence.pk]),
        reverse("appeal-submit", args=[appeal.pk]),
    ]
    for url in gets:
        assert other.get(url).status_code == 404, url
    for url in posts:
        assert other.post(url, {"categories": ["VERIFY_TAX_ID"]}).status_code == 404, url
    assert f"#{appeal.pk}" not in other.get(reverse("appeal-list")).content.decode()
    assert Appeal.objects.get().status == "draft" and appeal.evidence.count() == 1


def test_decision_page_refuses_customers(client_for, customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    response = client_for(customer_a).post(reverse("appeal-decide", args=[appeal.pk]), {"decision": "approve"})
    assert response.status_code == 403


def test_staff_queue_lists_submitted_appeals(client_for, customer_a, analyst, brand, django_assert_max_num_queries):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    services.appeal_submit(actor=customer_a, appeal=appeal)
    client = client_for(analyst)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("appeal-list")).content.decode()
    assert f"#{appeal.pk}" in page


def test_admin_shows_appeals_read_only(client, customer_a, brand, django_user_model):
    draft_appeal(customer=customer_a, brand=brand)
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    appeal = Appeal.objects.get()
    assert client.get(reverse("admin:appeals_appeal_changelist")).status_code == 200
    page = client.get(reverse("admin:appeals_appeal_change", args=[appeal.pk]))
    assert page.status_code == 200 and "letter-0.pdf" in page.content.decode()
    assert client.post(reverse("admin:appeals_appeal_delete", args=[appeal.pk]), {"post": "yes"}).status_code == 403
    assert Appeal.objects.filter(pk=appeal.pk).exists()


# --- the evidence list the uploader swaps in (A8) ---------------------------------------------------------------


def test_a8_evidence_list_fragment_shows_new_files_without_the_placeholder(
    client_for, customer_a, customer_b, analyst, brand
):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    client = client_for(customer_a)
    url = reverse("appeal-evidence-list", args=[appeal.pk])
    assert "No evidence yet." in client.get(url).content.decode()
    upload_url = reverse("appeal-evidence-upload", args=[appeal.pk])
    client.post(
        upload_url,
        {"file": SimpleUploadedFile("ein.png", sample_bytes(".png"))},
        headers={"accept": "application/json"},
    )
    fragment = client.get(url).content.decode()
    assert "No evidence yet." not in fragment and "ein.png" in fragment and "Remove</button>" in fragment
    assert fragment.lstrip().startswith('<ul class="evidence-list"') and "<html" not in fragment
    # staff read the list but are never offered Remove; another account gets nothing
    staff_fragment = client_for(analyst).get(url).content.decode()
    assert "ein.png" in staff_fragment and "Remove</button>" not in staff_fragment
    assert client_for(customer_b).get(url).status_code == 404


# --- PDF viewer (A8 evidence read page by page) -----------------------------------------------------------------


@pytest.fixture
def pdf_appeal(customer_a, brand):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    pdf = services.evidence_add(
        actor=customer_a, appeal=appeal, upload=SimpleUploadedFile("bank-statement.pdf", multipage_pdf(3))
    )
    image = services.evidence_add(
        actor=customer_a, appeal=appeal, upload=SimpleUploadedFile("logo.png", sample_bytes(".png"))
    )
    return appeal, pdf, image


def _page(appeal, evidence, number):
    return reverse("appeal-evidence-page", args=[appeal.pk, evidence.pk, number])


def test_a8_pdf_viewer_and_pages_are_404_for_another_account(client_for, customer_b, pdf_appeal):
    appeal, pdf, _ = pdf_appeal
    other = client_for(customer_b)
    assert other.get(reverse("appeal-evidence-viewer", args=[appeal.pk, pdf.pk])).status_code == 404
    for number in (1, 2, 3):
        assert other.get(_page(appeal, pdf, number)).status_code == 404


def test_a8_pdf_pages_are_bounded_never_a_500(client_for, analyst, customer_a, pdf_appeal):
    appeal, pdf, image = pdf_appeal
    staff = client_for(analyst)
    for number in (1, 2, 3):
        page = staff.get(_page(appeal, pdf, number))
        assert page.status_code == 200 and page["Content-Type"] == "image/png" and page.content.startswith(b"\x89PNG")
        # the same hardened headers as every other evidence response
        assert page["X-Content-Type-Options"] == "nosniff"
        assert page["Content-Security-Policy"].startswith("sandbox") and "no-store" in page["Cache-Control"]
    assert staff.get(_page(appeal, pdf, 1)).content != staff.get(_page(appeal, pdf, 2)).content
    for number in (0, 4, 51, 10**12):
        assert staff.get(_page(appeal, pdf, number)).status_code == 404, number
    assert staff.get(f"/appeals/{appeal.pk}/evidence/{pdf.pk}/pages/-1/").status_code == 404
    assert staff.get(f"/appeals/{appeal.pk}/evidence/{pdf.pk}/pages/abc/").status_code == 404
    assert staff.get(_page(appeal, image, 1)).status_code == 404  # only PDFs have pages
    assert staff.get(reverse("appeal-evidence-viewer", args=[appeal.pk, image.pk])).status_code == 404
    # the owner may read their own file too
    assert client_for(customer_a).get(_page(appeal, pdf, 2)).status_code == 200


def test_a8_pdf_viewer_page_pages_and_zooms_without_inline_code(client_for, analyst, pdf_appeal):
    appeal, pdf, _ = pdf_appeal
    staff = client_for(analyst)
    detail = staff.get(reverse("appeal-detail", args=[appeal.pk])).content.decode()
    viewer_url = reverse("appeal-evidence-viewer", args=[appeal.pk, pdf.pk])
    assert viewer_url in detail
    page = staff.get(viewer_url).content.decode()
    assert "Page <span data-page-number>1</span> of 3" in page and _page(appeal, pdf, 1) in page
    assert 'href="?page=2&amp;zoom=100"' in page and 'href="?page=1&amp;zoom=125"' in page
    assert " style=" not in page and "<script>" not in page and "js/pdf-viewer.js" in page
    # without the script, the links page and zoom by reloading; odd values are clamped, never a 500
    last = staff.get(viewer_url, {"page": "99", "zoom": "1000"}).content.decode()
    assert "Page <span data-page-number>3</span> of 3" in last and "zoom-200" in last
    assert re.search(r'data-testid="pdf-next" role="button"\s+aria-disabled="true"', last)
    odd = staff.get(viewer_url, {"page": "abc", "zoom": "-5"})
    assert odd.status_code == 200 and "zoom-50" in odd.content.decode()
