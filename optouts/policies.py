"""Who may do what with opt-outs, DNC lists, keywords and exemptions (M5): one function per action, asked by the
services (enforced), the pages, the API and the templates (``{% may %}``)."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, customers_only, deny, managers_only, staff_only

NO_DELETE = "Opt-outs are never deleted: a number is messaged again only after it opts back in (START or UNSTOP)."


def _has_role(user) -> Decision:
    if getattr(user, "is_authenticated", False) and getattr(user, "role", None):
        return ALLOWED
    return deny("Your user has no role in the portal.")


def optout_can_view(user) -> Decision:
    return _has_role(user)


def optout_can_add(user) -> Decision:
    """Customers add their own opt-outs by hand or from a file; staff may record one for a customer (a complaint)."""
    return _has_role(user)


def optout_can_delete(user, opt_out=None) -> Decision:
    """M5.2: nobody, through any surface."""
    return deny(NO_DELETE)


def optout_can_set_scope(user) -> Decision:
    return customers_only(user, "The account chooses its own opt-out scope.")


def dnc_can_view(user) -> Decision:
    return staff_only(user, "Only compliance staff see the do-not-call lists.")


def dnc_can_upload(user) -> Decision:
    return managers_only(user, "Only managers upload do-not-call lists.")


def keyword_can_view(user) -> Decision:
    return _has_role(user)


def keyword_can_change(user, keyword=None) -> Decision:
    if not (decision := managers_only(user, "Only managers change the keyword blocklist.")):
        return decision
    if keyword is not None and keyword.retire_announced_at is not None:
        return deny(f"“{keyword.word}” is already being retired; add it again to block it anew.", "M5.4")
    return ALLOWED


def exemption_can_request(user) -> Decision:
    return customers_only(user, "Exemptions are requested by the customer; compliance staff decide them.")


def exemption_can_decide(user, exemption=None) -> Decision:
    if not (decision := staff_only(user, "Only compliance staff decide keyword requests.")):
        return decision
    if exemption is not None and not exemption.is_pending:
        return deny(f"Keyword request #{exemption.pk} is already {exemption.get_status_display().lower()}.", "M5.5")
    return ALLOWED


def branddomain_can_confirm(user) -> Decision:
    return staff_only(user, "Only compliance staff confirm the domains a brand owns.")
