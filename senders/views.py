"""Sender id pages and the subject-page panels: thin views over ``senders.services``."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.actions import staff_reason_action
from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from campaigns.models import Campaign
from core.forms import run_and_report

from . import policies, services
from .choices import SenderStatus
from .models import HELD, SenderId
from .selectors import segregation_rows, segregation_violations, sender_list_for

#: How many numbers a subject-page panel lists before pointing at the filtered list page.
PANEL_ROWS = 50


def _id(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdecimal() and len(value) <= 18 else None


def _sender_or_404(request, pk) -> SenderId:
    return get_visible_or_404(sender_list_for(user=request.user), request.user, pk=pk)


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def sender_list(request):
    """Customers: their account's sender ids; staff: every account's (search by number, filters)."""
    if (denied := role_required(request)) is not None:
        return denied
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    status = status if status in SenderStatus.values else ""
    campaign_id, brand_id = _id(request.GET.get("campaign")), _id(request.GET.get("brand"))
    senders = sender_list_for(user=request.user, campaign_id=campaign_id, brand_id=brand_id, status=status, q=q)
    page = Paginator(senders.order_by("-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "senders/list.html",
        {
            "page_obj": page,
            "senders": page.object_list,
            "q": q,
            "status": status,
            "campaign_id": campaign_id,
            "brand_id": brand_id,
            "statuses": SenderStatus.choices,
        },
    )


def sender_detail(request, pk):
    """One sender id and its number's history (every row of that number, all of the same brand: S1)."""
    if (denied := role_required(request)) is not None:
        return denied
    sender = _sender_or_404(request, pk)
    history = sender_list_for(user=request.user).filter(number=sender.number).order_by("-assigned_at", "-id")[:50]
    return render(request, "senders/detail.html", {"sender": sender, "history": history})


@require_POST
def sender_assign(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.sender_can_assign(request.user).enforce_for_page()
    campaign_id = _id(request.POST.get("campaign"))
    campaign = get_visible_or_404(Campaign.objects.all(), request.user, pk=campaign_id if campaign_id else 0)
    number = request.POST.get("number", "")
    run_and_report(
        request,
        lambda: services.sender_assign(actor=request.user, campaign=campaign, number=number),
        lambda sender: f"{sender.number} assigned to {campaign.reference}.",
    )
    return redirect(_back(request, reverse("campaign-detail", args=[campaign.pk]) + "#sender-ids"))


@require_POST
def sender_release(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.sender_can_release(request.user).enforce_for_page()
    sender = _sender_or_404(request, pk)
    run_and_report(
        request,
        lambda: services.sender_release(actor=request.user, sender=sender, reason=request.POST.get("reason", "")),
        lambda released: f"{released.number} released from {sender.campaign.reference}; it stays with its brand.",
    )
    return redirect(_back(request, reverse("sender-detail", args=[sender.pk])))


sender_suspend = staff_reason_action(
    services.sender_suspend,
    policy=policies.sender_can_suspend,
    load=_sender_or_404,
    subject="sender",
    detail="sender-detail",
    message=lambda sender, _: f"{sender.number} suspended.",
)
sender_reinstate = staff_reason_action(
    services.sender_reinstate,
    policy=policies.sender_can_reinstate,
    load=_sender_or_404,
    subject="sender",
    detail="sender-detail",
    message=lambda sender, _: f"{sender.number} reinstated.",
)


def _panel(request, senders, *, title: str, list_query: str, campaign=None) -> tuple[str, dict]:
    held = senders.filter(HELD)
    rows = list(held.select_related("campaign").order_by("-assigned_at", "-id")[: PANEL_ROWS + 1])
    return "senders/_panel.html", {
        "title": title,
        "senders": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "list_url": f"{reverse('sender-list')}?{list_query}",
        "campaign": campaign,
        "can_assign": campaign is not None and policies.sender_can_assign(request.user, campaign).allowed,
        "next": request.get_full_path(),
    }


def campaign_sender_panel(request, campaign):
    """The campaign page: its numbers, the assign form and a release button per number."""
    senders = SenderId.objects.visible_to(request.user).filter(campaign=campaign)
    return _panel(request, senders, title="Sender ids", list_query=f"campaign={campaign.pk}", campaign=campaign)


def brand_sender_panel(request, brand):
    """The brand page: its numbers across its campaigns."""
    senders = SenderId.objects.visible_to(request.user).filter(brand=brand)
    return _panel(request, senders, title="Sender ids of this brand", list_query=f"brand={brand.pk}")


def nav_link(request):
    user = request.user
    if user.is_authenticated and user.role is not None:
        return ("Sender ids", reverse("sender-list"))
    return None


def segregation_nav_link(request):
    user = request.user
    if user.is_authenticated and user.is_staff_role:
        return ("Segregation", reverse("segregation-list"))
    return None


def segregation_list(request):
    """S3 for staff: sub-accounts whose brands carry more than one tax id — existing data, listed, not changed."""
    if (denied := role_required(request, staff=True)) is not None:
        return denied
    page = Paginator(segregation_violations(), 25).get_page(request.GET.get("page"))
    ids = [row["sub_account_id"] for row in page.object_list]
    return render(request, "senders/segregation.html", {"page_obj": page, "rows": segregation_rows(ids)})
