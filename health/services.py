"""The rules of traffic health (M2.3–M2.4) and enforcement (M4): judging a day, cases, violations, the ladder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts import services as account_services
from accounts.models import SubAccount, User
from audit.services import audit_record
from campaigns import services as campaign_services
from campaigns.models import Campaign
from core.errors import DomainError, StateConflict
from core.hooks import guard_decision
from core.locking import lock_row, locked_for_change, save_versioned
from events.models import DailyFigure
from senders import services as sender_services
from senders.models import SenderId

from . import policies, signals
from .choices import AT_RISK, VERDICT_RANK, CaseCause, CaseStatus, Severity, Step, Verdict, ViolationKind
from .constants import STANDING_WINDOW_DAYS
from .models import DayVerdict, EnforcementAction, HealthStanding, TrafficHealthCase, Violation
from .rules import judge
from .selectors import health_policy

#: Violations the system records on its own, and their severity.
AUTO_SEVERITY = {ViolationKind.BAD_HEALTH_DAY: Severity.MINOR, ViolationKind.THRESHOLD_BREACH: Severity.MINOR}
#: M4.4: a reported compromise is serious (it skips to the sub-account step) and its case is urgent.
COMPROMISE_SEVERITY = Severity.SERIOUS
REASON_LIMIT = 2000


def _reason(reason: str, what: str, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("required", f"A {what} needs a reason.", field=field)
    if len(reason) > REASON_LIMIT:
        raise DomainError(
            "too_long",
            f"The reason is {len(reason)} characters; at most {REASON_LIMIT} ({len(reason) - REASON_LIMIT} too many).",
            field=field,
        )
    return reason


# ----------------------------------------------------------------------------------------------------------
# M2.3–M2.4: judging a day
# ----------------------------------------------------------------------------------------------------------


def _pct(value) -> str:
    return "—" if value is None else f"{value.normalize():f} %"


def day_evidence(verdict: DayVerdict) -> str:
    """The figures of a day in words (a violation's evidence, a case's history)."""
    return (
        f"{verdict.day:%Y-%m-%d}: {verdict.sent} sent, {verdict.delivered} delivered, {verdict.errors} errors "
        f"(error rate {_pct(verdict.error_rate)}), {verdict.opt_outs} opt-outs (opt-out rate "
        f"{_pct(verdict.opt_out_rate)}): {verdict.get_verdict_display().lower()}."
    )


def _day_data(verdict: DayVerdict) -> dict[str, Any]:
    return {
        "day": verdict.day.isoformat(),
        "sent": verdict.sent,
        "delivered": verdict.delivered,
        "errors": verdict.errors,
        "opt_outs": verdict.opt_outs,
        "error_rate": None if verdict.error_rate is None else str(verdict.error_rate),
        "opt_out_rate": None if verdict.opt_out_rate is None else str(verdict.opt_out_rate),
        "verdict": verdict.verdict,
    }


@transaction.atomic
def day_judge(*, sub_account_id: int, day: dt.date) -> DayVerdict | None:
    """M2.3 when a day's figures changed: judge the day, keep the sub-account's standing (M2.5), and when the day
    turns bad record the violation and open or extend the sub-account's case; when it turns watch or bad, raise
    the customer's reminder (M2.4). Recomputing a day with the same verdict repeats none of that."""
    # One judge per sub-account at a time: a day's verdict, its case and the standing move together.
    sub_account = lock_row(SubAccount.objects.select_related("account"), sub_account_id, of=("self",))
    figure = DailyFigure.objects.filter(sub_account_id=sub_account_id, day=day).first()
    if figure is None:
        return None
    result = judge(
        sent=figure.sent,
        delivered=figure.delivered,
        errors=figure.errors,
        opt_outs=figure.opt_outs,
        policy=health_policy(),
    )
    verdict = DayVerdict.objects.filter(sub_account_id=sub_account_id, day=day).first()
    before = verdict.verdict if verdict is not None else None
    if verdict is None:
        verdict = DayVerdict(sub_account=sub_account, day=day)
    verdict.sent, verdict.delivered = figure.sent, figure.delivered
    verdict.errors, verdict.opt_outs = figure.errors, figure.opt_outs
    verdict.error_rate, verdict.opt_out_rate = result.error_rate, result.opt_out_rate
    verdict.error_verdict, verdict.opt_out_verdict = result.error_verdict, result.opt_out_verdict
    verdict.verdict = result.verdict
    verdict.save()
    if verdict.verdict == Verdict.BAD and before != Verdict.BAD:
        _case_open_or_extend(sub_account=sub_account, verdict=verdict)
        violation_record(
            actor=None,
            sub_account=sub_account,
            kind=ViolationKind.BAD_HEALTH_DAY,
            severity=AUTO_SEVERITY[ViolationKind.BAD_HEALTH_DAY],
            evidence=day_evidence(verdict),
            evidence_data=_day_data(verdict),
            source=f"day:{day.isoformat()}",
        )
    standing_refresh(sub_account=sub_account)
    if verdict.verdict in AT_RISK and before != verdict.verdict:
        signals.reminder_raised.send(
            sender=DayVerdict, sub_account_id=sub_account.pk, day=day, verdict=str(verdict.verdict)
        )
    return verdict


def _case_open_or_extend(*, sub_account: SubAccount, verdict: DayVerdict) -> TrafficHealthCase:
    """M2.4: the bad day joins the sub-account's open case, or opens one (into the ``traffic_health`` queue)."""
    case = (
        TrafficHealthCase.objects.select_for_update()
        .filter(sub_account=sub_account, cause=CaseCause.BAD_DAYS)
        .exclude(status=CaseStatus.CLOSED)
        .first()
    )
    if case is None:
        case = TrafficHealthCase.objects.create(sub_account=sub_account, cause=CaseCause.BAD_DAYS)
        case.open(by=None, reason=f"Bad traffic-health day — {day_evidence(verdict)}", codes=("M2.4",))
        save_versioned(case, "status")
    else:
        audit_record(
            actor=None,
            subject=case,
            action="add_day",
            reason=f"Another bad day — {day_evidence(verdict)}",
            codes=("M2.4",),
            data=_day_data(verdict),
        )
    verdict.case = case
    verdict.save(update_fields=["case"])
    return case


def standing_refresh(*, sub_account: SubAccount) -> HealthStanding | None:
    """M2.5: the sub-account's row on the staff overview, from its latest day and its last 30 days."""
    latest = DayVerdict.objects.filter(sub_account=sub_account).order_by("-day").first()
    if latest is None:
        return None
    window_start = latest.day - dt.timedelta(days=STANDING_WINDOW_DAYS - 1)
    counts = DayVerdict.objects.filter(sub_account=sub_account, day__gte=window_start).aggregate(
        bad=Count("id", filter=Q(verdict=Verdict.BAD)), watch=Count("id", filter=Q(verdict=Verdict.WATCH))
    )
    risky = DayVerdict.objects.filter(sub_account=sub_account, verdict__in=AT_RISK).order_by("-day").first()
    standing, _ = HealthStanding.objects.update_or_create(
        sub_account=sub_account,
        defaults={
            "account_id": sub_account.account_id,
            "last_day": latest.day,
            "last_verdict": latest.verdict,
            "risky_day": risky,
            "risky_on": risky.day if risky else None,
            "bad_days": counts["bad"],
            "watch_days": counts["watch"],
            "score": standing_score(latest.verdict, counts["bad"], counts["watch"]),
        },
    )
    return standing


def standing_score(last_verdict: str, bad_days: int, watch_days: int) -> int:
    """Worst recent verdicts first: the latest day's verdict, then the bad days, then the watch days (each ≤ 30)."""
    return VERDICT_RANK[Verdict(last_verdict)] * 10_000 + bad_days * 100 + watch_days


# ----------------------------------------------------------------------------------------------------------
# Cases (M2.4, M4.4)
# ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def case_close(*, actor: User, case: TrafficHealthCase, reason: str) -> TrafficHealthCase:
    """Staff close a case with what was done; a later bad day opens a new one."""
    policies.health_case_can_close(actor).enforce()
    reason = _reason(reason, "case's closing")
    case = locked_for_change(
        TrafficHealthCase.objects.select_related("sub_account__account"),
        case.pk,
        label=lambda locked: locked.work_reference,
        not_found=DomainError("not_found", "No such case."),
        of=("self",),
    )
    if not case.is_open:
        raise StateConflict("M2.4", f"{case.work_reference} is {case.get_status_display().lower()}, not open.")
    guard_decision(actor=actor, subject=case)
    case.close(by=actor, reason=reason)
    case.closed_at = timezone.now()
    case.resolution = reason
    save_versioned(case, "status", "closed_at", "resolution")
    return case


@transaction.atomic
def compromise_report(*, actor: User, sub_account: SubAccount, description: str) -> TrafficHealthCase:
    """M4.4: a customer reports that their traffic is compromised: a serious violation and an urgent case, at the
    top of the ``traffic_health`` queue."""
    policies.compromise_can_report(actor).enforce()
    description = _reason(description, "compromise report", field="description")
    sub_account = lock_row(
        SubAccount.objects.visible_to(actor).select_related("account"),
        sub_account.pk,
        of=("self",),
        not_found=DomainError("not_found", "No such sub-account.", field="sub_account"),
    )
    case = TrafficHealthCase.objects.create(
        sub_account=sub_account, cause=CaseCause.COMPROMISE, urgent=True, description=description, reported_by=actor
    )
    case.open(by=actor, reason=f"Compromise reported: {description}", codes=("M4.4",))
    save_versioned(case, "status")
    violation_record(
        actor=None,
        sub_account=sub_account,
        kind=ViolationKind.COMPROMISE,
        severity=COMPROMISE_SEVERITY,
        evidence=f"Reported by {actor.get_username()}: {description}",
        evidence_data={"case": case.pk, "reported_by": actor.pk},
        source=f"case:{case.pk}",
    )
    return case


# ----------------------------------------------------------------------------------------------------------
# M4.1: violations
# ----------------------------------------------------------------------------------------------------------


def violation_record(
    *,
    actor: User | None,
    sub_account: SubAccount,
    kind: str,
    severity: str,
    evidence: str,
    evidence_data: dict | None = None,
    source: str = "",
) -> Violation:
    """M4.1: record a finding against a sub-account. ``actor`` None: recorded by the system (a bad day, a breach),
    once per ``source``; otherwise staff (the policy decides). Sends ``violation_recorded`` in the transaction."""
    if actor is not None:
        policies.violation_can_record(actor).enforce()
    errors: dict[str, list[str]] = {}
    if kind not in ViolationKind.values:
        errors["kind"] = [f"“{kind}” is not a kind of violation; the kinds are {', '.join(ViolationKind.values)}."]
    if severity not in Severity.values:
        errors["severity"] = [f"“{severity}” is not a severity; the severities are {', '.join(Severity.values)}."]
    evidence = (evidence or "").strip()
    if not evidence:
        errors["evidence"] = ["A violation needs its evidence."]
    elif len(evidence) > 10_000:
        errors["evidence"] = [f"The evidence is {len(evidence)} characters; at most 10000."]
    if errors:
        raise DomainError("invalid", "The violation is not valid.", errors=errors)
    with transaction.atomic():
        if source and (existing := Violation.objects.filter(sub_account=sub_account, kind=kind, source=source).first()):
            return existing
        try:
            with transaction.atomic():
                violation = Violation.objects.create(
                    sub_account=sub_account,
                    kind=kind,
                    severity=severity,
                    evidence=evidence,
                    evidence_data=evidence_data or {},
                    source=source,
                    created_by=actor,
                )
        except IntegrityError:
            # The same source recorded by a concurrent call: that one stands.
            return Violation.objects.get(sub_account=sub_account, kind=kind, source=source)
        audit_record(
            actor=actor,
            subject=violation,
            action="record",
            to_state=kind,
            reason=evidence[:500],
            codes=("M4.1",),
            data={"severity": severity, "sub_account": sub_account.pk},
        )
        signals.violation_recorded.send(sender=Violation, violation=violation)
    return violation


def violation_from_alert(*, alert) -> Violation | None:
    """M4.1 from an M3 alert (``traffic.signals.alert_raised``): a threshold breach of the alert's sub-account.
    An alert on the account's own bucket (no sub-account) is not a finding against any one sub-account."""
    sub_account_id = getattr(alert, "sub_account_id", None)
    if sub_account_id is None:
        return None
    sub_account = SubAccount.objects.select_related("account").get(pk=sub_account_id)
    payload = alert.seed_payload()
    figures = getattr(alert, "figures", None) or {}
    detail = ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in figures.items() if value is not None)
    return violation_record(
        actor=None,
        sub_account=sub_account,
        kind=ViolationKind.THRESHOLD_BREACH,
        severity=AUTO_SEVERITY[ViolationKind.THRESHOLD_BREACH],
        evidence=f"{payload.get('message') or 'Messages-per-hour threshold breached.'} "
        f"(destination {payload.get('destination_country', '?')}{'; ' + detail if detail else ''})",
        evidence_data={"alert": alert.pk, **payload, "figures": figures},
        source=f"alert:{alert.pk}",
    )


# ----------------------------------------------------------------------------------------------------------
# M4.2: applying and reinstating the ladder's steps
# ----------------------------------------------------------------------------------------------------------

ALONG_KEYS = {Campaign: "campaigns", SenderId: "sender_ids"}


def _ids(objects, into: dict[str, list[int]]) -> dict[str, list[int]]:
    for obj in objects:
        key = ALONG_KEYS.get(type(obj), obj._meta.label_lower)
        into.setdefault(key, []).append(obj.pk)
    return into


@transaction.atomic
def enforcement_apply(
    *,
    actor: User,
    sub_account: SubAccount,
    step: int,
    reason: str,
    campaign: Campaign | None = None,
    sender: SenderId | None = None,
) -> EnforcementAction:
    """M4.2: apply one step to a sub-account through the owning apps' services (so the at-send check sees it,
    M4.3), recording exactly what it suspended; the sub-account's unanswered violations are answered by it."""
    if step not in Step.values:
        raise DomainError("invalid", f"“{step}” is not a step of the ladder.", field="step")
    step = Step(step)
    policies.enforcement_can_apply(actor, step).enforce()
    reason = _reason(reason, "step")
    sub_account = lock_row(
        SubAccount.objects.select_related("account"),
        sub_account.pk,
        of=("self",),
        not_found=DomainError("not_found", "No such sub-account.", field="sub_account"),
    )
    suspended: dict[str, list[int]] = {}
    if step == Step.SENDER_OR_CAMPAIGN:
        if (campaign is None) == (sender is None):
            raise DomainError(
                "required", "Choose one sender id or one campaign of the sub-account to suspend.", field="target"
            )
        if campaign is not None:
            if campaign.brand.sub_account_id != sub_account.pk:
                raise DomainError("invalid", f"{campaign.reference} is not in {sub_account}.", field="target")
            campaign_services.campaign_suspend(actor=actor, campaign=campaign, reason=reason)
            suspended["campaigns"] = [campaign.pk]
        else:
            if sender.sub_account_id != sub_account.pk:
                raise DomainError("invalid", f"The sender id {sender.number} is not in {sub_account}.", field="target")
            sender_services.sender_suspend(actor=actor, sender=sender, reason=reason)
            suspended["sender_ids"] = [sender.pk]
    elif step == Step.SUB_ACCOUNT:
        done = account_services.sub_account_suspend(actor=actor, sub_account=sub_account, reason=reason)
        suspended = _ids(done.along, {"sub_accounts": [sub_account.pk]})
    elif step == Step.ACCOUNT:
        done = account_services.account_suspend(actor=actor, account=sub_account.account, reason=reason)
        suspended = _ids(done.along, {"accounts": [sub_account.account_id]})
    action = EnforcementAction.objects.create(
        sub_account=sub_account, step=step, reason=reason, suspended=suspended, applied_by=actor
    )
    answered = Violation.objects.filter(sub_account=sub_account, action__isnull=True).update(action=action)
    audit_record(
        actor=actor,
        subject=action,
        action="apply",
        to_state="applied",
        reason=reason,
        codes=("M4.2",),
        data={"step": int(step), "suspended": suspended, "violations_answered": answered},
    )
    signals.enforcement_changed.send(sender=EnforcementAction, action=action, reinstated=False)
    return action


@transaction.atomic
def enforcement_reinstate(*, actor: User, action: EnforcementAction, reason: str) -> EnforcementAction:
    """M4.2: undo exactly what this step suspended — through the same services, which leave alone what another
    step (or a suspension on its own) still holds."""
    action = lock_row(
        EnforcementAction.objects.select_related("sub_account__account"),
        action.pk,
        of=("self",),
        not_found=DomainError("not_found", "No such enforcement step."),
    )
    policies.enforcement_can_reinstate(actor, action).enforce()
    reason = _reason(reason, "reinstatement")
    if action.is_reinstated:
        raise StateConflict("M4.2", f"E-{action.pk} was reinstated on {action.reinstated_at:%Y-%m-%d %H:%M} UTC.")
    if not action.suspends_anything:
        raise StateConflict("M4.2", "A warning suspended nothing; there is nothing to reinstate.")
    reinstated: dict[str, list[int]] = {}
    if action.step == Step.SENDER_OR_CAMPAIGN:
        for campaign in Campaign.objects.filter(pk__in=action.suspended.get("campaigns", [])):
            campaign_services.campaign_reinstate(actor=actor, campaign=campaign, reason=reason)
            reinstated.setdefault("campaigns", []).append(campaign.pk)
        for sender in SenderId.objects.filter(pk__in=action.suspended.get("sender_ids", [])):
            sender_services.sender_reinstate(actor=actor, sender=sender, reason=reason)
            reinstated.setdefault("sender_ids", []).append(sender.pk)
    elif action.step == Step.SUB_ACCOUNT:
        done = account_services.sub_account_reinstate(actor=actor, sub_account=action.sub_account, reason=reason)
        reinstated = _ids(done.along, {"sub_accounts": [action.sub_account_id]})
    elif action.step == Step.ACCOUNT:
        done = account_services.account_reinstate(actor=actor, account=action.sub_account.account, reason=reason)
        reinstated = _ids(done.along, {"accounts": [action.sub_account.account_id]})
    action.reinstated_at = timezone.now()
    action.reinstated_by = actor
    action.reinstate_reason = reason
    action.reinstated = reinstated
    action.save(update_fields=["reinstated_at", "reinstated_by", "reinstate_reason", "reinstated"])
    audit_record(
        actor=actor,
        subject=action,
        action="reinstate",
        from_state="applied",
        to_state="reinstated",
        reason=reason,
        codes=("M4.2",),
        data={"step": action.step, "reinstated": reinstated},
    )
    signals.enforcement_changed.send(sender=EnforcementAction, action=action, reinstated=True)
    return action
