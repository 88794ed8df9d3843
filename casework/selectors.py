"""Reads for the queue page and the work-items API: filters, search and sort, all in the database."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from accounts.models import User
from core.errors import DomainError

from .choices import SORTS
from .models import WorkItem
from .registry import KINDS, state_choices, state_names

TRUE_VALUES = ("1", "true", "yes")
FALSE_VALUES = ("0", "false", "no")


def queue_views() -> list[str]:
    """The queue page's views: "my work", "all open", one per kind."""
    return ["mine", "all", *KINDS]


def is_id(value) -> bool:
    """A database id as typed in a URL: ASCII digits only ("²" is a digit to ``isdigit`` but not to ``int``),
    short enough for a bigint."""
    return bool(value) and str(value).isdecimal() and str(value).isascii() and len(str(value)) <= 18


def resolve_state(filters: Mapping[str, str], *, kind: str | None) -> str | None:
    """The ``state`` filter as a state value of ``kind`` (any kind when none is chosen). The value or its label
    is accepted in any case ("in review" finds in_review); a state the kind never has in a queue is refused,
    so a mistyped filter is never an empty list that looks like no work."""
    text = (filters.get("state") or "").strip()
    if not text:
        return None
    kind = kind if kind in KINDS else None
    value = state_names(kind).get(text.casefold())
    if value is not None:
        return value
    choices = state_choices(kind)
    where = KINDS[kind].label.lower() if kind in KINDS else "any queue"
    offered = ", ".join(f"{label} ({value})" for value, label in choices)
    raise DomainError(
        "invalid", f"“{text}” is not a state of an open item in {where}; choose one of: {offered}.", field="state"
    )


def workitem_queue(*, user: User, filters: Mapping[str, str]) -> QuerySet[WorkItem]:
    """Open items for staff, filtered by ``view`` (mine/all/<kind>), ``kind``, ``state``, ``assignee``
    (a user id, ``me`` or ``none``), ``account``, ``overdue`` and ``q`` (brand name, EIN, C-123 …), sorted by
    ``sort`` (due/age/priority). ``overdue`` is computed by the database against its own clock. An unknown
    ``state`` raises ``DomainError`` (see ``resolve_state``)."""
    items = WorkItem.objects.visible_to(user).open().select_related("account", "assignee").with_overdue()
    view = filters.get("view") or "all"
    if view == "mine":
        items = items.filter(assignee=user)
    elif view in KINDS:
        items = items.filter(kind=view)
    kind = filters.get("kind")
    if kind in KINDS:
        items = items.filter(kind=kind)
    state = resolve_state(filters, kind=view if view in KINDS else kind)
    if state:
        items = items.filter(state=state)
    assignee = filters.get("assignee")
    if assignee == "me":
        items = items.filter(assignee=user)
    elif assignee == "none":
        items = items.filter(assignee__isnull=True)
    elif is_id(assignee):
        items = items.filter(assignee_id=int(assignee))
    account = filters.get("account")
    if is_id(account):
        items = items.filter(account_id=int(account))
    overdue = str(filters.get("overdue", "")).lower()
    if overdue in TRUE_VALUES:
        items = items.overdue()
    elif overdue in FALSE_VALUES:
        items = items.not_overdue()
    q = (filters.get("q") or "").strip().lower()
    if q:
        digits = q.replace("-", "")
        match = Q(search__contains=q)
        if digits.isdigit() and len(digits) == 9:
            match |= Q(search__contains=digits)  # an EIN typed as NN-NNNNNNN
        items = items.filter(match)
    return items


def queue_ordering(sort: str | None) -> list[str]:
    """The keyset order for a sort key (unknown keys sort by SLA due); ``id`` last makes it total, and each
    order matches one of the partial indexes on open items."""
    field = SORTS.get(sort or "due", SORTS["due"])[1]
    return [field, "sla_due", "id"] if field == "-priority" else [field, "id"]
