from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, ListView

from core.errors import DomainError
from core.forms import apply_domain_error

from . import policies, services
from .actions import staff_reason_action
from .forms import SubAccountForm
from .models import Account, SubAccount
from .permissions import SignedInRoleMixin, StaffRequiredMixin
from .tenancy import get_visible_or_404


class SubAccountListView(SignedInRoleMixin, ListView):
    template_name = "accounts/sub_account_list.html"
    context_object_name = "sub_accounts"
    paginate_by = 50

    def get_queryset(self):
        queryset = SubAccount.objects.visible_to(self.request.user).select_related("account")
        self.account = None
        # Staff come here from the account list: one account's sub-accounts, however many it has.
        if self.request.user.is_staff_role and (account_id := self.request.GET.get("account", "")).isdigit():
            self.account = Account.objects.filter(pk=account_id).first()
            queryset = queryset.filter(account_id=account_id)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = SubAccountForm()
        context["account"] = self.account
        return context


class SubAccountCreateView(SignedInRoleMixin, FormView):
    form_class = SubAccountForm
    template_name = "accounts/sub_account_form.html"

    def allowed(self, user) -> bool:
        return user.is_customer

    def form_valid(self, form):
        try:
            sub_account = services.sub_account_create(actor=self.request.user, name=form.cleaned_data["name"])
        except DomainError as exc:
            apply_domain_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Sub-account {sub_account.friendly_name} created.")
        return redirect("sub-account-detail", pk=sub_account.pk)


class SubAccountDetailView(SignedInRoleMixin, DetailView):
    template_name = "accounts/sub_account_detail.html"
    context_object_name = "sub_account"

    def get_object(self, queryset=None):
        return get_visible_or_404(SubAccount.objects.select_related("account"), self.request.user, pk=self.kwargs["pk"])


class AccountListView(StaffRequiredMixin, ListView):
    """Staff: customer accounts, 50 a page, each with its number of sub-accounts (listed one click away: an
    account can hold thousands, so the page never renders them inline)."""

    template_name = "accounts/account_list.html"
    context_object_name = "accounts"
    paginate_by = 50

    def get_queryset(self):
        # A correlated count, not a GROUP BY: the database counts sub-accounts for the 50 listed accounts only.
        count = SubAccount.objects.filter(account=OuterRef("pk")).order_by().values("account").annotate(n=Count("id"))
        queryset = Account.objects.annotate(sub_account_count=Coalesce(Subquery(count.values("n")), 0))
        if q := self.request.GET.get("q", "").strip()[:100]:
            queryset = queryset.filter(name__icontains=q)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.request.GET.get("q", "").strip()[:100]
        user = self.request.user
        context["can_suspend"] = policies.account_can_suspend(user).allowed
        context["can_reinstate"] = policies.account_can_reinstate(user).allowed
        return context


def _sub_account_or_404(request, pk) -> SubAccount:
    return get_visible_or_404(SubAccount.objects.select_related("account"), request.user, pk=pk)


def _account_or_404(request, pk) -> Account:
    return get_visible_or_404(Account.objects.all(), request.user, pk=pk)


def _account_row(account: Account) -> str:
    """Back to the account list, showing the account just acted on."""
    return f"{reverse('account-list')}?{urlencode({'q': account.name})}"


def _actions(subject: str, load, detail, *steps):
    """Page actions taking a reason, one per ``(service, policy, verb)`` step, on the object ``load`` finds."""
    return [
        staff_reason_action(
            service,
            policy=policy,
            load=load,
            subject=subject,
            detail=detail,
            message=lambda obj, suspension, verb=verb: f"{obj} {verb}{suspension.along_text()}.",
        )
        for service, policy, verb in steps
    ]


# C8: staff suspend a sub-account from its page.
sub_account_suspend, sub_account_reinstate = _actions(
    "sub_account",
    _sub_account_or_404,
    "sub-account-detail",
    (services.sub_account_suspend, policies.sub_account_can_suspend, "suspended"),
    (services.sub_account_reinstate, policies.sub_account_can_reinstate, "reinstated"),
)
# M4.2: a manager suspends an account from the account list.
account_suspend, account_reinstate = _actions(
    "account",
    _account_or_404,
    _account_row,
    (services.account_suspend, policies.account_can_suspend, "suspended"),
    (services.account_reinstate, policies.account_can_reinstate, "reinstated"),
)


def _reseller_action(service, policy, message: str):
    return staff_reason_action(
        service,
        policy=policy,
        load=_account_or_404,
        subject="account",
        detail=_account_row,
        message=lambda account, _: f"The account {account} {message}.",
    )


# S4: staff mark an account serving other ISVs; a manager approves it, from the account list.
account_reseller_mark = _reseller_action(
    services.account_mark_reseller, policies.account_can_mark_reseller, "is marked as serving other ISVs"
)
account_reseller_approve = _reseller_action(
    services.account_approve_reseller, policies.account_can_approve_reseller, "is approved to serve other ISVs"
)
