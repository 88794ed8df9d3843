"""Geo permission pages: thin views over ``geo.services`` and ``geo.selectors``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Account, SubAccount
from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from audit.models import AuditEvent
from core.errors import DomainError
from core.forms import apply_domain_error, domain_error_text, is_staff
from core.keyset import keyset_page

from . import policies, selectors, services
from .choices import BreachResponse, RequestStatus
from .constants import MAX_BLOCK_HOURS, MIN_BLOCK_HOURS, RECOMMENDATION_FORMULA
from .forms import DecisionForm, RequestForm
from .models import Country, GeoRequest

REQUEST_PAGE_SIZE = 50


# ----------------------------------------------------------------------------------------------------------
# Whose settings a request is about
# ----------------------------------------------------------------------------------------------------------


def _id(value) -> int | None:
    if value in (None, ""):
        return None
    if not (str(value).isascii() and str(value).isdecimal() and len(str(value)) <= 18):
        raise Http404("No such account.")
    return int(value)


def _scope(request, data=None) -> tuple[Account | None, SubAccount | None]:
    """The account (and sub-account) the page shows: ``sub_account`` names one of the user's (404 otherwise);
    a customer's account is their own; staff name any account with ``account``."""
    data = request.GET if data is None else data
    user = request.user
    sub_id = _id(data.get("sub_account"))
    if sub_id is not None:
        sub_account = get_visible_or_404(SubAccount.objects.select_related("account"), user, pk=sub_id)
        return sub_account.account, sub_account
    if user.is_customer:
        return user.account, None
    account_id = _id(data.get("account"))
    if account_id is None:
        return None, None
    return get_object_or_404(Account, pk=account_id), None


def _page_url(account: Account, sub_account: SubAccount | None) -> str:
    query = {"sub_account": sub_account.pk} if sub_account else {"account": account.pk}
    return f"{reverse('geo-permissions')}?{urlencode(query)}"


# ----------------------------------------------------------------------------------------------------------
# The permissions page
# ----------------------------------------------------------------------------------------------------------


def _row_context(request, account, sub_account, row, *, error=None) -> dict:
    return {
        "row": row,
        "account": account,
        "sub_account": sub_account,
        "responses": BreachResponse.choices,
        "min_block_hours": MIN_BLOCK_HOURS,
        "max_block_hours": MAX_BLOCK_HOURS,
        "row_error": error,
        "may_change": policies.geopermission_can_change(request.user, account),
    }


@require_GET
def geo_permissions(request):
    if (denied := role_required(request)) is not None:
        return denied
    account, sub_account = _scope(request)
    if account is None:
        # Staff without an account: pick one.
        query = request.GET.get("q", "").strip()
        accounts = Account.objects.order_by("name")
        if query:
            accounts = accounts.filter(name__icontains=query)
        return render(request, "geo/account_picker.html", {"accounts": accounts[:50], "q": query})
    rows = selectors.permission_rows(account_id=account.pk, sub_account_id=sub_account.pk if sub_account else None)
    pending = GeoRequest.objects.filter(account=account, status=RequestStatus.PENDING)
    if sub_account is not None:
        pending = pending.filter(sub_account=sub_account)
    return render(
        request,
        "geo/permissions.html",
        {
            "account": account,
            "sub_account": sub_account,
            "rows": rows,
            "enabled_count": sum(1 for row in rows if row.enabled),
            "override_count": sum(1 for row in rows if row.overridden),
            "sub_accounts": selectors.sub_accounts_with_overrides(account_id=account.pk),
            "regions": selectors.regions(),
            "pending": list(pending.select_related("country", "sub_account").order_by("-created_at")[:20]),
            "formula": RECOMMENDATION_FORMULA,
            "responses": BreachResponse.choices,
            "min_block_hours": MIN_BLOCK_HOURS,
            "max_block_hours": MAX_BLOCK_HOURS,
            "may_change": policies.geopermission_can_change(request.user, account),
            "page_url": _page_url(account, sub_account),
        },
    )


def _respond_row(request, account, sub_account, country: str, *, error=None, success=None):
    if request.headers.get("HX-Request"):
        row = selectors.permission_rows(
            account_id=account.pk, sub_account_id=sub_account.pk if sub_account else None, only=country
        )[0]
        return render(request, "geo/_row.html", _row_context(request, account, sub_account, row, error=error))
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return HttpResponseRedirect(_page_url(account, sub_account))


def _country_or_404(code: str) -> Country:
    return get_object_or_404(Country, code=code.upper())


@require_POST
def geo_permission_update(request, country):
    if (denied := role_required(request)) is not None:
        return denied
    account, sub_account = _scope(request, request.POST)
    if account is None:
        raise Http404("No such account.")
    catalogue_row = _country_or_404(country)
    changes = {field: request.POST[field] for field in services.SETTING_FIELDS if field in request.POST}
    if "enabled" in request.POST:
        # A checkbox after its hidden "false": the last value is the box's.
        changes["enabled"] = request.POST.getlist("enabled")[-1]
    try:
        services.geo_permission_set(
            actor=request.user, account=account, sub_account=sub_account, country=catalogue_row.code, changes=changes
        )
    except DomainError as exc:
        problems = [p for field_problems in exc.errors.values() for p in field_problems]
        error = domain_error_text(exc, " ".join(problems) or None, staff=is_staff(request))
        return _respond_row(request, account, sub_account, catalogue_row.code, error=error)
    return _respond_row(request, account, sub_account, catalogue_row.code, success=f"{catalogue_row.name} saved.")


@require_POST
def geo_override_remove(request, country):
    if (denied := role_required(request)) is not None:
        return denied
    account, sub_account = _scope(request, request.POST)
    if sub_account is None:
        raise Http404("Overrides belong to a sub-account.")
    catalogue_row = _country_or_404(country)
    try:
        services.geo_override_remove(actor=request.user, sub_account=sub_account, country=catalogue_row.code)
    except DomainError as exc:
        return _respond_row(
            request, account, sub_account, catalogue_row.code, error=domain_error_text(exc, staff=is_staff(request))
        )
    return _respond_row(
        request,
        account,
        sub_account,
        catalogue_row.code,
        success=f"{catalogue_row.name}: override removed; {sub_account.name} follows the account again.",
    )


@require_POST
def geo_overrides_remove_all(request):
    if (denied := role_required(request)) is not None:
        return denied
    account, sub_account = _scope(request, request.POST)
    if sub_account is None:
        raise Http404("Overrides belong to a sub-account.")
    try:
        removed = services.geo_override_remove(actor=request.user, sub_account=sub_account)
        messages.success(request, f"{removed} override(s) removed; {sub_account.name} follows the account again.")
    except DomainError as exc:
        messages.error(request, domain_error_text(exc, staff=is_staff(request)))
    return HttpResponseRedirect(_page_url(account, sub_account))


@require_POST
def geo_permissions_bulk(request):
    if (denied := role_required(request)) is not None:
        return denied
    account, sub_account = _scope(request, request.POST)
    if account is None:
        raise Http404("No such account.")
    area = request.POST.get("area", "")
    codes = selectors.countries_in(area)
    action = request.POST.get("action")
    if not codes or action not in ("enable", "disable"):
        messages.error(request, "Choose a region and whether to enable or disable it.")
        return HttpResponseRedirect(_page_url(account, sub_account))
    try:
        result = services.geo_permissions_bulk(
            actor=request.user,
            account=account,
            sub_account=sub_account,
            countries=codes,
            enabled=action == "enable",
            justification=request.POST.get("justification", ""),
        )
    except DomainError as exc:
        problems = [p for field_problems in exc.errors.values() for p in field_problems]
        messages.error(request, domain_error_text(exc, " ".join(problems) or None, staff=is_staff(request)))
        return HttpResponseRedirect(_page_url(account, sub_account))
    verb = "enabled" if action == "enable" else "disabled"
    parts = [f"{area}: {len(result.changed)} countries {verb}"]
    if result.requested:
        parts.append(f"{len(result.requested)} requested for review")
    left = [reason for reason in result.skipped.values() if not reason.startswith("already")]
    if left:
        parts.append(f"{len(left)} left as they were ({left[0]})")
    messages.success(request, "; ".join(parts) + ".")
    return HttpResponseRedirect(_page_url(account, sub_account))


# ----------------------------------------------------------------------------------------------------------
# Requests
# ----------------------------------------------------------------------------------------------------------


def _requests_for(user):
    return GeoRequest.objects.visible_to(user).select_related("country", "sub_account__account", "decided_by")


@require_GET
def geo_request_list(request):
    if (denied := role_required(request)) is not None:
        return denied
    requests = _requests_for(request.user)
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    elif is_staff(request) and not status:
        requests = requests.filter(status=RequestStatus.PENDING)
    page = keyset_page(
        requests, fields=["-created_at", "-id"], cursor=request.GET.get("cursor"), size=REQUEST_PAGE_SIZE
    )
    kept = {"status": status} if status else {}
    return render(
        request,
        "geo/request_list.html",
        {
            "requests": page.rows,
            "page": page,
            "page_query": f"{urlencode(kept)}&" if kept else "",
            "status": status,
            "statuses": [(value, label) for value, label in RequestStatus.choices if value != RequestStatus.NEW],
        },
    )


def _request_form(user, data=None, initial=None) -> RequestForm:
    sub_accounts = list(SubAccount.objects.visible_to(user).order_by("name").values_list("id", "name")[:500])
    countries = [
        (code, f"{name} ({code})") for code, name in Country.objects.order_by("name").values_list("code", "name")
    ]
    return RequestForm(data, initial=initial, sub_accounts=sub_accounts, countries=countries)


def geo_request_new(request):
    if (denied := role_required(request)) is not None:
        return denied
    if request.method == "POST":
        form = _request_form(request.user, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            sub_account = get_visible_or_404(
                SubAccount.objects.select_related("account"), request.user, pk=data["sub_account"]
            )
            try:
                georequest = services.geo_request_file(
                    actor=request.user,
                    sub_account=sub_account,
                    country=data["country"],
                    justification=data["justification"],
                )
            except DomainError as exc:
                apply_domain_error(form, exc, staff=is_staff(request))
            else:
                if georequest.status == RequestStatus.GRANTED:
                    messages.success(request, f"{georequest.country.name} is enabled for {sub_account.name}.")
                else:
                    messages.success(
                        request,
                        f"Request for {georequest.country.name} sent; the compliance team reviews it.",
                    )
                return redirect("geo-request-detail", georequest.pk)
    else:
        policies.georequest_can_file(request.user).enforce_for_page()
        initial = {key: request.GET[key] for key in ("sub_account", "country") if request.GET.get(key)}
        form = _request_form(request.user, initial=initial)
    return render(request, "geo/request_form.html", {"form": form})


@require_GET
def geo_request_detail(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    georequest = get_visible_or_404(_requests_for(request.user), request.user, pk=pk)
    events = AuditEvent.objects.for_subject(georequest)
    if not is_staff(request):
        events = events.customer_visible()
    decision_form = None
    if georequest.status == RequestStatus.PENDING and policies.georequest_can_decide(request.user, georequest):
        decision_form = DecisionForm(initial={"version": georequest.version})
    return render(
        request,
        "geo/request_detail.html",
        {
            "georequest": georequest,
            "decision_form": decision_form,
            "events": events[:100],
            "may_decide": policies.georequest_can_decide(request.user, georequest),
        },
    )


@require_POST
def geo_request_decide(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.georequest_can_decide(request.user).enforce_for_page()
    georequest = get_visible_or_404(_requests_for(request.user), request.user, pk=pk)
    policies.georequest_can_decide(request.user, georequest).enforce_for_page()
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.geo_request_decide(
                actor=request.user,
                georequest=georequest,
                decision=data["decision"],
                reason=data["reason"],
                expected_version=data["version"],
            )
            messages.success(request, f"Request GR-{georequest.pk} decided.")
        except DomainError as exc:
            problems = [p for field_problems in exc.errors.values() for p in field_problems]
            messages.error(request, domain_error_text(exc, "; ".join(problems) or None, staff=True))
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("geo-request-detail", georequest.pk)


# ----------------------------------------------------------------------------------------------------------
# Hooks: navigation and the sub-account page's panel
# ----------------------------------------------------------------------------------------------------------


def geo_nav_link(request):
    user = request.user
    if not user.is_authenticated or user.role is None:
        return None
    if user.is_staff_role:
        return ("Country requests", reverse("geo-request-list"))
    return ("Geo permissions", reverse("geo-permissions"))


def sub_account_geo_panel(request, sub_account):
    """The sub-account page's panel: what it may send to, its overrides and its waiting requests."""
    account_id = sub_account.account_id
    enabled, override_count = selectors.enabled_countries(account_id=account_id, sub_account_id=sub_account.pk)
    pending = list(
        GeoRequest.objects.filter(account_id=account_id, sub_account=sub_account, status=RequestStatus.PENDING)
        .select_related("country")
        .order_by("-created_at")[:10]
    )
    return (
        "geo/_sub_account_panel.html",
        {
            "enabled": enabled,
            "override_count": override_count,
            "pending": pending,
            "url": _page_url(sub_account.account, sub_account),
        },
    )
