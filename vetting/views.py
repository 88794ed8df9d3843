"""Vet actions on the brand page, and the enhanced-vet report download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from audit.models import AuditEvent
from brands.models import Brand
from core.downloads import file_response
from core.errors import DomainError
from core.forms import domain_error_text

from . import policies, services
from .choices import OPEN_STATUSES, VetStatus
from .forms import VetRequestForm, VetResultForm
from .models import Vet
from .selectors import brand_instances_lacking_tokens, throughput_forecast, vet_score_in_force


def brand_vet_panel(request, brand: Brand):
    """The vetting panel of the brand page (registered in VettingConfig.ready)."""
    user = request.user
    vets = list(brand.vets.all())
    lacking = {}
    if user.is_staff_role:
        completed = [vet for vet in vets if vet.status == VetStatus.ACTIVE and vet.token and not vet.imported]
        lacking = brand_instances_lacking_tokens(brand=brand, vets=completed, user=user)
    in_force = vet_score_in_force(brand=brand)
    return (
        "vetting/_brand_panel.html",
        {
            "vets": vets,
            "in_force": in_force,
            "forecast": throughput_forecast(
                brand=brand, score=in_force.score if in_force else None, use_default_score=False
            ),
            "request_form": VetRequestForm(),
            "can_order": bool(policies.vet_can_request(user)),
            "political_at_once": policies.political_use_case_at_once(brand),
            "result_forms": {
                vet.pk: VetResultForm(initial={"version": vet.version})
                for vet in vets
                if user.is_staff_role and vet.status in OPEN_STATUSES
            },
            "lacking": lacking,
        },
    )


@require_POST
def vet_create(request, brand_pk):
    if (denied := role_required(request)) is not None:
        return denied
    brand = get_visible_or_404(Brand.objects.select_related("sub_account"), request.user, pk=brand_pk)
    form = VetRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the vet class and vendor.")
        return redirect("brand-detail", pk=brand.pk)
    data = form.cleaned_data
    if not data["token"].strip():
        policies.vet_can_request(request.user).enforce_for_page()
    try:
        if data["token"].strip():
            vet = services.vet_import(actor=request.user, brand=brand, **data)
            messages.success(request, f"Token imported: {vet.get_vet_class_display()} vet is {vet.status}.")
        else:
            vet = services.vet_request(
                actor=request.user, brand=brand, vet_class=data["vet_class"], vendor=data["vendor"]
            )
            messages.success(request, f"{vet.get_vet_class_display()} vet ordered from {vet.get_vendor_display()}.")
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    return redirect("brand-detail", pk=brand.pk)


@require_POST
def vet_result(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.vet_can_record_result(request.user).enforce_for_page()
    vet = get_visible_or_404(Vet.objects.select_related("brand"), request.user, pk=pk)
    form = VetResultForm(request.POST, request.FILES)
    back = ("vet-detail", vet.pk) if request.POST.get("back") == "vet" else ("brand-detail", vet.brand_id)
    if not form.is_valid():
        messages.error(request, "Give the vendor status.")
        return redirect(*back)
    data = form.cleaned_data
    try:
        vet = services.vet_record_result(
            actor=request.user,
            vet=vet,
            status=data["status"],
            score=data["score"],
            token=data["token"] or None,
            report=data["report"],
            expected_version=data["version"],
        )
    except DomainError as exc:
        messages.error(request, domain_error_text(exc, staff=True))
    else:
        messages.success(
            request, f"Vet result recorded: {vet.status}" + (f", score {vet.score}" if vet.score is not None else "")
        )
    return redirect(*back)


def vet_detail(request, pk):
    """One vet: its facts, the staff result form while it is open, the history (the vet queue's review page)."""
    if (denied := role_required(request)) is not None:
        return denied
    vet = get_visible_or_404(Vet.objects.select_related("brand__sub_account__account"), request.user, pk=pk)
    events = AuditEvent.objects.for_subject(vet)
    if not request.user.is_staff_role:
        events = events.customer_visible()
    return render(
        request,
        "vetting/detail.html",
        {
            "vet": vet,
            "brand": vet.brand,
            "events": events[:100],
            "result_form": VetResultForm(initial={"version": vet.version})
            if request.user.is_staff_role and vet.status in OPEN_STATUSES
            else None,
        },
    )


VET_REPORT_TYPES = {".pdf": "application/pdf"}


def vet_report(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    vet = get_visible_or_404(Vet.objects.select_related("brand"), request.user, pk=pk)
    if not vet.report:
        raise Http404("This vet has no report.")
    suffix = _suffix(vet)
    return file_response(
        vet.report.open("rb"),
        # The vendor's file is not inspected on upload: only a PDF is labelled as one, anything else is bytes.
        content_type=VET_REPORT_TYPES.get(suffix, "application/octet-stream"),
        filename=f"enhanced-vet-{vet.pk}-report{suffix}",
    )


def _suffix(vet: Vet) -> str:
    name = vet.report.name
    return name[name.rfind(".") :] if "." in name.rsplit("/", 1)[-1] else ""
