"""Brand pages: thin views over brands.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms.utils import pretty_name
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.actions import staff_reason_action
from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from audit.models import AuditEvent
from core.errors import DomainError
from core.fixes import form_labels
from core.forms import apply_domain_error, run_and_report
from core.hooks import subject_panels
from rejections.selectors import picker_catalogue

from . import policies, services
from .choices import BrandStatus, ManualCheck, ReviewDecision
from .forms import BrandForm, IdentityForm, ReasonForm, ReviewForm
from .models import Brand
from .selectors import brand_decision_to_fix
from .validation import FIELDS


def _brand_or_404(request, pk) -> Brand:
    return get_visible_or_404(Brand.objects.select_related("sub_account__account"), request.user, pk=pk)


def brand_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    brands = Brand.objects.visible_to(request.user).select_related("sub_account__account")
    q = request.GET.get("q", "").strip()
    if q:
        brands = brands.filter(Q(legal_name__icontains=q) | Q(display_name__icontains=q) | Q(tax_id=q.replace("-", "")))
    status = request.GET.get("status", "")
    if status in BrandStatus.values:
        brands = brands.filter(status=status)
    page = Paginator(brands, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "brands/list.html",
        {"page_obj": page, "brands": page.object_list, "q": q, "status": status, "statuses": BrandStatus.choices},
    )


def _form_data(form: BrandForm) -> dict:
    return {f: form.cleaned_data[f] for f in FIELDS if f in form.cleaned_data}


def brand_register(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.brand_can_register(request.user).enforce_for_page()
    form = BrandForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            brand = services.brand_register(
                actor=request.user, sub_account=form.cleaned_data["sub_account"], data=_form_data(form)
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, f"{brand} saved as a draft. Review the checklist findings, then submit it.")
            return redirect("brand-detail", pk=brand.pk)
    return render(request, "brands/form.html", {"form": form, "title": "Register a brand"})


def brand_edit(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.brand_can_edit(request.user).enforce_for_page()
    brand = _brand_or_404(request, pk)
    if not (allowed := policies.brand_can_edit(request.user, brand)):
        messages.error(request, allowed.reason)
        return redirect("brand-detail", pk=brand.pk)
    initial = {f: getattr(brand, f) for f in FIELDS} | {"version": brand.version}
    form = BrandForm(request.POST or None, initial=initial, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_update(
                actor=request.user,
                brand=brand,
                data=_form_data(form),
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, f"{brand} updated.")
            return redirect("brand-detail", pk=brand.pk)
    findings = services.brand_findings_for(user=request.user, findings=brand.findings)
    to_fix = brand_decision_to_fix(user=request.user, brand=brand, labels=form_labels(form))
    return render(
        request,
        "brands/form.html",
        {
            "form": form,
            "brand": brand,
            "findings": findings,
            "title": f"Edit {brand}",
            "to_fix": to_fix,
            "field_notes": to_fix.by_field if to_fix else None,
        },
    )


def brand_findings_preview(request):
    """htmx: the checklist findings (and field errors) for the form as typed; nothing is saved."""
    if (denied := role_required(request)) is not None:
        return denied
    brand = _brand_or_404(request, request.POST["brand"]) if request.POST.get("brand") else None
    (policies.brand_can_edit if brand else policies.brand_can_register)(request.user).enforce_for_page()
    raw = {f: request.POST.get(f, "") for f in FIELDS if f in request.POST}
    for flag in ("email_2fa_confirmed", "government_entity"):
        raw[flag] = flag in request.POST
    result = services.brand_findings_preview(actor=request.user, raw=raw, brand=brand)
    # While typing, only fields the customer already filled in are reported, under their labels.
    labels = {name: field.label or pretty_name(name) for name, field in BrandForm(user=request.user).fields.items()}
    errors = {
        labels.get(field, field): field_messages
        for field, field_messages in result["errors"].items()
        if raw.get(field) not in ("", None, False)
    }
    return render(request, "brands/_findings.html", {"findings": result["findings"], "errors": errors, "live": True})


def brand_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    brand = _brand_or_404(request, pk)
    user = request.user
    events = AuditEvent.objects.for_subject(brand)
    if not user.is_staff_role:
        events = events.customer_visible()
    context = {
        "brand": brand,
        "reviews": brand.reviews.select_related("decided_by")[:20],
        "events": events[:100],
        "panels": subject_panels(request, brand, slot="main"),
        "findings": services.brand_findings_for(user=user, findings=brand.findings),
        "can_edit": policies.brand_can_edit(user, brand).allowed,
        "can_submit": policies.brand_can_submit(user, brand).allowed,
    }
    if user.is_staff_role:
        context["instances"] = (
            Brand.objects.same_tax_id_as(brand).select_related("sub_account__account").order_by("created_at")[:50]
        )
        if brand.status in (BrandStatus.SUBMITTED, BrandStatus.IN_REVIEW):
            review_form = ReviewForm(initial={"version": brand.version})
            # A brand frozen by an appeal: the page offers only the decisions the service would accept, and says why.
            changes = policies.brand_can_review(user, brand, ReviewDecision.REQUEST_CHANGES)
            if not changes:
                review_form.fields["decision"].choices = [
                    choice for choice in ReviewDecision.choices if choice[0] != ReviewDecision.REQUEST_CHANGES
                ]
                context["request_changes_refused"] = changes.reason
            context["review_form"] = review_form
            catalogue = picker_catalogue()
            by_code = catalogue.by_code()
            context["catalogue"] = catalogue
            context["suggested"] = [by_code[f["code"]] for f in brand.findings if f.get("code") in by_code]
        context["identity_form"] = IdentityForm()
        context["reason_form"] = ReasonForm()
        context["manual_checks"] = ManualCheck.choices
    return render(request, "brands/detail.html", context)


def _after(request, brand, action, message):
    run_and_report(request, action, message)
    return redirect("brand-detail", pk=brand.pk)


@require_POST
def brand_submit(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.brand_can_submit(request.user).enforce_for_page()
    brand = _brand_or_404(request, pk)
    version = request.POST.get("version") or None
    return _after(
        request,
        brand,
        lambda: services.brand_submit(actor=request.user, brand=brand, expected_version=version),
        f"{brand} submitted for review.",
    )


@require_POST
def brand_review(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.brand_can_review(request.user).enforce_for_page()
    brand = _brand_or_404(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a decision.")
        return redirect("brand-detail", pk=brand.pk)
    return _after(
        request,
        brand,
        lambda: services.brand_review(
            actor=request.user,
            brand=brand,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            codes=form.codes_list(),
            checklist=form.checklist(),
            expected_version=form.cleaned_data["version"],
        ),
        f"Decision recorded for {brand}.",
    )


@require_POST
def brand_identity(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.brand_can_record_identity(request.user).enforce_for_page()
    brand = _brand_or_404(request, pk)
    form = IdentityForm(request.POST)
    if not form.is_valid():
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, problem)
        return redirect("brand-detail", pk=brand.pk)
    return _after(
        request,
        brand,
        lambda: services.brand_record_identity(actor=request.user, brand=brand, **form.cleaned_data),
        f"Identity status of {brand} recorded.",
    )


brand_suspend = staff_reason_action(
    services.brand_suspend,
    policy=policies.brand_can_suspend,
    load=_brand_or_404,
    subject="brand",
    detail="brand-detail",
    message=lambda brand, _: f"{brand} suspended.",
)
brand_reinstate = staff_reason_action(
    services.brand_reinstate,
    policy=policies.brand_can_reinstate,
    load=_brand_or_404,
    subject="brand",
    detail="brand-detail",
    message=lambda brand, _: f"{brand} reinstated.",
)
