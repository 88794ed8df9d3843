"""Pages of traffic health and enforcement, and the panels health adds to the dashboard and the sub-account page."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import SubAccount
from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from campaigns.choices import CampaignStatus
from campaigns.models import Campaign
from core.errors import DomainError
from core.forms import apply_domain_error, is_staff, run_and_report
from senders.choices import SenderStatus
from senders.models import SenderId

from . import policies, selectors, services
from .choices import STEP_CUSTOMER_TEXT
from .constants import CHART_DAYS
from .forms import ApplyStepForm, CompromiseForm, ViolationForm
from .models import DayVerdict, EnforcementAction, TrafficHealthCase, Violation
from .rows import day_rows, overview_rows
from .wording import reminder_text

PAGE_SIZE = 50


def _sub_account(request, pk) -> SubAccount:
    return get_visible_or_404(SubAccount.objects.select_related("account"), request.user, pk=pk)


# ----------------------------------------------------------------------------------------------------------
# Panels (registered in HealthConfig.ready)
# ----------------------------------------------------------------------------------------------------------


def dashboard_reminder_panel(request):
    """M2.4: the customer's "at risk" reminder on their dashboard: their sub-accounts with a recent watch or bad
    day, with the figures and what to do."""
    user = request.user
    if not getattr(user, "is_customer", False):
        return None
    shown, total = selectors.at_risk_for_account(account_id=user.account_id)
    if not shown:
        return None
    policy = selectors.health_policy()
    items = [
        (standing.sub_account, reminder_text(standing.risky_day, policy)) for standing in shown if standing.risky_day
    ]
    return "health/_dashboard_reminder.html", {"items": items, "more": total - len(items)}


def sub_account_panel(request, subject):
    """M2.4 / M4: on the sub-account page — the reminder, the chart link, the open case, violations and steps; for
    staff, the ladder's proposal with the form to apply it."""
    user = request.user
    day = selectors.at_risk_day(sub_account_id=subject.pk)
    violations = list(
        Violation.objects.filter(sub_account=subject).select_related("action").order_by("-created_at", "-id")[:10]
    )
    context = {
        "reminder": reminder_text(day, selectors.health_policy()) if day is not None else None,
        "reminder_day": day,
        "violations": violations,
        "actions": selectors.actions_for(sub_account_id=subject.pk, limit=10),
        "case": selectors.open_case_for(sub_account_id=subject.pk),
        "step_words": STEP_CUSTOMER_TEXT,
    }
    if policies.violation_can_see_proposal(user):
        context["proposal"] = selectors.proposal_for(sub_account=subject)
        context["form"] = ApplyStepForm(initial={"step": context["proposal"].step} if context["proposal"] else None)
        context["targets"] = _targets(subject)
    return "health/_sub_account_panel.html", context


def _targets(sub_account: SubAccount) -> list[str]:
    """Hints for the sender id or campaign step (the first 50 of each)."""
    campaigns = Campaign.objects.filter(brand__sub_account=sub_account, status=CampaignStatus.APPROVED).order_by("pk")[
        :50
    ]
    senders = SenderId.objects.filter(sub_account=sub_account, status=SenderStatus.ACTIVE).order_by("number")[:50]
    return [c.reference for c in campaigns.only("pk")] + list(senders.values_list("number", flat=True))


def nav_link(request):
    user = request.user
    if policies.health_can_see_overview(user):
        return ("Traffic health", reverse("health-overview"))
    if getattr(user, "is_customer", False):
        return ("Violations", reverse("health-violation-list"))
    return None


# ----------------------------------------------------------------------------------------------------------
# Pages
# ----------------------------------------------------------------------------------------------------------


def overview(request):
    """M2.5: every judged sub-account, riskiest first, 50 a page (constant queries)."""
    if (denied := role_required(request, staff=True)) is not None:
        return denied
    # The page's ids first (an index-only walk of the risk index), then its 50 rows with their joins: a deep page
    # then skips index entries, not joined rows.
    ids = selectors.standing_overview().values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = {s.pk: s for s in selectors.standing_overview().filter(pk__in=list(page.object_list))}
    rows = overview_rows(by_id[pk] for pk in page.object_list if pk in by_id)
    return render(request, "health/overview.html", {"page_obj": page, "rows": rows})


def sub_account_health(request, pk):
    """M2.5: a sub-account's 90 days of daily rates with the threshold lines (uPlot; data by json_script)."""
    if (denied := role_required(request)) is not None:
        return denied
    sub_account = _sub_account(request, pk)
    series = selectors.chart_series(sub_account_id=sub_account.pk)
    days = list(
        DayVerdict.objects.filter(sub_account=sub_account, day__gte=series.days[0]).order_by("-day")[:CHART_DAYS]
    )
    return render(
        request,
        "health/sub_account_health.html",
        {"sub_account": sub_account, "chart": series.as_json(), "series": series, "rows": day_rows(days)},
    )


def case_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    case = get_visible_or_404(
        TrafficHealthCase.objects.select_related("sub_account__account", "reported_by"), request.user, pk=pk
    )
    days = DayVerdict.objects.filter(case=case).order_by("-day")
    return render(
        request,
        "health/case_detail.html",
        {"case": case, "days": days[:60], "day_count": days.count(), "step_words": STEP_CUSTOMER_TEXT},
    )


@require_POST
def case_close(request, pk):
    if (denied := role_required(request, staff=True)) is not None:
        return denied
    case = get_visible_or_404(TrafficHealthCase.objects.all(), request.user, pk=pk)
    run_and_report(
        request,
        lambda: services.case_close(actor=request.user, case=case, reason=request.POST.get("reason", "")),
        lambda closed: f"{closed.work_reference} closed.",
    )
    return redirect(case.get_absolute_url())


def violation_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    queryset = selectors.violations_visible(request.user).order_by("-created_at", "-id")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "health/violation_list.html",
        {"page_obj": page, "violations": page.object_list, "step_words": STEP_CUSTOMER_TEXT},
    )


def violation_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    violation = get_visible_or_404(selectors.violations_visible(request.user), request.user, pk=pk)
    context = {"violation": violation, "step_words": STEP_CUSTOMER_TEXT}
    if policies.violation_can_see_proposal(request.user):
        context["proposal"] = selectors.proposal_for(sub_account=violation.sub_account)
        context["form"] = ApplyStepForm(initial={"step": context["proposal"].step} if context["proposal"] else None)
        context["targets"] = _targets(violation.sub_account)
    return render(request, "health/violation_detail.html", context)


def violation_create(request):
    if (denied := role_required(request, staff=True)) is not None:
        return denied
    policies.violation_can_record(request.user).enforce_for_page()
    form = ViolationForm(request.POST or None, initial={"sub_account": request.GET.get("sub_account", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sub_account = SubAccount.objects.select_related("account").filter(pk=data["sub_account"]).first()
        if sub_account is None:
            form.add_error("sub_account", f"No sub-account has the id {data['sub_account']}.")
        else:
            try:
                violation = services.violation_record(
                    actor=request.user,
                    sub_account=sub_account,
                    kind=data["kind"],
                    severity=data["severity"],
                    evidence=data["evidence"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc, staff=True)
            else:
                messages.success(request, f"{violation.reference} recorded against {sub_account}.")
                return redirect(violation.get_absolute_url())
    return render(request, "health/violation_form.html", {"form": form})


TARGET_CAMPAIGN = re.compile(r"^\s*C-?(\d{1,18})\s*$", re.IGNORECASE)


def _resolve_target(sub_account: SubAccount, target: str) -> tuple[Campaign | None, SenderId | None]:
    """The campaign (“C-12”) or the sender number the staff member typed, in this sub-account."""
    target = (target or "").strip()
    if not target:
        return None, None
    if match := TARGET_CAMPAIGN.match(target):
        campaign = Campaign.objects.select_related("brand").filter(pk=int(match.group(1))).first()
        if campaign is None or campaign.brand.sub_account_id != sub_account.pk:
            raise DomainError("invalid", f"{sub_account} has no campaign {target}.", field="target")
        return campaign, None
    sender = (
        SenderId.objects.filter(sub_account=sub_account, number=target.replace(" ", ""))
        .exclude(status=SenderStatus.RELEASED)
        .first()
    )
    if sender is None:
        raise DomainError("invalid", f"{sub_account} holds no sender id {target}.", field="target")
    return None, sender


@require_POST
def enforcement_apply(request, pk):
    """M4.2: one click (and a reason) applies the proposed step — or another the staff member chose."""
    if (denied := role_required(request, staff=True)) is not None:
        return denied
    sub_account = _sub_account(request, pk)
    form = ApplyStepForm(request.POST)
    back = request.POST.get("next") or reverse("sub-account-detail", args=[sub_account.pk])
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("sub-account-detail", args=[sub_account.pk])
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect(back)
    data = form.cleaned_data
    policies.enforcement_can_apply(request.user, data["step"]).enforce_for_page()

    def apply():
        campaign, sender = _resolve_target(sub_account, data["target"])
        return services.enforcement_apply(
            actor=request.user,
            sub_account=sub_account,
            step=data["step"],
            reason=data["reason"],
            campaign=campaign,
            sender=sender,
        )

    run_and_report(
        request, apply, lambda action: f"E-{action.pk}: {action.get_step_display()} applied to {sub_account}."
    )
    return redirect(back)


def action_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    action = get_visible_or_404(
        EnforcementAction.objects.select_related("sub_account__account", "applied_by", "reinstated_by"),
        request.user,
        pk=pk,
    )
    violations = Violation.objects.filter(action=action).order_by("-created_at", "-id")
    return render(
        request,
        "health/action_detail.html",
        {
            "action": action,
            "violations": violations[:50],
            "violation_count": violations.count(),
            "step_words": STEP_CUSTOMER_TEXT,
            "suspended_rows": _suspended_rows(action.suspended),
            "reinstated_rows": _suspended_rows(action.reinstated),
        },
    )


SUSPENDED_LABELS = {
    "accounts": "Account",
    "sub_accounts": "Sub-account",
    "campaigns": "Campaigns",
    "sender_ids": "Sender ids",
}


def _suspended_rows(suspended: dict) -> list[tuple[str, str]]:
    rows = []
    for key, ids in (suspended or {}).items():
        if ids:
            prefix = "C-" if key == "campaigns" else "#"
            rows.append((SUSPENDED_LABELS.get(key, key), ", ".join(f"{prefix}{i}" for i in ids[:200])))
    return rows


@require_POST
def action_reinstate(request, pk):
    if (denied := role_required(request, staff=True)) is not None:
        return denied
    action = get_visible_or_404(EnforcementAction.objects.all(), request.user, pk=pk)
    policies.enforcement_can_reinstate(request.user, action).enforce_for_page()
    run_and_report(
        request,
        lambda: services.enforcement_reinstate(
            actor=request.user, action=action, reason=request.POST.get("reason", "")
        ),
        lambda done: f"E-{done.pk} reinstated.",
    )
    return redirect(action.get_absolute_url())


def compromise_report(request):
    """M4.4: the customer reports a compromise of their traffic: an urgent case for the compliance team."""
    if (denied := role_required(request, customer=True)) is not None:
        return denied
    policies.compromise_can_report(request.user).enforce_for_page()
    sub_accounts = SubAccount.objects.visible_to(request.user).order_by("name")
    form = CompromiseForm(request.POST or None, sub_accounts=sub_accounts)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.compromise_report(
                actor=request.user,
                sub_account=form.cleaned_data["sub_account"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc, staff=is_staff(request))
        else:
            messages.success(
                request, f"Thank you. Our compliance team has your report ({case.work_reference}) as urgent."
            )
            return redirect(case.get_absolute_url())
    return render(request, "health/compromise_form.html", {"form": form})
