"""Brand and vet pages: tenancy (404), staff-only actions (403), thin views over the services."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from brands import services
from brands.models import Brand
from rejections.models import RejectionCode
from tests.accounts.factories import SubAccountFactory
from tests.brands.factories import brand_data, make_brand
from vetting import services as vet_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(customer_a, sub_account_a, analyst):
    return make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)


def test_other_accounts_brand_pages_are_404(client_for, customer_b, approved):
    client = client_for(customer_b)
    vet = vet_services.vet_request(actor=approved.created_by, brand=approved, vet_class="STANDARD", vendor="AEGIS")
    for name, args, method in [
        ("brand-detail", [approved.pk], "get"),
        ("brand-edit", [approved.pk], "get"),
        ("brand-submit", [approved.pk], "post"),
        ("vet-create", [approved.pk], "post"),
        ("vet-report", [vet.pk], "get"),
    ]:
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 404, name
    assert b"Acme" not in client.get(reverse("brand-list")).content


def test_customer_cannot_use_staff_actions(client_for, customer_a, approved):
    client = client_for(customer_a)
    for name in ("brand-review", "brand-identity", "brand-suspend", "brand-reinstate"):
        assert client.post(reverse(name, args=[approved.pk])).status_code == 403, name
    vet = vet_services.vet_request(actor=customer_a, brand=approved, vet_class="STANDARD", vendor="AEGIS")
    assert client.post(reverse("vet-result", args=[vet.pk]), {"status": "ACTIVE"}).status_code == 403


def test_staff_cannot_register_brands_for_customers(client_for, analyst):
    assert client_for(analyst).get(reverse("brand-register")).status_code == 403


def test_register_page_saves_a_draft_and_shows_field_errors(client_for, customer_a, sub_account_a):
    client = client_for(customer_a)
    bad = client.post(reverse("brand-register"), {**brand_data(tax_id="12-34"), "sub_account": sub_account_a.pk})
    assert bad.status_code == 200 and b"has 4 digit(s)" in bad.content
    assert not Brand.objects.exists()
    ok = client.post(reverse("brand-register"), {**brand_data(), "sub_account": sub_account_a.pk}, follow=True)
    assert ok.status_code == 200 and Brand.objects.get().status == "draft"


def test_findings_preview_saves_nothing(client_for, customer_a):
    response = client_for(customer_a).post(reverse("brand-findings-preview"), brand_data(email="me@yahoo.com"))
    assert b"713" in response.content and not Brand.objects.exists()


def test_staff_brand_page_shows_review_form_instances_and_vets(
    client_for, analyst, customer_a, sub_account_a, approved
):
    twin = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted", display_name="Acme Twin")
    page = client_for(analyst).get(reverse("brand-detail", args=[twin.pk])).content.decode()
    assert 'data-testid="review-form"' in page and "Acme Dental" in page and "Throughput forecast" in page


def test_brand_page_query_count_is_bounded(client_for, analyst, customer_a, approved, django_assert_max_num_queries):
    for vendor in ("AEGIS",):
        vet_services.vet_request(actor=customer_a, brand=approved, vet_class="STANDARD", vendor=vendor)
    client = client_for(analyst)
    client.get(reverse("brand-detail", args=[approved.pk]))
    with django_assert_max_num_queries(25):
        client.get(reverse("brand-detail", args=[approved.pk]))


def test_brand_list_query_count_does_not_grow_with_rows(
    client_for, analyst, customer_a, sub_account_a, django_assert_max_num_queries
):
    for i in range(12):
        make_brand(  # one end brand per sub-account (S3)
            customer=customer_a,
            sub_account=SubAccountFactory(account=sub_account_a.account, name=f"Acme {i}"),
            legal_name=f"Acme {i}",
            tax_id=f"12-00000{i:02d}",
        )
    client = client_for(analyst)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("brand-list"))
    assert response.content.count(b'href="/brands/') >= 12


def test_pagination_keeps_search_and_filter(client_for, analyst, customer_a, sub_account_a):
    for i in range(26):
        make_brand(  # one end brand per sub-account (S3)
            customer=customer_a,
            sub_account=SubAccountFactory(account=sub_account_a.account, name=f"Acme {i}"),
            legal_name=f"Acme {i}",
            tax_id=f"12-00000{i:02d}",
        )
    page = client_for(analyst).get(reverse("brand-list"), {"q": "Acme", "status": "draft"}).content.decode()
    assert "?q=Acme&amp;status=draft&amp;page=2" in page


def test_staff_suspends_and_reinstates_from_the_page(client_for, analyst, approved):
    client = client_for(analyst)
    client.post(reverse("brand-suspend", args=[approved.pk]), {"reason": "Spam complaints"})
    approved.refresh_from_db()
    assert approved.status == "suspended"
    response = client.post(reverse("brand-reinstate", args=[approved.pk]), {"reason": ""}, follow=True)
    assert b"A reinstatement needs a reason. (required)" not in response.content
    assert b"A reinstatement needs a reason." in response.content
    client.post(reverse("brand-reinstate", args=[approved.pk]), {"reason": "Remediated"})
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_B7_review_form_code_picker_sends_each_ticked_code(client_for, analyst, customer_a, sub_account_a):
    # given a submitted brand whose email is on a personal domain (finding 713)
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted", email="acme@gmail.com")
    client = client_for(analyst)
    page = client.get(reverse("brand-detail", args=[brand.pk])).content.decode()
    # the picker offers the whole catalogue, the finding's code first among the suggestions
    assert 'data-suggest="713"' in page and page.count('name="codes"') == 103
    # when the analyst ticks two codes and requests changes
    response = client.post(
        reverse("brand-review", args=[brand.pk]),
        {
            "decision": "request_changes",
            "reason": "Use the company domain",
            "codes": ["713", "1004"],
            "version": brand.version,
        },
    )
    assert response.status_code == 302
    # then both codes are stored with their catalogue texts
    review = brand.reviews.get()
    assert [c["code"] for c in review.codes] == ["713", "1004"] and review.codes[0]["remediation"]


def test_B2_identity_result_form_preselects_nothing_and_refuses_a_missing_choice(client_for, analyst, approved):
    client = client_for(analyst)
    page = client.get(reverse("brand-detail", args=[approved.pk])).content.decode()
    radios = [tag for tag in page.split("<input") if 'name="identity_status"' in tag]
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)
    response = client.post(reverse("brand-identity", args=[approved.pk]), {"reason": "Registry answered"}, follow=True)
    assert "Choose the registry&#x27;s result: Verified or Unverified." in response.content.decode()
    approved.refresh_from_db()
    assert approved.identity_status == "UNVERIFIED"
    recorded = AuditEvent.objects.for_subject(approved).filter(action__in=["mark_verified", "mark_unverified"])
    assert not recorded.exists()


def test_B7_edit_page_after_changes_requested_shows_codes_remediation_and_note_next_to_the_fields(
    client_for, customer_a, customer_b, sub_account_a, sub_account_b, analyst
):
    # given another account's brand with the same EIN, and this brand with a personal-use email
    make_brand(customer=customer_b, sub_account=sub_account_b, legal_name="Beacon Hidden Holdings LLC")
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted", email="ops@gmail.com")
    # when the analyst requests changes citing the email's code and the EIN's, with a note
    services.brand_review(
        actor=analyst,
        brand=brand,
        decision="request_changes",
        codes=["713", "511"],
        reason="Use an address at acmedental.example.com and your own EIN.",
    )
    page = client_for(customer_a).get(reverse("brand-edit", args=[brand.pk])).content.decode()
    # then the edit page starts with every code, its reason and remediation, and the analyst's note
    top = page[page.index('data-testid="decision-to-fix"') : page.index("</section>", page.index("decision-to-fix"))]
    for code in ("713", "511"):
        row = RejectionCode.objects.get(code=code)
        assert f'data-code="{code}"' in top and escape(row.reason) in top and escape(row.remediation) in top
    assert "Use an address at acmedental.example.com and your own EIN." in top
    # and the email's code again next to the email input
    note = page.index('data-testid="fix-email"')
    assert page.index('name="email"') < note < page.index('name="email_2fa_confirmed"')
    assert "gmail.com" in page[note : note + 1500]
    # the EIN's finding about another account stays staff-only: 511 is listed on top, never tied to the tax id
    assert 'data-testid="fix-tax_id"' not in page and "Beacon Hidden Holdings" not in page
