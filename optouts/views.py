"""Pages of opt-outs, DNC lists, keywords and keyword requests (M5): thin views over ``optouts.services``."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from accounts.models import SubAccount
from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from brands.models import Brand
from campaigns.models import Campaign
from core.errors import DomainError
from core.forms import apply_domain_error, is_staff, run_and_report
from core.keyset import keyset_page

from . import policies, selectors, services
from .choices import OPTOUT_PAGE_SIZE, ExemptionStatus
from .forms import (
    BrandDomainForm,
    DncUploadForm,
    ExemptionDecisionForm,
    ExemptionForm,
    KeywordForm,
    OptOutAddForm,
    OptOutImportForm,
)
from .models import BlockedKeyword, BrandDomain, DncImport, DncList, KeywordExemption, OptOutSettings


# --- navigation ---------------------------------------------------------------------------------------------------
def nav_link_optouts(request):
    return ("Opt-outs", reverse("optout-list")) if policies.optout_can_view(request.user) else None


def nav_link_keywords(request):
    return ("Keywords", reverse("keywords-page")) if policies.keyword_can_view(request.user) else None


def nav_link_dnc(request):
    return ("DNC lists", reverse("dnc-page")) if policies.dnc_can_view(request.user) else None


class _Echo:
    def write(self, value):
        return value


def _sub_accounts(request):
    return SubAccount.objects.visible_to(request.user).select_related("account").order_by("account__name", "name")


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isascii() and value.isdecimal() and len(value) < 18 else None


# --- opt-outs (M5.1, M5.2) ----------------------------------------------------------------------------------------
@require_GET
def optout_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    user = request.user
    q = request.GET.get("q", "")[:32]
    status = request.GET.get("status", "")
    sub_account_id = _int(request.GET.get("sub_account"))
    rows = selectors.optout_list_for(user=user, q=q, sub_account_id=sub_account_id, active=status)
    page = keyset_page(rows, fields=["-at", "-id"], cursor=request.GET.get("cursor"), size=OPTOUT_PAGE_SIZE)
    kept = {k: v for k, v in (("q", q), ("status", status), ("sub_account", sub_account_id or "")) if v}
    # Staff see every account: listing every sub-account in a form would be unbounded, so they filter by id.
    sub_accounts = list(_sub_accounts(request)[:200]) if user.is_customer else []
    settings = OptOutSettings.objects.filter(account_id=user.account_id).first() if user.is_customer else None
    return render(
        request,
        "optouts/optout_list.html",
        {
            "rows": page.rows,
            "page": page,
            "page_query": f"{urlencode(kept)}&" if kept else "",
            "export_query": urlencode(kept),
            "q": q,
            "status": status,
            "sub_account_id": sub_account_id,
            "sub_accounts": sub_accounts,
            "add_form": OptOutAddForm(sub_accounts=sub_accounts),
            "import_form": OptOutImportForm(sub_accounts=sub_accounts),
            "account_wide": bool(settings and settings.account_wide),
        },
    )


@require_POST
def optout_add(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.optout_can_add(request.user).enforce_for_page()
    form = OptOutAddForm(request.POST, sub_accounts=_sub_accounts(request)[:200])
    if form.is_valid():
        data = form.cleaned_data
        run_and_report(
            request,
            lambda: services.optout_add(
                actor=request.user, sub_account=data["sub_account"], number=data["number"], scope=data["scope"] or None
            ),
            lambda row: f"{row.number} is opted out of {row.sub_account.friendly_name}.",
        )
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("optout-list")


@require_POST
def optout_import(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.optout_can_add(request.user).enforce_for_page()
    form = OptOutImportForm(request.POST, request.FILES, sub_accounts=_sub_accounts(request)[:200])
    if not form.is_valid():
        messages.error(request, "Choose the sub-account and a CSV file.")
        return redirect("optout-list")
    data = form.cleaned_data
    try:
        result = services.optout_import(
            actor=request.user, sub_account=data["sub_account"], file=data["file"], scope=data["scope"] or None
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        for lines in exc.errors.values():
            for line in lines:
                messages.error(request, line)
        return redirect("optout-list")
    messages.success(request, f"Imported {result.added:,} opt-outs ({result.already:,} were already opted out).")
    return redirect("optout-list")


@require_GET
def optout_export(request):
    """M5.2: the whole list (as filtered) as CSV, streamed."""
    if (denied := role_required(request)) is not None:
        return denied
    rows = selectors.optout_list_for(
        user=request.user,
        q=request.GET.get("q", "")[:32],
        sub_account_id=_int(request.GET.get("sub_account")),
        active=request.GET.get("status", ""),
    )
    return optout_csv_response(rows)


def optout_csv_response(rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in selectors.optout_csv_rows(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="opt-outs-{timezone.now():%Y%m%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def optout_scope(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.optout_can_set_scope(request.user).enforce_for_page()
    account_wide = request.POST.get("account_wide") == "1"
    run_and_report(
        request,
        lambda: services.optout_set_scope(actor=request.user, account=request.user.account, account_wide=account_wide),
        "Opt-outs now apply to every sub-account of the account."
        if account_wide
        else "Opt-outs now apply to the sub-account that received them.",
    )
    return redirect("optout-list")


# --- DNC lists (M5.3) ---------------------------------------------------------------------------------------------
def _staff_page(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.dnc_can_view(request.user).enforce_for_page()
    return None


def dnc_list(request):
    if (denied := _staff_page(request)) is not None:
        return denied
    form = DncUploadForm()
    if request.method == "POST":
        policies.dnc_can_upload(request.user).enforce_for_page()
        form = DncUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = services.dnc_upload(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    file=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc, staff=True)
            else:
                messages.success(request, f"Upload received: version {upload.pk} of {upload.dnc_list} is importing.")
                return redirect("dnc-page-detail", upload.dnc_list_id)
    lists = DncList.objects.select_related("current_import").order_by("name")[:500]
    return render(request, "optouts/dnc_list.html", {"lists": lists, "form": form})


def dnc_list_detail(request, pk):
    if (denied := _staff_page(request)) is not None:
        return denied
    dnc = get_object_or_404(DncList.objects.select_related("current_import"), pk=pk)
    imports = list(dnc.imports.select_related("uploaded_by")[:50])
    return render(
        request,
        "optouts/dnc_detail.html",
        {"dnc": dnc, "imports": imports, "form": DncUploadForm(initial={"name": dnc.name})},
    )


def dnc_import_progress(request, pk):
    """The progress bar (htmx polls it every second until the import finishes)."""
    if (denied := _staff_page(request)) is not None:
        return denied
    upload = get_object_or_404(DncImport.objects.select_related("dnc_list"), pk=pk)
    return render(request, "optouts/_dnc_progress.html", {"upload": upload})


# --- keywords (M5.4) ----------------------------------------------------------------------------------------------
def keyword_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.keyword_can_view(request.user).enforce_for_page()
    form = KeywordForm()
    if request.method == "POST":
        policies.keyword_can_change(request.user).enforce_for_page()
        form = KeywordForm(request.POST)
        if form.is_valid():
            try:
                keyword = services.keyword_add(
                    actor=request.user,
                    word=form.cleaned_data["word"],
                    effective_at=services.as_aware(form.cleaned_data["effective_at"]),
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc, staff=True)
            else:
                messages.success(request, f"“{keyword.word}” announced: in force from {keyword.effective_at:%Y-%m-%d}.")
                return redirect("keywords-page")
    now = timezone.now()
    return render(
        request,
        "optouts/keyword_list.html",
        {
            "in_force": selectors.keywords_in_force(at=now)[:1000],
            "upcoming": selectors.keywords_upcoming(at=now)[:1000],
            "form": form,
            "now": now,
        },
    )


@require_POST
def keyword_retire(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.keyword_can_change(request.user).enforce_for_page()
    keyword = get_object_or_404(BlockedKeyword, pk=pk)
    run_and_report(
        request,
        lambda: services.keyword_retire(actor=request.user, keyword=keyword),
        lambda k: f"“{k.word}” will be lifted on {k.retired_at:%Y-%m-%d}.",
    )
    return redirect("keywords-page")


# --- keyword requests (M5.5) --------------------------------------------------------------------------------------
def exemption_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    status = request.GET.get("status", "")
    rows = selectors.exemption_list_for(user=request.user, status=status)
    page = keyset_page(rows, fields=["-created_at", "-id"], cursor=request.GET.get("cursor"), size=50)
    return render(
        request,
        "optouts/exemption_list.html",
        {
            "rows": page.rows,
            "page": page,
            "status": status,
            "statuses": ExemptionStatus.choices,
            "page_query": f"{urlencode({'status': status})}&" if status else "",
        },
    )


def exemption_new(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.exemption_can_request(request.user).enforce_for_page()
    sub_accounts = list(_sub_accounts(request)[:200])
    campaigns = list(Campaign.objects.visible_to(request.user).select_related("brand").order_by("-id")[:200])
    form = ExemptionForm(
        request.POST or None,
        sub_accounts=sub_accounts,
        campaigns=campaigns,
        initial={"word": request.GET.get("word", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exemption = services.exemption_request(
                actor=request.user,
                sub_account=data["sub_account"],
                word=data["word"],
                justification=data["justification"],
                examples=data["examples"],
                campaign=data["campaign"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Your request was sent to compliance.")
            return redirect(exemption.get_absolute_url())
    return render(request, "optouts/exemption_new.html", {"form": form})


def _exemption_or_404(request, pk) -> KeywordExemption:
    return get_visible_or_404(
        KeywordExemption.objects.select_related("sub_account__account", "campaign", "decided_by"), request.user, pk=pk
    )


def exemption_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    exemption = _exemption_or_404(request, pk)
    form = None
    if policies.exemption_can_decide(request.user, exemption):
        form = ExemptionDecisionForm(
            initial={"version": exemption.version, "scope": "campaign" if exemption.campaign_id else "sub_account"}
        )
    return render(request, "optouts/exemption_detail.html", {"exemption": exemption, "form": form})


@require_POST
def exemption_decide(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    exemption = _exemption_or_404(request, pk)
    policies.exemption_can_decide(request.user).enforce_for_page()
    form = ExemptionDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.exemption_decide(
                actor=request.user,
                exemption=exemption,
                decision=data["decision"],
                reason=data["reason"],
                scope=data["scope"] or None,
                expires_at=services.as_aware(data["expires_at"]),
                expected_version=data["version"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc, staff=True)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(exemption.get_absolute_url())
    exemption.refresh_from_db()
    return render(request, "optouts/exemption_detail.html", {"exemption": exemption, "form": form}, status=400)


# --- brand domains (M5.6) -----------------------------------------------------------------------------------------
def brand_domains(request):
    if (denied := role_required(request, staff=True)) is not None:
        return denied
    policies.branddomain_can_confirm(request.user).enforce_for_page()
    form = BrandDomainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        brand = Brand.objects.filter(pk=form.cleaned_data["brand"]).first()
        if brand is None:
            form.add_error("brand", f"No brand #{form.cleaned_data['brand']}.")
        else:
            try:
                services.brand_domain_confirm(
                    actor=request.user, brand=brand, domain=form.cleaned_data["domain"], note=form.cleaned_data["note"]
                )
            except DomainError as exc:
                apply_domain_error(form, exc, staff=True)
            else:
                messages.success(request, f"Domain confirmed for {brand}.")
                return redirect("brand-domains")
    rows = BrandDomain.objects.select_related("brand", "confirmed_by").order_by("-confirmed_at")[:200]
    return render(request, "optouts/brand_domains.html", {"rows": rows, "form": form, "staff": is_staff(request)})
