"""Pages: the inbox and its bell, email preferences and compliance contacts, webhook endpoints and their log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.tenancy import get_visible_or_404
from core.errors import DomainError
from core.forms import apply_domain_error

from . import catalogue, policies, services
from .choices import Category, EmailMode
from .forms import ContactForm, EndpointForm, PreferenceForm
from .models import ComplianceContact, EmailPreference, Notification, WebhookDelivery, WebhookEndpoint
from .selectors import inbox_for, unread_count

INBOX_PAGE = 25
DELIVERY_PAGE = 25


def header_bell(request):
    """The header's bell with the reader's unread count: one indexed COUNT over their own unread rows."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return "notifications/_bell.html", {"unread": unread_count(user)}


def nav_link(request):
    user = getattr(request, "user", None)
    if user is None or not policies.webhook_can_manage(user):
        return None
    return "Webhooks", reverse("webhooks")


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    notifications = inbox_for(user=request.user, unread_only=unread_only)
    page = Paginator(notifications, INBOX_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "notifications/inbox.html", {"page_obj": page, "notifications": page, "unread_only": unread_only}
    )


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one read; "open" also follows its link (the subject's page)."""
    notification = get_visible_or_404(Notification.objects.select_related("event"), request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    if request.POST.get("open") and notification.event.subject_url:
        return HttpResponseRedirect(notification.event.subject_url)
    return redirect(_safe_next(request, reverse("inbox")))


@login_required
@require_POST
def mark_all_read(request):
    count = services.notification_mark_all_read(actor=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect(_safe_next(request, reverse("inbox")))


@login_required
def preferences(request):
    preference = EmailPreference.objects.filter(user=request.user).first()
    initial = {c: preference.mode_for(c) if preference else EmailMode.IMMEDIATE for c in Category.values}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.email_preference_set(actor=request.user, modes=form.cleaned_data)
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Email preferences saved.")
            return redirect("email-preferences")
    contacts = ComplianceContact.objects.visible_to(request.user) if policies.contact_can_manage(request.user) else []
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "contacts": contacts, "contact_form": ContactForm()},
    )


@login_required
@require_POST
def contact_add(request):
    policies.contact_can_manage(request.user).enforce_for_page()
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{form.cleaned_data['email']} will receive traffic alerts.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("email-preferences")


@login_required
@require_POST
def contact_remove(request, pk: int):
    policies.contact_can_manage(request.user).enforce_for_page()
    contact = get_visible_or_404(ComplianceContact.objects.all(), request.user, pk=pk)
    services.contact_remove(actor=request.user, contact=contact)
    messages.success(request, f"{contact.email} removed.")
    return redirect("email-preferences")


# ----------------------------------------------------------------------------------------------------------
# Webhook endpoints
# ----------------------------------------------------------------------------------------------------------


def _type_choices():
    return [(spec.type, spec.type) for spec in catalogue.all_types()]


@login_required
def endpoint_list(request):
    policies.webhook_can_manage(request.user).enforce_for_page()
    form = EndpointForm(request.POST or None, type_choices=_type_choices())
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.webhook_endpoint_create(
                actor=request.user,
                url=form.cleaned_data["url"],
                event_types=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            # The secret is shown on this answer only; it is never stored in a message or the session.
            return _endpoint_page(request, endpoint, new_secret=secret, status=201)
    endpoints = WebhookEndpoint.objects.visible_to(request.user).order_by("-created_at", "-id")
    return render(request, "notifications/endpoint_list.html", {"endpoints": endpoints, "form": form})


def _endpoint_page(request, endpoint, *, form=None, new_secret: str = "", status: int = 200):
    deliveries = (
        WebhookDelivery.objects.visible_to(request.user)
        .filter(endpoint=endpoint)
        .select_related("event")
        .order_by("-id")
    )
    page = Paginator(deliveries, DELIVERY_PAGE).get_page(request.GET.get("page"))
    form = form or EndpointForm(
        type_choices=_type_choices(),
        initial={
            "url": endpoint.url,
            "events": endpoint.event_types,
            "description": endpoint.description,
            "active": endpoint.active,
        },
    )
    return render(
        request,
        "notifications/endpoint_detail.html",
        {"endpoint": endpoint, "form": form, "page_obj": page, "deliveries": page, "new_secret": new_secret},
        status=status,
    )


@login_required
def endpoint_detail(request, pk: int):
    policies.webhook_can_manage(request.user).enforce_for_page()
    endpoint = get_visible_or_404(WebhookEndpoint.objects.all(), request.user, pk=pk)
    if request.method != "POST":
        return _endpoint_page(request, endpoint)
    form = EndpointForm(request.POST, type_choices=_type_choices(), with_active=True)
    if form.is_valid():
        try:
            services.webhook_endpoint_update(
                actor=request.user,
                endpoint=endpoint,
                url=form.cleaned_data["url"],
                event_types=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
                active=form.cleaned_data["active"],
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Endpoint saved.")
            return redirect(endpoint.get_absolute_url())
    return _endpoint_page(request, endpoint, form=form)


@login_required
@require_POST
def endpoint_rotate(request, pk: int):
    policies.webhook_can_manage(request.user).enforce_for_page()
    endpoint = get_visible_or_404(WebhookEndpoint.objects.all(), request.user, pk=pk)
    endpoint, secret = services.webhook_endpoint_rotate_secret(actor=request.user, endpoint=endpoint)
    return _endpoint_page(request, endpoint, new_secret=secret)


@login_required
@require_POST
def endpoint_delete(request, pk: int):
    policies.webhook_can_manage(request.user).enforce_for_page()
    endpoint = get_visible_or_404(WebhookEndpoint.objects.all(), request.user, pk=pk)
    services.webhook_endpoint_delete(actor=request.user, endpoint=endpoint)
    messages.success(request, f"Endpoint {endpoint.url} deleted.")
    return redirect("webhooks")


@login_required
@require_POST
def delivery_replay(request, pk: int):
    policies.webhook_can_manage(request.user).enforce_for_page()
    delivery = get_visible_or_404(WebhookDelivery.objects.select_related("endpoint"), request.user, pk=pk)
    try:
        services.delivery_replay(actor=request.user, delivery=delivery)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Sent again; the new delivery is at the top of the log.")
    return redirect(delivery.endpoint.get_absolute_url())
