"""Report rules (Q5): who may request and read reports, what the parameters may be, and the render run."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Account, User
from brands.models import Brand
from core.errors import DomainError, StateConflict

from . import rendering, selectors
from .choices import MAX_PERIOD_DAYS, PageSize, ReportFormat, ReportKind, ReportStatus
from .models import Report


def _require_manager(actor: User) -> None:
    if not actor.is_manager:
        raise DomainError("forbidden", "Only managers request and read audit reports.")


def _date(value: Any, field: str, errors: dict[str, list[str]]) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError:
        errors.setdefault(field, []).append(f"A date as YYYY-MM-DD is required; “{value or ''}” is not one.")
        return None


def _clean_params(kind: str, params: Mapping[str, Any]) -> tuple[dict, str]:
    """The normalised parameters and the report's title; every problem reported at once."""
    errors: dict[str, list[str]] = {}
    if kind == ReportKind.BRAND_DOSSIER:
        brand_id = params.get("brand")
        brand = Brand.objects.filter(pk=brand_id).first() if str(brand_id or "").isdecimal() else None
        if brand is None:
            raise DomainError("invalid", "Choose the brand.", errors={"brand": [f"No brand with id “{brand_id}”."]})
        return {"brand": brand.pk}, f"Brand dossier: {brand}"
    if kind != ReportKind.PERIOD_AUDIT:
        raise DomainError("invalid", f"Unknown report kind “{kind}”.", field="kind")
    start = _date(params.get("start"), "start", errors)
    end = _date(params.get("end"), "end", errors)
    if start and end:
        if end < start:
            errors.setdefault("end", []).append(f"The end ({end}) is before the start ({start}).")
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            days = (end - start).days + 1
            errors.setdefault("end", []).append(
                f"A period spans at most {MAX_PERIOD_DAYS} days; this one spans {days} "
                f"({days - MAX_PERIOD_DAYS} too many)."
            )
        if end > timezone.now().date():
            errors.setdefault("end", []).append(f"The end ({end}) is in the future.")
    account_id = params.get("account")
    account = None
    if account_id not in (None, ""):
        account = Account.objects.filter(pk=account_id).first() if str(account_id).isdecimal() else None
        if account is None:
            errors.setdefault("account", []).append(f"No account with id “{account_id}”.")
    if errors:
        raise DomainError("invalid", "The report parameters are invalid.", errors=errors)
    cleaned = {"start": start.isoformat(), "end": end.isoformat()}
    title = f"Period audit {start} – {end}"
    if account is not None:
        cleaned["account"] = account.pk
        title += f" · {account.name}"
    return cleaned, title


def report_request(*, actor: User, kind: str, format: str, params: Mapping[str, Any], page_size: str = "") -> Report:
    """A manager asks for a report; it is rendered in the background once this transaction commits."""
    _require_manager(actor)
    if format not in ReportFormat.values:
        raise DomainError("invalid", f"Unknown format “{format}”; pdf or csv.", field="format")
    page_size = page_size or settings.REPORT_PAGE_SIZE
    if page_size not in PageSize.values:
        raise DomainError("invalid", f"Unknown page size “{page_size}”; A4 or Letter.", field="page_size")
    cleaned, title = _clean_params(kind, params or {})
    with transaction.atomic():
        report = Report.objects.create(
            kind=kind, format=format, page_size=page_size, params=cleaned, title=title[:255], requested_by=actor
        )
        from .tasks import render_report  # the task module imports these services

        render_report.delay_on_commit(report.pk)
    return report


def _data(report: Report) -> selectors.ReportData:
    params = report.params
    if report.kind == ReportKind.BRAND_DOSSIER:
        return selectors.brand_dossier(brand=Brand.objects.get(pk=params["brand"]))
    account = Account.objects.get(pk=params["account"]) if params.get("account") else None
    return selectors.period_audit(
        start=dt.date.fromisoformat(params["start"]), end=dt.date.fromisoformat(params["end"]), account=account
    )


def _set_progress(report: Report, value: int) -> None:
    # Its own short write (outside the render's transaction) so the polling page sees it move; it is also
    # the render's sign of life for the sweep.
    Report.objects.filter(pk=report.pk).update(progress=max(0, min(100, value)), heartbeat_at=timezone.now())


def stale_after() -> dt.timedelta:
    """No render lives longer than the task's hard time limit: a report silent for longer lost its worker."""
    return dt.timedelta(seconds=settings.REPORT_TIME_LIMIT)


def stale_after_text() -> str:
    minutes = round(stale_after().total_seconds() / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@transaction.atomic
def _start(report_id: int, task_id: str) -> Report | None:
    report = Report.objects.select_for_update().get(pk=report_id)
    if report.is_finished:
        return None  # idempotent: a redelivered task does nothing
    now = timezone.now()
    if (
        report.status == ReportStatus.RUNNING
        and report.task_id
        and report.task_id != task_id
        and report.heartbeat_at >= now - stale_after()
    ):
        # A second copy of the task (the sweep re-queued a report whose first message was only delayed) while
        # the first render is alive: one render is enough. A redelivery of the same task (same id) means its
        # worker died, so that one starts again.
        return None
    if report.attempts >= settings.REPORT_MAX_ATTEMPTS:
        # A render that kills its worker every time would otherwise be redelivered for ever.
        _fail(
            report,
            f"The report was started {report.attempts} times and never finished; it is not tried again. "
            "Request it again, or choose a shorter period.",
        )
        return None
    report.start(reason=f"Render attempt {report.attempts + 1}")
    report.attempts += 1
    report.started_at = now
    report.heartbeat_at = now
    report.task_id = task_id
    report.progress = 5
    report.save(update_fields=["status", "attempts", "started_at", "heartbeat_at", "task_id", "progress"])
    return report


def report_run(*, report_id: int, task_id: str = "") -> Report:
    """Render the report into the private storage. Called by the Celery task (with its id); safe to call
    again."""
    report = _start(report_id, task_id)
    if report is None:
        return Report.objects.get(pk=report_id)
    data = _data(report)
    _set_progress(report, 15)

    def progress(value: int) -> None:
        _set_progress(report, value)

    with tempfile.TemporaryFile() as tmp:
        if report.format == ReportFormat.PDF:
            rendering.render_pdf(data, tmp, page_size=report.page_size, progress=progress)
        else:
            text = io.TextIOWrapper(tmp, encoding="utf-8", newline="", write_through=True)
            rendering.write_csv(data, text, progress=progress)
            text.detach()
        size = tmp.tell()
        tmp.seek(0)
        stored = None
        try:
            with transaction.atomic():
                report = Report.objects.select_for_update().get(pk=report_id)
                if report.status != ReportStatus.RUNNING:
                    raise StateConflict("Q5", f"Report {report.pk} is {report.status}; the render result is dropped.")
                report.file.save(report.filename, File(tmp), save=False)
                stored = report.file.name
                report.size = size
                report.progress = 100
                report.finished_at = timezone.now()
                report.finish(reason=f"{size:,} bytes")
                report.save(update_fields=["file", "size", "progress", "finished_at", "status"])
        except BaseException:
            if stored:  # the row was rolled back: no orphan file may stay in the storage
                report.file.storage.delete(stored)
            raise
    return report


def _fail(report: Report, reason: str) -> None:
    report.failure_reason = reason[:2000]
    report.finished_at = timezone.now()
    report.fail(reason=reason[:500])
    report.save(update_fields=["status", "failure_reason", "finished_at"])


@transaction.atomic
def report_fail(*, report_id: int, reason: str) -> Report:
    """The render failed for good: the reason is kept and shown; a half-written file is never stored."""
    report = Report.objects.select_for_update().get(pk=report_id)
    if not report.is_finished:
        _fail(report, reason)
    return report


def report_sweep(*, limit: int = 100) -> dict[str, list[int]]:
    """Find reports whose worker was lost and run them again (Celery beat every minute; under the embedded
    default on the reports page; ``manage.py sweep_reports``).

    A queued or running report with no sign of life for longer than the render's hard time limit cannot be
    rendering any more: its worker was killed, or its task was lost. It goes back to the queue, at most
    ``REPORT_MAX_REQUEUES`` times; then it fails with the reason. Safe to run concurrently: each report is
    handled under its row lock, and one another sweep holds is skipped.
    """
    cutoff = timezone.now() - stale_after()
    unfinished = Q(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING], heartbeat_at__lt=cutoff)
    # One indexed query (partial index on unfinished reports) when there is nothing to do.
    ids = list(Report.objects.filter(unfinished).order_by("heartbeat_at").values_list("pk", flat=True)[:limit])
    swept: dict[str, list[int]] = {"requeued": [], "failed": []}
    if not ids:
        return swept
    from .tasks import render_report  # the task module imports these services

    silent = stale_after_text()
    for pk in ids:
        with transaction.atomic():
            report = Report.objects.select_for_update(skip_locked=True).filter(unfinished, pk=pk).first()
            if report is None:
                continue  # finished or alive again meanwhile, or another sweep has it
            tries = report.requeues + 1
            if report.requeues >= settings.REPORT_MAX_REQUEUES:
                _fail(
                    report,
                    f"The report stopped without finishing {tries} times (its worker was stopped, or it took "
                    f"longer than {silent}); it is not tried again. Request it again, or choose a shorter period.",
                )
                swept["failed"].append(pk)
                continue
            report.requeue(
                reason=f"No sign of life for more than {silent} while {report.status}: its worker was lost. "
                f"Queued again ({tries} of {settings.REPORT_MAX_REQUEUES})."
            )
            report.requeues = tries
            report.progress = 0
            report.task_id = ""
            report.heartbeat_at = timezone.now()
            report.save(update_fields=["status", "requeues", "progress", "task_id", "heartbeat_at"])
            render_report.delay_on_commit(report.pk)
        swept["requeued"].append(pk)
    return swept


def report_sweep_on_page_load() -> None:
    """The embedded default has no beat and no worker to lose but its own process: a report left running by a
    crash or restart is picked up when a manager next opens the reports page."""
    from .tasks import render_report

    if render_report.app.conf.task_always_eager:
        report_sweep(limit=10)


def report_visible(*, actor: User):
    """Managers see every manager's reports (Q5); nobody else sees any."""
    if not actor.is_authenticated or not actor.is_manager:
        return Report.objects.none()
    return Report.objects.select_related("requested_by")
