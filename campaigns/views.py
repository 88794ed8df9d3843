"""Campaign pages: thin views over campaigns.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms.utils import pretty_name
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.actions import staff_reason_action
from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from audit.models import AuditEvent
from brands.models import Brand
from core.errors import DomainError
from core.fixes import form_labels
from core.forms import apply_domain_error, domain_error_text, run_and_report
from rejections.models import RejectionCode
from rejections.selectors import picker_catalogue

from . import policies, services
from .choices import ATTRIBUTE_FIELDS, CampaignStatus, Carrier, CarrierState, ReviewDecision, UseCase
from .forms import CampaignForm, CampaignReviewForm
from .models import EDITABLE_STATES, REVIEWABLE_STATES, Campaign
from .prescreen import CHECKS
from .selectors import campaign_carrier_table, campaign_decision_to_fix


def _campaign_or_404(request, pk) -> Campaign:
    return get_visible_or_404(
        Campaign.objects.select_related("brand__sub_account__account", "tier", "vet"), request.user, pk=pk
    )


def campaign_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    campaigns = Campaign.objects.visible_to(request.user).select_related("brand__sub_account__account", "tier")
    q = request.GET.get("q", "").strip()
    if q:
        number = q.upper().removeprefix("C-")
        match = Q(brand__legal_name__icontains=q) | Q(brand__display_name__icontains=q)
        campaigns = campaigns.filter(match | Q(pk=int(number)) if number.isdecimal() else match)
    status = request.GET.get("status", "")
    if status in CampaignStatus.values:
        campaigns = campaigns.filter(status=status)
    use_case = request.GET.get("use_case", "")
    if use_case in UseCase.values:
        campaigns = campaigns.filter(use_case=use_case)
    flagged = request.GET.get("needs_resubmission") == "1"
    if flagged:
        campaigns = campaigns.filter(needs_resubmission=True)
    page = Paginator(campaigns, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/list.html",
        {
            "page_obj": page,
            "campaigns": page.object_list,
            "any_flagged": any(c.needs_resubmission for c in page.object_list),
            "q": q,
            "status": status,
            "use_case": use_case,
            "flagged": flagged,
            "statuses": CampaignStatus.choices,
            "use_cases": UseCase.choices,
        },
    )


def _form_page(request, form, campaign=None, title=""):
    brand = campaign.brand if campaign else None
    to_fix = campaign_decision_to_fix(campaign=campaign, labels=form_labels(form)) if campaign else None
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "campaign": campaign,
            "brand": brand,
            "title": title,
            "to_fix": to_fix,
            "field_notes": to_fix.by_field if to_fix else None,
            "findings": campaign.findings if campaign else [],
            "attribute_fields": [form[name] for name in ATTRIBUTE_FIELDS],
            "checks": CHECKS,
        },
    )


def campaign_create(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.campaign_can_create(request.user).enforce_for_page()
    initial = {"brand": request.GET.get("brand")} if request.GET.get("brand") else None
    form = CampaignForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                actor=request.user, brand=form.cleaned_data["brand"], data=form.data_for_service()
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"{campaign.reference} saved as a draft. Review the findings, then submit it.")
            return redirect("campaign-detail", pk=campaign.pk)
    return _form_page(request, form, title="Register a campaign")


def _apply(form, exc: DomainError) -> None:
    """Sample-message errors belong to the first sample box (the service speaks of the list)."""
    if "sample_messages" in exc.errors:
        exc.errors["sample_message_1"] = exc.errors.pop("sample_messages")
    apply_domain_error(form, exc)


def campaign_edit(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.campaign_can_edit(request.user).enforce_for_page()
    campaign = _campaign_or_404(request, pk)
    if not (allowed := policies.campaign_can_edit(request.user, campaign)):
        messages.error(request, allowed.reason)
        return redirect("campaign-detail", pk=campaign.pk)
    initial = CampaignForm.initial_for(campaign.content()) | {"version": campaign.version}
    form = CampaignForm(request.POST or None, initial=initial, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                actor=request.user,
                campaign=campaign,
                data=form.data_for_service(),
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"{campaign.reference} updated.")
            return redirect("campaign-detail", pk=campaign.pk)
    return _form_page(request, form, campaign, title=f"Edit {campaign.reference}")


def campaign_prescreen(request):
    """htmx: the pre-screen findings (and field errors) for the form as typed; nothing is saved."""
    if (denied := role_required(request)) is not None:
        return denied
    campaign = _campaign_or_404(request, request.POST["campaign"]) if request.POST.get("campaign") else None
    # The live panel of the customer's register/edit form (staff pre-screen through the API).
    (policies.campaign_can_edit if campaign else policies.campaign_can_create)(request.user).enforce_for_page()
    brand = None
    if campaign is None and request.POST.get("brand", "").isdecimal():
        brand = Brand.objects.visible_to(request.user).filter(pk=request.POST["brand"]).first()
    raw = CampaignForm.raw_for_preview(request.POST)
    result = services.campaign_prescreen_preview(actor=request.user, raw=raw, brand=brand, campaign=campaign)
    labels = {name: field.label or pretty_name(name) for name, field in CampaignForm(user=request.user).fields.items()}
    errors = {
        labels.get(field, pretty_name(field)): field_messages
        for field, field_messages in result["errors"].items()
        if raw.get(field) not in ("", None, False, [])
    }
    return render(
        request,
        "campaigns/_findings.html",
        {"findings": result["findings"], "errors": errors, "live": True, "has_brand": bool(brand or campaign)},
    )


def campaign_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    campaign = _campaign_or_404(request, pk)
    user = request.user
    events = AuditEvent.objects.for_subject(campaign)
    if not user.is_staff_role:
        events = events.customer_visible()
    reviews = list(campaign.reviews.select_related("decided_by"))
    context = {
        "campaign": campaign,
        "brand": campaign.brand,
        "reviews": reviews,
        "events": events[:100],
        "changes": services.campaign_changes_since_rejection(campaign=campaign)
        if campaign.status in (CampaignStatus.REJECTED, CampaignStatus.SUBMITTED, CampaignStatus.IN_REVIEW)
        else [],
        # Only the ticked ones, so the template's {% empty %} shows "—" when there are none.
        "attributes": [
            (campaign._meta.get_field(name).verbose_name, True) for name in ATTRIBUTE_FIELDS if getattr(campaign, name)
        ],
        "is_low_volume": campaign.use_case == UseCase.LOW_VOLUME,
        # N3: every carrier's decision (one query for the campaign's rows).
        "carriers": campaign_carrier_table(statuses=campaign.carrier_statuses.all()) if campaign.registered_at else [],
        "carrier_choices": Carrier.choices,
        "carrier_states": CarrierState.choices,
        # V3: what the campaign would get if registered now (the registered tier is on the campaign itself).
        "forecast": services.campaign_throughput(campaign=campaign)[1] if campaign.registered_at is None else None,
        "v8_note": services.V8_NOTE,
        "can_edit": policies.campaign_can_edit(user, campaign).allowed,
        "can_submit": policies.campaign_can_submit(user, campaign).allowed,
        "prerequisites": services.campaign_prerequisites(campaign=campaign)
        if campaign.status in (*EDITABLE_STATES, *REVIEWABLE_STATES)
        else [],
    }
    if user.is_staff_role and campaign.status in REVIEWABLE_STATES:
        catalogue = picker_catalogue()
        context["review_form"] = CampaignReviewForm(
            initial={"version": campaign.version},
            codes=[c.code for c in catalogue.codes],
            number_pool=campaign.number_pool,
        )
        context["catalogue"] = catalogue
        suggested = list(dict.fromkeys(f["code"] for f in campaign.findings))
        by_code = catalogue.by_code()
        context["suggested"] = [by_code[code] for code in suggested if code in by_code]
        context["can_decide"] = policies.campaign_can_review(user, campaign).allowed
    return render(request, "campaigns/detail.html", context)


def _after(request, campaign, action, message):
    run_and_report(request, action, message)
    return redirect("campaign-detail", pk=campaign.pk)


@require_POST
def campaign_submit(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.campaign_can_submit(request.user).enforce_for_page()
    campaign = _campaign_or_404(request, pk)
    version = request.POST.get("version") or None
    return _after(
        request,
        campaign,
        lambda: services.campaign_submit(actor=request.user, campaign=campaign, expected_version=version),
        f"{campaign.reference} submitted for review.",
    )


@require_POST
def campaign_start_review(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.campaign_can_start_review(request.user).enforce_for_page()
    campaign = _campaign_or_404(request, pk)
    return _after(
        request,
        campaign,
        lambda: services.campaign_start_review(actor=request.user, campaign=campaign),
        f"You are reviewing {campaign.reference}.",
    )


@require_POST
def campaign_review(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.campaign_can_review(request.user).enforce_for_page()
    campaign = _campaign_or_404(request, pk)
    form = CampaignReviewForm(
        request.POST, codes=RejectionCode.objects.values_list("code", flat=True), number_pool=campaign.number_pool
    )
    if not form.is_valid():
        messages.error(request, "Choose a decision" + (" and known codes." if "codes" in form.errors else "."))
        return redirect("campaign-detail", pk=campaign.pk)
    decision = form.cleaned_data["decision"]
    return _after(
        request,
        campaign,
        lambda: services.campaign_review(
            actor=request.user,
            campaign=campaign,
            decision=decision,
            codes=form.cleaned_data["codes"],
            reason=form.cleaned_data["reason"],
            checklist=form.checklist(),
            expected_version=form.cleaned_data["version"],
        ),
        f"{campaign.reference} {'approved' if decision == ReviewDecision.APPROVE else 'rejected'}.",
    )


@require_POST
def campaign_carrier_set(request, pk):
    """N3: staff record one carrier's decision from the campaign page."""
    if (denied := role_required(request)) is not None:
        return denied
    policies.campaign_can_set_carrier_status(request.user).enforce_for_page()
    campaign = _campaign_or_404(request, pk)
    carrier = request.POST.get("carrier", "")
    label = dict(Carrier.choices).get(carrier, carrier)
    run_and_report(
        request,
        lambda: services.campaign_carrier_set(
            actor=request.user,
            campaign=campaign,
            carrier=carrier,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        ),
        lambda result: f"{label}: {result[0].get_status_display().lower()}" + ("." if result[1] else " (unchanged)."),
    )
    return redirect(reverse("campaign-detail", args=[campaign.pk]) + "#carriers")


campaign_suspend = staff_reason_action(
    services.campaign_suspend,
    policy=policies.campaign_can_suspend,
    load=_campaign_or_404,
    subject="campaign",
    detail="campaign-detail",
    message=lambda campaign, _: f"{campaign.reference} suspended.",
)
campaign_reinstate = staff_reason_action(
    services.campaign_reinstate,
    policy=policies.campaign_can_reinstate,
    load=_campaign_or_404,
    subject="campaign",
    detail="campaign-detail",
    message=lambda campaign, _: f"{campaign.reference} reinstated.",
)


@require_POST
def campaigns_resubmit_for_vet(request):
    """V7 bulk action from the list (or one campaign's page)."""
    if (denied := role_required(request)) is not None:
        return denied
    policies.campaign_can_resubmit_for_vet(request.user).enforce_for_page()
    ids = [int(i) for i in request.POST.getlist("campaigns") if i.isdecimal()]
    back = request.POST.get("next") or reverse("campaign-list") + "?needs_resubmission=1"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = reverse("campaign-list")
    if not ids:
        messages.error(request, "Choose campaigns that need a resubmission.")
        return redirect(back)
    # (ids beyond a bigint match nothing; SQLite would overflow on them)
    campaigns = list(Campaign.objects.visible_to(request.user).filter(pk__in=[i for i in ids if i < 2**63]))
    if len(campaigns) != len(set(ids)):
        # Another account's campaign answers like one that does not exist (as the API does).
        raise Http404("No such campaign.")
    try:
        done = services.campaigns_resubmit_for_vet(actor=request.user, campaigns=campaigns)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
    else:
        messages.success(request, f"{len(done)} campaign(s) registered again with the vet in force.")
    return redirect(back)


def brand_campaign_panel(request, brand):
    """The brand page's campaigns panel: its campaigns and, for customers, a register button."""
    campaigns = list(brand.campaigns.select_related("tier").order_by("-created_at")[:50])
    return "campaigns/_brand_panel.html", {
        "campaigns": campaigns,
        "can_register": policies.campaign_can_create(request.user).allowed,
        "flagged": [c for c in campaigns if c.needs_resubmission],
    }
