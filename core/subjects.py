"""The work-subject contract: what a model offers so that the review queues can hold it.

A queue kind is any model that implements ``WorkSubject``: the queues (``casework``) read only these members,
never a subject's own fields, so a subject needs no brand (a traffic case or a keyword request qualifies as
much as a campaign). Its app implements the members on the model; ``casework.registry`` then needs one row
(model, kind name, queue label) and the SLA policy table one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

#: Where a subject stands with the queues: waiting for staff, waiting on the customer (its SLA clock is
#: paused), or out of the queue.
WorkStatus = Literal["open", "paused", "closed"]


@runtime_checkable
class WorkSubject(Protocol):
    #: The kind name: the queue's name and the subject type its audit events and comments are filed under.
    audit_subject_type: ClassVar[str]
    #: The attribute holding the subject's state. When it is a django-fsm field, each of its transitions
    #: brings the subject's work item up to date (``casework.receivers``); otherwise the subject's service calls
    #: ``casework.services.workitem_sync`` after changing it.
    work_state_field: ClassVar[str]
    #: Every state as (value, label), in workflow order: labels the queue's state filter.
    work_states: ClassVar[Sequence[tuple[str, str]]]
    #: States in which the subject is in a queue.
    work_open_states: ClassVar[frozenset[str]]
    #: Open states in which it waits on the customer: the SLA clock pauses.
    work_paused_states: ClassVar[frozenset[str]]

    pk: Any

    @property
    def audit_account_id(self) -> int:
        """The account the subject belongs to: the tenancy gate of its work item."""

    @property
    def work_label(self) -> str:
        """How a queue row names it ("C-12 Marketing — Acme")."""

    @property
    def work_reference(self) -> str:
        """Its short reference as people type it into the queue search ("C-12")."""

    @property
    def work_search_text(self) -> str:
        """What the queue search matches, lower case (see ``search_text``)."""

    @property
    def work_urgent(self) -> bool:
        """Work that must be decided first (an escalated campaign): its item is raised to urgent."""

    def get_absolute_url(self) -> str:
        """The subject's page, where staff decide it."""


def missing_members(model: type) -> list[str]:
    """The members of the contract ``model`` lacks (none: it may be a queue kind)."""
    members = {*WorkSubject.__annotations__, *(name for name in vars(WorkSubject) if not name.startswith("_"))}
    return sorted(name for name in members if not hasattr(model, name))


def work_state(subject: WorkSubject) -> str:
    return str(getattr(subject, subject.work_state_field))


def work_status(subject: WorkSubject) -> WorkStatus:
    """Whether ``subject`` waits for staff, waits on the customer, or is out of the queue."""
    state = work_state(subject)
    if state not in subject.work_open_states:
        return "closed"
    return "paused" if state in subject.work_paused_states else "open"


def open_state_choices(model: type[WorkSubject]) -> list[tuple[str, str]]:
    """The model's open states with their labels, in workflow order."""
    return [(str(value), str(label)) for value, label in model.work_states if value in model.work_open_states]


def search_text(*parts: object) -> str:
    """The queue search text from its parts (names, tax id, reference, id): the non-empty ones, lower case.

    Subjects build their ``work_search_text`` with it, and bulk loaders (``seed_scale``) too, so what the
    search matches never depends on how the row was written."""
    return " ".join(str(part) for part in parts if part not in (None, "")).lower()
