"""Who may do what with geo permissions (M1.1–M1.3): one function per action, asked by the services, the pages,
the API and the templates (``{% may "geopermission_can_change" account as ok %}``)."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, customers_only, deny, staff_only

#: M1.3: why a customer's "enable" goes through a request.
REQUEST_TO_ENABLE = (
    "Countries are enabled through a request: ask for the country for one of your sub-accounts with a short "
    "justification. Low-risk countries are granted at once once the sub-account's brand identity is verified."
)
#: M1.2: why nobody enables a hard-disabled country directly.
HARD_DISABLED = (
    "{name} is hard-disabled: it can only be enabled by a compliance manager, on a request for a sub-account."
)


def _owner_or_staff(user, account_id: int) -> Decision:
    if getattr(user, "is_staff_role", False):
        return ALLOWED
    if getattr(user, "is_customer", False) and user.account_id == account_id:
        return ALLOWED
    return deny("Only the account's own users and the compliance team change its geo permissions.")


def geopermission_can_change(user, account) -> Decision:
    """Change thresholds, responses, block hours, disable countries, remove overrides (M1.1, M1.4)."""
    return _owner_or_staff(user, account.pk)


def geopermission_can_enable(user, country) -> Decision:
    """Turn a disabled country on directly (not through a request). Customers never (M1.3); a hard-disabled
    country nobody, only a manager's grant of a request (M1.2). Codes are the rules: the refusal is about the
    change, not a missing role."""
    if country.hard_disabled:
        return deny(HARD_DISABLED.format(name=country.name), "M1.2")
    if not getattr(user, "is_staff_role", False):
        return deny(REQUEST_TO_ENABLE, "M1.3")
    return ALLOWED


def georequest_can_file(user, sub_account=None) -> Decision:
    """M1.3: a customer asks for a country for one of their own sub-accounts (``None``: any of them)."""
    if not (decision := customers_only(user, "Requests are filed by the account's own users; staff decide them.")):
        return decision
    if sub_account is not None and user.account_id != sub_account.account_id:
        return deny("You can only ask for countries for your own sub-accounts.")
    return ALLOWED


def georequest_can_decide(user, georequest=None) -> Decision:
    """Analysts and managers decide requests; a hard-disabled country's request only a manager (M1.2)."""
    if not (decision := staff_only(user, "Country requests are decided by the compliance team.")):
        return decision
    if georequest is not None and georequest.needs_manager and not getattr(user, "is_manager", False):
        return deny("This country is hard-disabled: only a compliance manager can decide the request.")
    return ALLOWED


def georequest_can_view_queue(user) -> Decision:
    return staff_only(user, "The request queue is for the compliance team.")
