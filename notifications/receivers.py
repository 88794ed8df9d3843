"""Where events come from, each inside the transaction of the change it announces.

* The audit trail: every transition and decision is already audited in its service's transaction, so one
  receiver on ``AuditEvent`` creation turns the customer-visible ones the catalogue names into events (N1), and
  turns customer messages into "customer replied" on the work item plus a notice to its assignee (N2).
* Resubmissions (a customer moving a decided subject back into the queue) arrive by django-fsm's
  ``post_transition`` — after casework's own receiver has opened the new item (apps connect in layer order).
* The second-wave apps' signals: carrier alerts (M3), health reminders, violations, keyword announcements.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django_fsm.signals import post_transition

from audit.models import AuditEvent
from casework.models import WorkItem
from casework.registry import kind_of
from casework.services import workitem_customer_replied, workitem_reply_seen
from core.wording import without_rule_ids
from health.signals import reminder_raised, violation_recorded
from optouts.signals import keyword_change_announced
from rejections.models import RejectionCode
from traffic.signals import alert_raised

from . import catalogue
from .choices import Audience
from .services import event_announce_to_all, event_raise
from .subjects import load_subject, subject_reference, subject_url, url_by_name


def _reasons(codes: list[str], reason: str) -> list[dict]:
    """The decision's reasons: each registry code with its catalogue wording and remediation, then the
    reviewer's own words (rule ids taken out: customers read plain words)."""
    catalogue_rows = RejectionCode.objects.in_bulk([c for c in codes if c]) if codes else {}
    reasons = []
    for code in codes:
        row = catalogue_rows.get(code)
        if row is not None:
            reasons.append({"code": code, "description": row.reason, "remediation": row.remediation})
    if reason and (plain := without_rule_ids(reason).strip()):
        reasons.append({"code": None, "description": plain})
    return reasons


def _is_customer(user) -> bool:
    return user is not None and getattr(user, "is_customer", False)


def _is_staff(user) -> bool:
    return user is not None and getattr(user, "is_staff_role", False)


@receiver(post_save, sender=AuditEvent, dispatch_uid="notifications_from_audit")
def event_from_audit(sender, instance: AuditEvent, created: bool, **kwargs) -> None:
    if not created or instance.account_id is None:
        return
    action = instance.action
    if action in ("message", "internal_note"):
        _on_comment(instance)
        return
    if not instance.customer_visible:
        return
    spec = catalogue.for_audit(instance.subject_type, action, instance.to_state)
    if spec is None:
        return
    # Known pages are linked without loading the subject (no query on the request); the worker fills in the
    # reference. Other subjects are loaded for their page.
    url = url_by_name(instance.subject_type, instance.subject_id)
    reference = None
    if url is None:
        subject = load_subject(instance.subject_type, instance.subject_id)
        url, reference = subject_url(subject, instance.subject_type), subject_reference(subject, "")
    event_raise(
        account_id=instance.account_id,
        spec=spec,
        subject_type=instance.subject_type,
        subject_id=instance.subject_id,
        label=instance.subject_label,
        reference=reference,
        url=url + spec.anchor if url else "",
        status=instance.to_state or action,
        reasons=_reasons(list(instance.codes or ()), instance.reason),
        body=without_rule_ids(instance.reason).strip(),
        actor=instance.actor,
    )


def _on_comment(audit: AuditEvent) -> None:
    """N2: a customer's message flags (reopening if need be) the subject's work item and tells its assignee; a
    staff message or note answers it. A staff message also reaches the customers' inboxes."""
    actor = audit.actor
    subject = load_subject(audit.subject_type, audit.subject_id)
    if subject is None:
        return
    url = subject_url(subject, audit.subject_type)
    if _is_customer(actor):
        item = workitem_customer_replied(subject=subject)
        if item is not None and item.assignee_id:
            _tell_staff(catalogue.CUSTOMER_REPLIED, subject, url, [item.assignee_id])
        return
    if _is_staff(actor):
        workitem_reply_seen(subject=subject)
        if audit.action == "message" and audit.customer_visible:
            event_raise(
                account_id=audit.account_id,
                spec=catalogue.MESSAGE,
                subject_type=audit.subject_type,
                subject_id=audit.subject_id,
                label=audit.subject_label,
                reference=subject_reference(subject, audit.subject_label),
                url=url + catalogue.MESSAGE.anchor if url else "",
                status="message",
                actor=actor,
            )


def _tell_staff(spec, subject, url: str, recipient_ids: list[int]) -> None:
    label = getattr(subject, "work_label", "") or str(subject)
    event_raise(
        account_id=subject.audit_account_id,
        spec=spec,
        subject_type=subject.audit_subject_type,
        subject_id=subject.pk,
        label=label,
        reference=subject_reference(subject, label),
        url=url + "#comments" if url and spec is catalogue.CUSTOMER_REPLIED else url,
        status="customer_replied",
        audience=Audience.STAFF,
        recipient_ids=recipient_ids,
    )


@receiver(post_transition, dispatch_uid="notifications_resubmission")
def resubmission(sender, instance, name, source, target, **kwargs) -> None:
    """N2: a customer resubmitting a decided subject (a rejected campaign, a brand with changes requested) puts it
    back in the queue — casework's transition receiver already opened the item — flagged "customer replied",
    and the analyst who decided last time hears of it."""
    field = kwargs.get("field")
    actor = (kwargs.get("method_kwargs") or {}).get("by")
    if kind_of(sender) is None or field is None or field.name != sender.work_state_field or not _is_customer(actor):
        return
    if str(target) not in instance.work_open_states or str(source) in instance.work_open_states:
        return
    previous = (
        WorkItem.objects.filter(kind=kind_of(sender).kind, subject_id=instance.pk, closed_at__isnull=False)
        .exclude(assignee=None)
        .order_by("-closed_at", "-id")
        .values_list("assignee_id", flat=True)
        .first()
    )
    if previous is None:
        return  # a first submission: nobody has worked it yet
    item = workitem_customer_replied(subject=instance)
    if item is not None:
        _tell_staff(
            catalogue.CUSTOMER_RESUBMITTED,
            instance,
            subject_url(instance, sender.audit_subject_type),
            [item.assignee_id or previous],
        )


# ----------------------------------------------------------------------------------------------------------
# The second-wave apps
# ----------------------------------------------------------------------------------------------------------


def _country_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=(code or "").upper())
    return found.name if found else code


@receiver(alert_raised, dispatch_uid="notifications_traffic_alert")
def on_alert_raised(sender, alert, **kwargs) -> None:
    """M3: the account's customers (their preferences apply), its compliance contacts (email, at once) and its
    webhooks hear of a breach; the webhook body carries the carrier's fields."""
    payload = alert.seed_payload()
    sub_account = getattr(alert, "sub_account", None)
    country = _country_name(payload.get("destination_country", ""))
    where = f" from {sub_account.name}" if sub_account is not None else ""
    blocked = payload.get("block") == "yes"
    title = f"Messages to {country}{where} went over the hourly limit" + (
        "; sending there is paused for now." if blocked else "; nothing was blocked."
    )
    subject_type = getattr(alert, "audit_subject_type", "traffic_alert")
    event_raise(
        account_id=alert.account_id,
        spec=catalogue.TRAFFIC_ALERT,
        subject_type=subject_type,
        subject_id=alert.pk,
        label=title,
        title=title,
        reference=subject_reference(alert, f"alert {alert.pk}"),
        url=subject_url(alert, subject_type),
        status="blocked" if blocked else "alert_only",
        reasons=[{"code": payload.get("alert_type"), "description": payload.get("message", "")}],
        body=payload.get("message", ""),
        data=payload,
    )


@receiver(reminder_raised, dispatch_uid="notifications_health_reminder")
def on_reminder_raised(sender, sub_account_id, day, verdict, **kwargs) -> None:
    from accounts.models import SubAccount

    sub_account = SubAccount.objects.filter(pk=sub_account_id).first()
    if sub_account is None:
        return
    title = (
        f"Sub-account {sub_account.name} is at risk: its delivery figures for {day:%Y-%m-%d} were "
        f"{'bad' if verdict == 'bad' else 'worth watching'}. Check its error and opt-out rates."
    )
    event_raise(
        account_id=sub_account.account_id,
        spec=catalogue.HEALTH_REMINDER,
        subject_type="sub_account",
        subject_id=sub_account.pk,
        label=sub_account.name,
        title=title,
        url=subject_url(sub_account, "sub_account"),
        status=str(verdict),
        data={"day": day.isoformat()},
    )


@receiver(violation_recorded, dispatch_uid="notifications_violation")
def on_violation_recorded(sender, violation, **kwargs) -> None:
    sub_account = getattr(violation, "sub_account", None)
    kind = (
        violation.get_kind_display() if hasattr(violation, "get_kind_display") else str(getattr(violation, "kind", ""))
    )
    where = f" on sub-account {sub_account.name}" if sub_account is not None else ""
    title = f"A violation was recorded{where}: {str(kind).lower()}."
    subject_type = getattr(violation, "audit_subject_type", "violation")
    severity = str(getattr(violation, "severity", ""))
    event_raise(
        account_id=violation.account_id,
        spec=catalogue.VIOLATION,
        subject_type=subject_type,
        subject_id=violation.pk,
        label=title,
        title=title,
        reference=subject_reference(violation, f"violation {violation.pk}"),
        url=subject_url(violation, subject_type),
        status=severity,
        reasons=[{"code": str(getattr(violation, "kind", "")), "description": str(kind)}],
    )


@receiver(keyword_change_announced, dispatch_uid="notifications_keyword")
def on_keyword_announced(sender, keyword, change: str = "added", **kwargs) -> None:
    """M5.4: every account hears of a blocklist change (sent after the announcing commit, at least 14 days before
    it acts)."""
    word = getattr(keyword, "word", str(keyword))
    if change == "retired":
        when = getattr(keyword, "retired_at", None)
        title = f"Messages containing “{word}” will be accepted again" + (f" from {when:%Y-%m-%d}." if when else ".")
    else:
        when = getattr(keyword, "effective_at", None)
        title = f"Messages containing “{word}” will be refused" + (f" from {when:%Y-%m-%d}." if when else ".")
    with transaction.atomic():
        event_announce_to_all(
            spec=catalogue.KEYWORD_ANNOUNCED,
            subject_type=getattr(keyword, "audit_subject_type", "keyword"),
            subject_id=keyword.pk,
            label=word,
            title=title,
            status=change,
            data={"word": word, "change": change, "effective_at": when.isoformat() if when else None},
        )
