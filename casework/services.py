"""Queue rules (Q2, Q3) and comments. Views, the API and the domain services' decision guard call these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from core.errors import DomainError, StateConflict
from core.locking import lock_row, save_versioned
from core.subjects import WorkSubject, work_state

from . import policies
from .choices import Priority
from .models import Comment, SlaPolicy, WorkItem
from .registry import KINDS, kind_of

#: Used when a kind has no SLA row (the migration seeds one per kind; managers may delete one).
DEFAULT_SLA_HOURS = 72
COMMENT_MAX_CHARS = 5000


@dataclass(frozen=True)
class _Subject:
    """What the audit trail needs to file an event about an item's subject without loading it."""

    audit_subject_type: str
    pk: int
    audit_account_id: int
    label: str

    def __str__(self) -> str:
        return self.label


def _subject_of(item: WorkItem) -> _Subject:
    return _Subject(item.kind, item.subject_id, item.account_id, item.subject_label)


def _policy(kind: str) -> tuple[int, int]:
    policy = SlaPolicy.objects.filter(kind=kind).first()
    if policy is None:
        return DEFAULT_SLA_HOURS, Priority.NORMAL
    return policy.hours, policy.default_priority


# ----------------------------------------------------------------------------------------------------------
# Opening, pausing and closing: driven by the subjects' transitions
# ----------------------------------------------------------------------------------------------------------


def workitem_sync(*, subject: WorkSubject) -> WorkItem | None:
    """Bring the subject's work item in line with its state: open it, pause/resume its SLA clock, or close it.

    Called for every transition of the subject's state (``casework.receivers``), inside the service's
    transaction; everything it copies comes from the work-subject contract (``core.subjects``)."""
    queue = kind_of(subject)
    if queue is None:
        return None
    state = work_state(subject)
    now = timezone.now()
    item = (
        WorkItem.objects.select_for_update()
        .filter(kind=queue.kind, subject_id=subject.pk, closed_at__isnull=True)
        .first()
    )
    if state not in subject.work_open_states:
        if item is not None:
            item.state = item.resolution = state
            item.closed_at = now
            if item.paused_at is not None:
                item.sla_due += now - item.paused_at
                item.paused_at = None
            save_versioned(item)
        return item
    opened = item is None
    if opened:
        hours, default_priority = _policy(queue.kind)
        item = WorkItem(
            kind=queue.kind,
            subject_id=subject.pk,
            opened_at=now,
            sla_due=now + timedelta(hours=hours),
            priority=default_priority,
        )
    item.subject_label = subject.work_label[:255]
    item.search = subject.work_search_text
    item.account_id = subject.audit_account_id
    item.state = state
    if subject.work_urgent and item.priority < Priority.URGENT:
        item.priority = Priority.URGENT
    waiting_on_customer = state in subject.work_paused_states
    if waiting_on_customer and item.paused_at is None:
        item.paused_at = now
    elif not waiting_on_customer and item.paused_at is not None:
        item.sla_due += now - item.paused_at  # Q2: the time spent waiting on the customer does not count
        item.paused_at = None
    if opened:
        item.save()
    else:
        save_versioned(item)
    return item


# ----------------------------------------------------------------------------------------------------------
# Q3: claim, release, assign, next — atomic
# ----------------------------------------------------------------------------------------------------------


def _claimed_message(item: WorkItem) -> str:
    since = f" since {item.claimed_at:%Y-%m-%d %H:%M} UTC" if item.claimed_at else ""
    return f"{item.subject_label} is claimed by {item.assignee}{since}; ask them or a manager to release it."


def _refresh(item: WorkItem) -> WorkItem:
    return WorkItem.objects.select_related("assignee", "account").get(pk=item.pk)


@transaction.atomic
def workitem_claim(*, actor: User, item: WorkItem) -> WorkItem:
    """Take an unassigned open item. One conditional UPDATE: of two analysts claiming at once, one wins."""
    policies.workitem_can_claim(actor).enforce()
    now = timezone.now()
    won = WorkItem.objects.filter(pk=item.pk, closed_at__isnull=True, assignee__isnull=True).update(
        assignee=actor, claimed_at=now, version=F("version") + 1
    )
    item = _refresh(item)
    if not won:
        if item.closed_at is not None:
            raise StateConflict("closed", f"{item.subject_label} has left the queue ({item.resolution}).")
        if item.assignee_id == actor.pk:
            return item
        raise StateConflict("claimed", _claimed_message(item))
    audit_record(actor=actor, subject=_subject_of(item), action="claimed", customer_visible=False)
    return item


@transaction.atomic
def workitem_release(*, actor: User, item: WorkItem) -> WorkItem:
    """Give an item back to the queue: its assignee, or a manager."""
    policies.workitem_can_release(actor).enforce()
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the assignee.
    item = lock_row(WorkItem.objects.select_related("assignee"), item.pk, of=("self",))
    if item.closed_at is not None:
        # Its assignee is the record of who worked it: a closed item is history, not something to hand back.
        raise StateConflict("closed", f"{item.subject_label} has left the queue ({item.resolution}).")
    if item.assignee_id is None:
        return item
    if item.assignee_id != actor.pk and not actor.is_manager:
        raise StateConflict("claimed", _claimed_message(item))
    previous = item.assignee
    item.assignee, item.claimed_at = None, None
    save_versioned(item, "assignee", "claimed_at")
    audit_record(
        actor=actor,
        subject=_subject_of(item),
        action="released",
        data={"from": previous.username},
        customer_visible=False,
    )
    return item


@transaction.atomic
def workitem_assign(*, actor: User, items: Iterable[WorkItem], assignee: User | None) -> list[WorkItem]:
    """Managers (re)assign open items, in bulk; ``assignee=None`` returns them to the queue.

    Closed items are refused as a whole batch, so a manager never half-assigns a selection."""
    policies.workitem_can_assign(actor).enforce()
    if assignee is not None and not assignee.is_staff_role:
        raise DomainError("invalid", f"{assignee} is not an analyst or manager.", field="assignee")
    ids = sorted({item.pk for item in items})
    if not ids:
        raise DomainError("required", "Choose at least one work item.", field="items")
    locked = list(WorkItem.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    closed = [item.subject_label for item in locked if item.closed_at is not None]
    if len(locked) != len(ids) or closed:
        raise StateConflict("closed", "Some items have left the queue: " + ", ".join(closed or ["(missing)"]) + ".")
    now = timezone.now()
    for item in locked:
        if item.assignee_id == (assignee.pk if assignee else None):
            continue
        item.assignee = assignee
        item.claimed_at = now if assignee else None
        save_versioned(item, "assignee", "claimed_at")
        audit_record(
            actor=actor,
            subject=_subject_of(item),
            action="assigned" if assignee else "unassigned",
            data={"to": assignee.username if assignee else None},
            customer_visible=False,
        )
    return locked


def workitem_next(*, actor: User, kind: str | None = None) -> WorkItem | None:
    """Q2 "next unassigned item": claim the oldest-due unassigned, unpaused item of a queue in one step.

    ``skip_locked`` lets many analysts press the button at once without waiting on each other; the claim
    itself is the same conditional UPDATE, so a row is never handed out twice."""
    policies.workitem_can_take_next(actor).enforce()
    if kind is not None and kind not in KINDS:
        raise DomainError("invalid", f"Unknown queue “{kind}”; one of {', '.join(KINDS)}.", field="kind")
    for _ in range(5):
        with transaction.atomic():
            candidates = WorkItem.objects.open().filter(assignee__isnull=True, paused_at__isnull=True)
            if kind:
                candidates = candidates.filter(kind=kind)
            item = candidates.select_for_update(skip_locked=True).order_by("sla_due", "id").first()
            if item is None:
                return None
            try:
                return workitem_claim(actor=actor, item=item)
            except StateConflict:
                continue  # taken between the read and the claim (no row locks on SQLite): try the next one
    return None


def workitem_guard_decision(*, actor, subject) -> None:
    """Q3, registered with ``core.hooks``: a staff decision on a subject whose open item is
    claimed by someone else is refused; an unclaimed item is claimed by the one deciding."""
    queue = kind_of(subject)
    if queue is None or actor is None or not getattr(actor, "is_staff_role", False):
        return
    item = (
        WorkItem.objects.select_for_update(of=("self",))  # the assignee join is nullable: lock the item only
        .select_related("assignee")
        .filter(kind=queue.kind, subject_id=subject.pk, closed_at__isnull=True)
        .first()
    )
    if item is None or item.assignee_id == actor.pk:
        return
    if item.assignee_id is not None:
        raise StateConflict("claimed", _claimed_message(item))
    workitem_claim(actor=actor, item=item)


# ----------------------------------------------------------------------------------------------------------
# Comments (Q4)
# ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, actor: User, subject: models.Model, body: str, internal: bool = False) -> Comment:
    """An internal note (staff only) or a message the customer sees; customers write messages on their own
    subjects only (the caller resolved ``subject`` through ``visible_to``)."""
    body = (body or "").strip()
    if not body:
        raise DomainError("required", "Write something first.", field="body")
    if len(body) > COMMENT_MAX_CHARS:
        raise DomainError(
            "invalid",
            f"At most {COMMENT_MAX_CHARS:,} characters; this has {len(body):,} "
            f"({len(body) - COMMENT_MAX_CHARS:,} too many).",
            field="body",
        )
    if not (allowed := policies.comment_can_add(actor, internal=internal)):
        raise DomainError("forbidden", allowed.reason, field="internal" if internal else None)
    comment = Comment.objects.create(
        subject_type=subject.audit_subject_type,
        subject_id=str(subject.pk),
        account_id=subject.audit_account_id,
        author=actor,
        internal=internal,
        body=body,
    )
    audit_record(
        actor=actor,
        subject=subject,
        action="internal_note" if internal else "message",
        data={"comment": comment.pk},
        customer_visible=not internal,
    )
    return comment


# ----------------------------------------------------------------------------------------------------------
# N2: nothing a customer writes lands where nobody looks
# ----------------------------------------------------------------------------------------------------------


def workitem_customer_replied(*, subject: WorkSubject) -> WorkItem | None:
    """The customer wrote on ``subject`` or resubmitted it: flag its work item "customer replied", reopening the
    last closed item (with its assignee, and a fresh SLA) or opening one when the subject never had one.

    Called inside the transaction of the comment or the transition (after ``workitem_sync``); subjects of no
    queue kind have no item (None)."""
    queue = kind_of(subject)
    if queue is None:
        return None
    now = timezone.now()
    items = WorkItem.objects.select_for_update(of=("self",)).filter(kind=queue.kind, subject_id=subject.pk)
    item = items.filter(closed_at__isnull=True).first() or items.order_by("-closed_at", "-id").first()
    hours, default_priority = _policy(queue.kind)
    if item is None:
        item = WorkItem(
            kind=queue.kind,
            subject_id=subject.pk,
            subject_label=subject.work_label[:255],
            search=subject.work_search_text,
            account_id=subject.audit_account_id,
            state=work_state(subject),
            opened_at=now,
            sla_due=now + timedelta(hours=hours),
            priority=default_priority,
            customer_replied_at=now,
        )
        item.save()
        return item
    if item.closed_at is not None:
        item.closed_at, item.resolution, item.paused_at = None, "", None
        item.state = work_state(subject)
        item.sla_due = now + timedelta(hours=hours)
    item.customer_replied_at = now
    save_versioned(item)
    return item


def workitem_reply_seen(*, subject: WorkSubject) -> WorkItem | None:
    """Staff wrote on ``subject``: the customer's reply is answered. An item that was open only for the reply
    (its subject is in no open state) leaves the queue again."""
    queue = kind_of(subject)
    if queue is None:
        return None
    item = (
        WorkItem.objects.select_for_update(of=("self",))
        .filter(kind=queue.kind, subject_id=subject.pk, closed_at__isnull=True)
        .exclude(customer_replied_at=None)
        .first()
    )
    if item is None:
        return None
    item.customer_replied_at = None
    state = work_state(subject)
    if state not in subject.work_open_states:
        item.state = item.resolution = state
        item.closed_at = timezone.now()
    save_versioned(item)
    return item
