"""Traffic pages: sending-platform tokens and the fraud-shield address (customers), alerts (customers: their own;
staff: all, with acknowledge and close)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import Account
from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from core.errors import DomainError
from core.forms import apply_domain_error

from . import policies, services
from .forms import ReasonForm, TokenForm
from .models import Alert, FraudShieldSecret, PlatformToken

PAGE = 50


def nav_link(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role is None:
        return None
    return ("Traffic alerts", reverse("traffic-alerts"))


def _fraud_shield_url(request, raw: str) -> str:
    return request.build_absolute_uri(reverse("traffic-fraud-shield-hook", args=[raw]))


def token_list(request):
    if (denied := role_required(request, customer=True)) is not None:
        return denied
    form = TokenForm(request.POST or None) if request.POST.get("action") == "create" else TokenForm()
    shown = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create" and form.is_valid():
            try:
                token, raw = services.token_create(
                    actor=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                shown = {"token": raw, "token_name": token.name}
                form = TokenForm()
        elif action == "rotate":
            raw = services.fraud_shield_rotate(actor=request.user, account=request.user.account)
            shown = {"fraud_shield_url": _fraud_shield_url(request, raw)}
    tokens = PlatformToken.objects.visible_to(request.user).select_related("created_by")[:100]
    secret = FraudShieldSecret.objects.filter(account_id=request.user.account_id).first()
    return render(request, "traffic/tokens.html", {"form": form, "tokens": tokens, "secret": secret, **shown})


@require_POST
def token_revoke(request, pk):
    if (denied := role_required(request, customer=True)) is not None:
        return denied
    token = get_visible_or_404(PlatformToken.objects, request.user, pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token {token.name} revoked: it stops working within seconds.")
    return redirect("traffic-tokens")


def fraud_shield_staff(request, account_id):
    """Staff set up or rotate an account's fraud-shield address (e.g. while on the phone with the customer)."""
    if (denied := role_required(request, staff=True)) is not None:
        return denied
    account = get_object_or_404(Account, pk=account_id)
    policies.fraud_shield_can_rotate(request.user, account).enforce_for_page()
    shown = {}
    if request.method == "POST":
        raw = services.fraud_shield_rotate(actor=request.user, account=account)
        shown = {"fraud_shield_url": _fraud_shield_url(request, raw)}
    secret = FraudShieldSecret.objects.filter(account_id=account.pk).first()
    return render(request, "traffic/fraud_shield_staff.html", {"account": account, "secret": secret, **shown})


def alert_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    queryset = Alert.objects.visible_to(request.user).exclude(state="new").select_related("sub_account__account")
    before = request.GET.get("before", "")
    if before:
        if not (before.isascii() and before.isdecimal() and len(before) <= 18):
            raise Http404("No such page.")
        queryset = queryset.filter(pk__lt=int(before))
    alerts = list(queryset.order_by("-id")[: PAGE + 1])
    more = len(alerts) > PAGE
    alerts = alerts[:PAGE]
    return render(
        request,
        "traffic/alerts.html",
        {"alerts": alerts, "next_before": alerts[-1].pk if more else None},
    )


def alert_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    alert = get_visible_or_404(
        Alert.objects.exclude(state="new").select_related("sub_account__account"), request.user, pk=pk
    )
    return render(request, "traffic/alert_detail.html", {"alert": alert, "form": ReasonForm()})


@require_POST
def alert_decide(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    alert = get_visible_or_404(Alert.objects.exclude(state="new"), request.user, pk=pk)
    service = {"acknowledge": services.alert_acknowledge, "close": services.alert_close}.get(request.POST.get("action"))
    policy = {"acknowledge": policies.alert_can_acknowledge, "close": policies.alert_can_close}.get(
        request.POST.get("action"), policies.alert_can_close
    )
    policy(request.user).enforce_for_page()
    form = ReasonForm(request.POST)
    if service is not None and form.is_valid():
        try:
            service(actor=request.user, alert=alert, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, "Alert updated.")
            return redirect(alert.get_absolute_url())
    elif service is None:
        form.add_error(None, "Choose acknowledge or close.")
    return render(request, "traffic/alert_detail.html", {"alert": alert, "form": form}, status=400)
