"""Queue pages and the work-item/comments panels shown on every subject page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from accounts.models import Account
from accounts.permissions import role_required
from accounts.tenancy import get_visible_or_404
from core.errors import DomainError
from core.forms import domain_error_text, run_and_report
from core.keyset import keyset_page

from . import policies, services
from .choices import SORTS
from .forms import CommentForm, staff_choices
from .models import Comment, WorkItem
from .registry import KINDS, URL_SENTINEL_ID, id_url, kind_choices, kind_of, state_choices
from .rows import QueueRow, rows_html
from .selectors import queue_ordering, queue_views, resolve_state, workitem_queue

PAGE_SIZE = 50
#: Counting stops here: the page says "1,000+" instead of counting 200,000 rows on every load.
COUNT_LIMIT = 1000


def queue(request, view: str = "all"):
    if (denied := role_required(request)) is not None:
        return denied
    policies.queue_can_view(request.user).enforce_for_page()
    if view not in queue_views():
        raise Http404("No such queue.")
    filters = {**request.GET.dict(), "view": view}
    kind = view if view in KINDS else filters.get("kind")
    filter_error = state = None
    try:
        # The select sends a value; a typed URL may carry a label ("in review"): the select shows what it matched.
        state = resolve_state(filters, kind=kind)
    except DomainError as exc:
        # Say which state is wrong and show the queue without it, rather than an empty list that looks like no work.
        filter_error = exc.message
    filters.pop("state", None)
    if state:
        filters["state"] = state
    items = workitem_queue(user=request.user, filters=filters)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "due"
    fields = queue_ordering(sort)
    page = keyset_page(items, fields=fields, cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    counted = items.order_by().values("id")[: COUNT_LIMIT + 1].count()
    rows = _queue_rows(page.rows)
    # Each link's query string is built once here, not once per row.
    links = {
        "account": _query_without(filters, "account", "cursor", "view"),
        "sort": _query_without(filters, "sort", "cursor", "view"),
        "page": _query_without(filters, "cursor", "view"),
    }
    context = {
        "view": view,
        "views": [("mine", "My work"), ("all", "All open"), *kind_choices()],
        "rows": rows,
        "rows_html": rows_html(
            rows, account_query=links["account"], selectable=policies.workitem_can_assign(request.user).allowed
        ),
        "links": links,
        "page": page,
        "count": min(counted, COUNT_LIMIT),
        "count_capped": counted > COUNT_LIMIT,
        "filters": filters,
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in SORTS.items()],
        "kinds": kind_choices(),
        "staff": list(staff_choices()) if request.user.is_staff_role else [],
        # The account filter is set by clicking an account in the table (a select of every account would not scale).
        "account": Account.objects.filter(pk=filters["account"]).first()
        if str(filters.get("account", "")).isdecimal() and len(filters["account"]) < 18
        else None,
        "next_kind": view if view in KINDS else request.GET.get("kind", ""),
        "states": state_choices(kind if kind in KINDS else None),
        "filter_error": filter_error,
    }
    return render(request, "casework/queue.html", context, status=400 if filter_error else 200)


def _query_without(filters: dict, *dropped: str) -> str:
    """The current filters as a query string prefix (``k=v&``), less ``dropped``."""
    kept = {k: v for k, v in filters.items() if k not in dropped}
    return f"{urlencode(kept)}&" if kept else ""


def _queue_rows(items) -> list[QueueRow]:
    now = timezone.now()
    claim_pattern = reverse("work-claim", args=[URL_SENTINEL_ID])
    return [
        QueueRow(
            pk=item.pk,
            url=KINDS[item.kind].url(item.subject_id),
            label=item.subject_label,
            kind=item.kind.capitalize(),
            account_id=item.account_id,
            account_name=item.account.name,
            age=timesince(item.opened_at, now),
            opened=f"{item.opened_at:%Y-%m-%d %H:%M}",
            due=f"{item.sla_due:%Y-%m-%d %H:%M}",
            paused=item.is_paused,
            overdue=item.is_overdue,
            priority=item.get_priority_display(),
            assignee=item.assignee.username if item.assignee_id else "—",
            state=item.state,
            claimable=not item.assignee_id,
            claim_url=id_url(claim_pattern, item.pk),
            customer_replied=item.customer_replied_at is not None,
        )
        for item in items
    ]


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return target
    return fallback


def _item_or_404(request, pk) -> WorkItem:
    return get_visible_or_404(WorkItem.objects.select_related("assignee"), request.user, pk=pk)


@require_POST
def claim(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.workitem_can_claim(request.user).enforce_for_page()
    item = _item_or_404(request, pk)
    url = KINDS[item.kind].url(item.subject_id)
    run_and_report(
        request, lambda: services.workitem_claim(actor=request.user, item=item), f"You claimed {item.subject_label}."
    )
    return redirect(_back(request, url))


@require_POST
def release(request, pk):
    if (denied := role_required(request)) is not None:
        return denied
    policies.workitem_can_release(request.user).enforce_for_page()
    item = _item_or_404(request, pk)
    url = KINDS[item.kind].url(item.subject_id)
    run_and_report(
        request, lambda: services.workitem_release(actor=request.user, item=item), f"{item.subject_label} released."
    )
    return redirect(_back(request, url))


@require_POST
def assign(request):
    """Managers: (re)assign the selected items (bulk) to one analyst, or back to the queue."""
    if (denied := role_required(request)) is not None:
        return denied
    policies.workitem_can_assign(request.user).enforce_for_page()
    back = _back(request, reverse("queue"))
    ids = [int(i) for i in request.POST.getlist("items") if i.isdecimal() and len(i) < 18]
    assignee_id = request.POST.get("assignee", "")
    assignee = None
    if assignee_id:
        assignee = staff_choices().filter(pk=assignee_id if assignee_id.isdecimal() else 0).first()
        if assignee is None:
            messages.error(request, "Choose an analyst or manager to assign to.")
            return redirect(back)
    items = list(WorkItem.objects.visible_to(request.user).filter(pk__in=ids))
    run_and_report(
        request,
        lambda: services.workitem_assign(actor=request.user, items=items, assignee=assignee),
        f"{len(items)} item(s) assigned to {assignee or 'nobody (back to the queue)'}.",
    )
    return redirect(back)


@require_POST
def take_next(request):
    """Q2: claim the oldest-due unassigned item of the chosen queue and open it."""
    if (denied := role_required(request)) is not None:
        return denied
    policies.workitem_can_take_next(request.user).enforce_for_page()
    kind = request.POST.get("kind") or None
    try:
        item = services.workitem_next(actor=request.user, kind=kind)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc, staff=True))
        return redirect("queue")
    if item is None:
        label = KINDS[kind].label if kind in KINDS else "any queue"
        messages.info(request, f"Nothing unassigned is waiting in {label}.")
        return redirect(reverse("queue-view", args=[kind]) if kind else reverse("queue"))
    messages.success(request, f"You claimed {item.subject_label} (due {item.sla_due:%Y-%m-%d %H:%M} UTC).")
    return redirect(KINDS[item.kind].url(item.subject_id))


@require_POST
def comment_post(request, subject_type: str, subject_id: int):
    if (denied := role_required(request)) is not None:
        return denied
    queue = KINDS.get(subject_type)
    if queue is None:
        raise Http404("No such subject.")
    subject = get_visible_or_404(queue.model.objects.all(), request.user, pk=subject_id)
    url = subject.get_absolute_url()
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write something first.")
        return redirect(url)
    # A customer's form has no "internal" box; a forged one is a plain message, never a hidden note.
    internal = form.cleaned_data["internal"] and policies.comment_can_add(request.user, internal=True).allowed
    run_and_report(
        request,
        lambda: services.comment_add(
            actor=request.user, subject=subject, body=form.cleaned_data["body"], internal=internal
        ),
        "Internal note added." if internal else "Message sent.",
    )
    return redirect(url + "#comments")


# ------------------------------------------------------------------------------------------------
# Panels on every subject page (registered in CaseworkConfig.ready via core.hooks)
# ------------------------------------------------------------------------------------------------


def work_item_panel(request, subject):
    """Staff: the subject's work item (state, SLA, assignee) with claim/release/assign and "next item"."""
    queue = kind_of(subject)
    if queue is None or not request.user.is_staff_role:
        return None
    # The open item if there is one, else the latest closed one.
    item = (
        WorkItem.objects.filter(kind=queue.kind, subject_id=subject.pk)
        .with_overdue()
        .select_related("assignee")
        .order_by(F("closed_at").desc(nulls_first=True), "-opened_at")
        .first()
    )
    return "casework/_work_item_panel.html", {
        "item": item,
        "overdue": bool(item and item.is_overdue),
        "kind": queue.kind,
        "kind_label": queue.label,
        "staff": list(staff_choices()) if request.user.is_manager else [],
        "here": request.get_full_path(),
    }


def comments_panel(request, subject):
    """Everyone with access: the messages; staff also see and write internal notes."""
    queue = kind_of(subject)
    if queue is None:
        return None
    comments = Comment.objects.for_subject(subject).select_related("author")
    if not request.user.is_staff_role:
        comments = comments.customer_visible()
    return "casework/_comments_panel.html", {
        "comments": list(comments[:200]),
        "form": CommentForm(),
        "action": reverse("comment-post", args=[queue.kind, subject.pk]),
        "staff": request.user.is_staff_role,
    }
