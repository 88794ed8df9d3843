"""Page actions shared by the apps: a staff POST that takes only a reason (suspend, reinstate)."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from core.forms import run_and_report


def staff_reason_action(
    service,
    *,
    load: Callable,
    subject: str,
    detail: str | Callable,
    message: Callable[..., str],
    policy: Callable | None = None,
):
    """A view calling ``service(actor=…, <subject>=obj, reason=…)`` on the object ``load(request, pk)`` returns
    (its tenancy gate), reporting ``message(obj, result)`` or the refusal, then showing the ``detail`` page (a URL
    name taking the object's pk, or a function of the object returning the URL to go back to).
    ``policy(user)`` is the action's "who may do this" (staff only when none is given)."""

    @require_POST
    def view(request, pk):
        if (denied := role_required(request, staff=policy is None)) is not None:
            return denied
        if policy is not None:
            policy(request.user).enforce_for_page()
        obj = load(request, pk)
        reason = request.POST.get("reason", "")
        run_and_report(
            request,
            lambda: service(actor=request.user, **{subject: obj}, reason=reason),
            lambda result: message(obj, result),
        )
        return redirect(detail(obj)) if callable(detail) else redirect(detail, pk=obj.pk)

    return view
