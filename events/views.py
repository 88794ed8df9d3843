"""The providers' status-callback hook (M2.1, M2.2) and the customer's page of callback URLs."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import SubAccount
from accounts.permissions import role_required
from core.errors import DomainError
from core.forms import apply_domain_error

from . import policies, providers, services
from .choices import HOOK_PROVIDERS, Provider
from .selectors import hook_for_secret, hooks_for

log = logging.getLogger(__name__)

#: Twilio reads the answer to an inbound message as TwiML: an empty <Response> means "send no reply".
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _refusal(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


@csrf_exempt
@require_POST
def status_hook(request, provider: str, secret: str):
    """``POST /hooks/status/<provider>/<secret>/``: authenticated by the secret URL and, where the customer gave
    the provider's auth token or public key, by the provider's signature (forged → 403, nothing stored)."""
    if provider not in HOOK_PROVIDERS:
        raise Http404
    hook = hook_for_secret(secret)
    if hook is None or hook.provider != provider:
        raise Http404
    now = timezone.now()
    if hook.credential is None:
        return _refusal(403, "hook_credential_unreadable", "The provider credential of this URL must be entered again.")
    if hook.credential and not providers.verify(provider, request, hook.credential, now=now):
        return _refusal(403, "hook_bad_signature", "The provider signature is missing or does not match.")
    try:
        observations = providers.parse(provider, request, now=now)
        for observation in observations:
            services.event_record_callback(hook=hook, observation=observation)
    except services.UnknownSender as exc:
        return _refusal(404, exc.code, exc.message)
    except DomainError as exc:
        return _refusal(400, exc.code, exc.message)
    if provider == Provider.TWILIO:
        return HttpResponse(EMPTY_TWIML, content_type="text/xml")
    return HttpResponse(status=200)


class HookForm(forms.Form):
    provider = forms.ChoiceField(choices=[(p.value, p.label) for p in HOOK_PROVIDERS])
    sub_account = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="For", help_text="One sub-account, or all of them."
    )
    label = forms.CharField(max_length=80, required=False)
    credential = forms.CharField(
        required=False,
        label="Provider auth token or public key",
        widget=forms.PasswordInput(render_value=False),
        help_text="Twilio or Plivo: the auth token; Telnyx: the account's public key. With it, every callback must "
        "carry the provider's valid signature. Stored encrypted and never shown again.",
    )

    def __init__(self, *args, sub_accounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_account"].choices = [("", "All sub-accounts"), *[(s.pk, s.name) for s in sub_accounts]]


def hook_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    policies.hook_can_view(request.user).enforce_for_page()
    can_manage = policies.hook_can_manage(request.user)
    sub_accounts = (
        SubAccount.objects.visible_to(request.user).only("id", "name").order_by("name")[:500] if can_manage else []
    )
    form = HookForm(request.POST or None, sub_accounts=sub_accounts)
    created = None
    if request.method == "POST":
        can_manage.enforce_for_page()
        if form.is_valid():
            try:
                created = services.hook_create(
                    actor=request.user,
                    provider=form.cleaned_data["provider"],
                    sub_account_id=form.cleaned_data["sub_account"],
                    label=form.cleaned_data["label"],
                    credential=form.cleaned_data["credential"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc)
            else:
                form = HookForm(sub_accounts=sub_accounts)
    hooks = hooks_for(user=request.user)[:100]
    context = {"form": form, "hooks": hooks, "can_manage": can_manage}
    if created is not None:
        context["created"] = created.hook
        context["created_url"] = request.build_absolute_uri(f"/hooks/status/{created.hook.provider}/{created.secret}/")
    return render(request, "events/hooks.html", context)


@require_POST
def hook_revoke(request, pk: int):
    if (denied := role_required(request)) is not None:
        return denied
    policies.hook_can_manage(request.user).enforce_for_page()
    try:
        services.hook_revoke(actor=request.user, hook_id=pk)
    except DomainError as exc:
        if exc.code == "not_found":
            raise Http404 from None
        raise
    messages.success(request, "The status-callback URL was revoked; the provider's callbacks to it are refused.")
    return redirect("event-hooks")


def nav_link(request):
    user = request.user
    if user.is_authenticated and policies.hook_can_manage(user):
        return ("Status callbacks", "/traffic/callbacks/")
    return None
