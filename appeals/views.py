"""Appeal pages: thin views over appeals.services."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from audit.models import AuditEvent
from brands.models import Brand
from core.errors import DomainError
from core.forms import apply_domain_error, domain_error_text
from core.keyset import keyset_page
from vetting.models import Vet

from . import policies, services, uploads
from .choices import AppealStatus
from .downloads import (
    PDF_VIEWER_MAX_PAGES,
    can_preview,
    evidence_download,
    evidence_pdf_page,
    evidence_preview,
    pdf_page_count,
)
from .forms import AppealForm, DecisionForm
from .models import Appeal, Evidence

APPEAL_PAGE_SIZE = 50
WAITING_STATUSES = (AppealStatus.SUBMITTED, AppealStatus.IN_REVIEW)

#: The viewer's zoom steps, in percent of the page area's width (CSS classes ``zoom-<n>``).
ZOOM_LEVELS = (50, 75, 100, 125, 150, 200)


def _appeal_or_404(request, pk) -> Appeal:
    return get_visible_or_404(Appeal.objects.select_related("brand__sub_account", "vet"), request.user, pk=pk)


def brand_appeal_panel(request, brand: Brand):
    """The appeals panel of the brand page (registered in AppealsConfig.ready)."""
    appeals = list(brand.appeals.select_related("vet").order_by("-created_at"))
    user = request.user
    identity = services.appeal_eligibility(brand=brand)
    vets = [
        (vet, eligibility, policies.vet_appeal_eligibility(user=user, vet=vet, eligibility=eligibility))
        for vet, eligibility in services.vet_appeal_eligibilities(brand=brand).items()
    ]
    # The subject's eligibility is shown to everyone (staff see why a customer cannot appeal); the policy
    # answer decides whether this user is offered the button.
    return (
        "appeals/_brand_panel.html",
        {
            "appeals": appeals,
            "identity": identity,
            "may_appeal_identity": policies.identity_appeal_eligibility(user=user, brand=brand, eligibility=identity),
            "vet_eligibility": vets,
        },
    )


def appeal_new(request):
    """Start a draft: ``?brand=<id>`` (identity-status appeal) or ``?vet=<id>`` (standard-vet appeal)."""
    if (denied := role_required(request)) is not None:
        return denied
    policies.appeal_can_file(request.user).enforce_for_page()
    brand = vet = None
    try:
        if request.GET.get("vet"):
            vet = get_visible_or_404(
                Vet.objects.select_related("brand__sub_account"), request.user, pk=int(request.GET["vet"])
            )
            eligibility = services.appeal_eligibility(vet=vet)
            subject = vet.brand
        else:
            brand = get_visible_or_404(
                Brand.objects.select_related("sub_account"), request.user, pk=int(request.GET.get("brand", ""))
            )
            eligibility = services.appeal_eligibility(brand=brand)
            subject = brand
    except ValueError as exc:
        raise Http404("Choose a brand or a vet to appeal.") from exc
    if eligibility.open_appeal is not None and eligibility.open_appeal.is_draft:
        return redirect("appeal-detail", eligibility.open_appeal.pk)
    form = AppealForm(request.POST or None, categories=eligibility.categories)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_open(
                actor=request.user,
                brand=brand,
                vet=vet,
                categories=form.cleaned_data["categories"],
                explanation=form.cleaned_data["explanation"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Draft appeal saved. Add your evidence, then submit it.")
            return redirect("appeal-detail", appeal.pk)
    return render(
        request,
        "appeals/new.html",
        {"form": form, "eligibility": eligibility, "brand": subject, "vet": vet},
    )


def appeal_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    appeal = _appeal_or_404(request, pk)
    user = request.user
    evidence = list(appeal.evidence.all())
    budget = uploads.EvidenceBudget(files=len(evidence), bytes=sum(e.size for e in evidence))
    edit_form = decision_form = None
    if policies.appeal_can_edit(user) and appeal.is_draft:
        edit_form = AppealForm(
            initial={"categories": appeal.categories, "explanation": appeal.explanation, "version": appeal.version},
            categories=services.categories_of(appeal),
        )
    if policies.appeal_can_decide(user) and appeal.status in (AppealStatus.SUBMITTED, AppealStatus.IN_REVIEW):
        decision_form = DecisionForm(initial={"version": appeal.version, "identity_status": "VERIFIED"})
    events = AuditEvent.objects.for_subject(appeal)
    if user.is_customer:
        events = events.customer_visible()
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "evidence": [(e, can_preview(e)) for e in evidence],
            "can_change_evidence": policies.appeal_can_change_evidence(user, appeal).allowed,
            "budget": budget,
            "edit_form": edit_form,
            "decision_form": decision_form,
            "events": events[:100],
            "accept": ",".join(uploads.ALLOWED_EXTENSIONS),
            "limits": {
                "max_files": uploads.MAX_FILES,
                "max_file_bytes": uploads.MAX_FILE_BYTES,
                "max_total_bytes": uploads.MAX_TOTAL_BYTES,
                "max_file": uploads.format_bytes(uploads.MAX_FILE_BYTES),
                "max_total": uploads.format_bytes(uploads.MAX_TOTAL_BYTES),
                "types": " ".join(uploads.ALLOWED_EXTENSIONS),
            },
        },
    )


@require_POST
def appeal_edit(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.appeal_can_edit(request.user).enforce_for_page()
    appeal = _appeal_or_404(request, pk)
    form = AppealForm(request.POST, categories=services.categories_of(appeal))
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect("appeal-detail", appeal.pk)
    try:
        services.appeal_update(
            actor=request.user,
            appeal=appeal,
            categories=form.cleaned_data["categories"],
            explanation=form.cleaned_data["explanation"],
            expected_version=form.cleaned_data.get("version"),
        )
        messages.success(request, "Appeal saved.")
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    return redirect("appeal-detail", appeal.pk)


@require_POST
def evidence_upload(request, pk):
    """One or more files; answers JSON to the page's uploader (one file per request) or redirects."""
    if (denied := role_required(request)) is not None:
        return denied
    policies.appeal_can_edit(request.user).enforce_for_page()
    appeal = _appeal_or_404(request, pk)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    files = request.FILES.getlist("file")
    refusals = [r.message for r in getattr(request, "upload_refusals", [])]
    added = []
    for upload in files:
        try:
            added.append(services.evidence_add(actor=request.user, appeal=appeal, upload=upload))
        except DomainError as exc:
            refusals.append(domain_error_text(exc) if not isinstance(exc, uploads.UploadRefused) else exc.message)
    if not files and not refusals:
        refusals.append("Choose a file to upload.")
    budget = services.evidence_budget(appeal)
    if wants_json:
        return JsonResponse(
            {
                "added": [{"id": e.pk, "name": e.name, "size": e.size} for e in added],
                "errors": refusals,
                "budget": budget.describe(),
            },
            status=400 if refusals and not added else 201,
        )
    for message in refusals:
        messages.error(request, message)
    if added:
        messages.success(request, f"Added {', '.join(e.name for e in added)}.")
    return redirect("appeal-detail", appeal.pk)


@require_POST
def evidence_remove(request, pk, evidence_pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.appeal_can_edit(request.user).enforce_for_page()
    appeal = _appeal_or_404(request, pk)
    evidence = get_object_or_404(Evidence, appeal=appeal, pk=evidence_pk)
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
        messages.success(request, f"Removed {evidence.name}.")
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    return redirect("appeal-detail", appeal.pk)


def evidence_list_fragment(request, pk):
    """The evidence list alone: the page's uploader swaps it in after its uploads, so no reload is needed."""
    if (denied := role_required(request)) is not None:
        return denied
    appeal = _appeal_or_404(request, pk)
    return render(
        request,
        "appeals/_evidence_list.html",
        {
            "appeal": appeal,
            "evidence": [(e, can_preview(e)) for e in appeal.evidence.all()],
            "can_change_evidence": policies.appeal_can_change_evidence(request.user, appeal).allowed,
        },
    )


def evidence_download_view(request, pk, evidence_pk):
    if (denied := role_required(request)) is not None:
        return denied
    appeal = _appeal_or_404(request, pk)
    return evidence_download(get_object_or_404(Evidence, appeal=appeal, pk=evidence_pk))


def evidence_preview_view(request, pk, evidence_pk):
    if (denied := role_required(request)) is not None:
        return denied
    appeal = _appeal_or_404(request, pk)
    return evidence_preview(get_object_or_404(Evidence, appeal=appeal, pk=evidence_pk))


def evidence_viewer(request, pk, evidence_pk):
    """A PDF read page by page: server-rasterised pages (no PDF reader in the browser), paged and zoomed by a
    small static script; without the script the same links page and zoom by reloading."""
    if (denied := role_required(request)) is not None:
        return denied
    appeal = _appeal_or_404(request, pk)
    evidence = get_object_or_404(Evidence, appeal=appeal, pk=evidence_pk)
    pages = pdf_page_count(evidence) if can_preview(evidence) else None
    if not pages:
        raise Http404("This file has no pages to view; download it instead.")
    shown = min(pages, PDF_VIEWER_MAX_PAGES)
    page = _int_param(request.GET.get("page"), default=1, low=1, high=shown)
    zoom = _int_param(request.GET.get("zoom"), default=100, low=ZOOM_LEVELS[0], high=ZOOM_LEVELS[-1])
    zoom = min(ZOOM_LEVELS, key=lambda level: abs(level - zoom))
    index = ZOOM_LEVELS.index(zoom)
    return render(
        request,
        "appeals/viewer.html",
        {
            "appeal": appeal,
            "evidence": evidence,
            "page": page,
            "pages": shown,
            "total_pages": pages,
            "zoom": zoom,
            "zoom_levels": ZOOM_LEVELS,
            "prev_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if page < shown else None,
            "zoom_out": ZOOM_LEVELS[index - 1] if index > 0 else None,
            "zoom_in": ZOOM_LEVELS[index + 1] if index + 1 < len(ZOOM_LEVELS) else None,
        },
    )


def evidence_page_view(request, pk, evidence_pk, page):
    if (denied := role_required(request)) is not None:
        return denied
    appeal = _appeal_or_404(request, pk)
    return evidence_pdf_page(get_object_or_404(Evidence, appeal=appeal, pk=evidence_pk), page)


def _int_param(raw, *, default: int, low: int, high: int) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return max(low, min(high, value))


@require_POST
def appeal_submit(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.appeal_can_submit(request.user).enforce_for_page()
    appeal = _appeal_or_404(request, pk)
    try:
        services.appeal_submit(actor=request.user, appeal=appeal, expected_version=request.POST.get("version") or None)
        messages.success(request, "Appeal submitted. It and the brand are frozen until the appeal is decided.")
    except DomainError as exc:
        for field, problems in (exc.errors or {"": [exc.message]}).items():
            for problem in problems:
                messages.error(request, domain_error_text(exc, problem) if not field else problem)
    return redirect("appeal-detail", appeal.pk)


@require_POST
def appeal_decide(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.appeal_can_decide(request.user).enforce_for_page()
    appeal = _appeal_or_404(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.appeal_decide(
                actor=request.user,
                appeal=appeal,
                decision=data["decision"],
                reason=data["reason"],
                identity_status=data.get("identity_status") or None,
                score=data.get("score") or None,
                expected_version=data["version"],
            )
            messages.success(request, f"Appeal #{appeal.pk} decided.")
        except DomainError as exc:
            problems = [p for field_problems in exc.errors.values() for p in field_problems]
            messages.error(request, domain_error_text(exc, "; ".join(problems) or None))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("appeal-detail", appeal.pk)


def appeal_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    appeals = Appeal.objects.visible_to(request.user).select_related("brand__sub_account__account", "vet")
    status = request.GET.get("status", "")
    order = ["-created_at", "-id"]
    if status in AppealStatus.values:
        appeals = appeals.filter(status=status)
    elif request.user.is_staff_role and not status:
        # The staff work list: waiting appeals, oldest submission first (a partial index holds exactly these).
        appeals = appeals.filter(status__in=WAITING_STATUSES)
        order = ["submitted_at", "id"]
    page = keyset_page(appeals, fields=order, cursor=request.GET.get("cursor"), size=APPEAL_PAGE_SIZE)
    kept = {"status": status} if status else {}
    return render(
        request,
        "appeals/list.html",
        {
            "appeals": page.rows,
            "page": page,
            "page_query": f"{urlencode(kept)}&" if kept else "",
            "status": status,
            "statuses": AppealStatus.choices,
        },
    )
