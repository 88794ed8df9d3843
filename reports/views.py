"""Report pages (managers): request, watch progress (htmx polling), download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import role_required
from core.errors import DomainError
from core.forms import apply_domain_error

from . import services
from .downloads import report_file_response
from .forms import ReportForm, recent_brands


def _manager(request):
    denied = role_required(request, staff=True)
    if denied is None and not request.user.is_manager:
        raise PermissionDenied("Only managers export audit reports.")
    return denied


def report_list(request):
    if (denied := _manager(request)) is not None:
        return denied
    initial = {"brand": request.GET.get("brand")} if request.GET.get("brand") else None
    if initial:
        initial["kind"] = "brand_dossier"
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                format=form.cleaned_data["format"],
                params=form.params(),
                page_size=form.cleaned_data.get("page_size") or "",
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            messages.success(request, f"{report.title} ({report.get_format_display()}) requested.")
            return redirect("report-list")
    services.report_sweep_on_page_load()
    reports = services.report_visible(actor=request.user)[:50]
    return render(
        request,
        "reports/list.html",
        {"form": form, "reports": reports, "brands": recent_brands()},
    )


def report_status(request, pk):
    """htmx: one report's row (progress bar, or the download link); keeps polling while it runs."""
    if (denied := _manager(request)) is not None:
        return denied
    report = get_object_or_404(services.report_visible(actor=request.user), pk=pk)
    return render(request, "reports/_row.html", {"report": report})


def report_download(request, pk):
    if (denied := _manager(request)) is not None:
        return denied
    return report_file_response(get_object_or_404(services.report_visible(actor=request.user), pk=pk))
