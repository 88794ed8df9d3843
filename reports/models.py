"""Audit reports managers request (Q5): rendered in the background, kept in the private storage."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from .choices import PageSize, ReportFormat, ReportKind, ReportStatus


def private_storage():
    return storages["private"]


def report_path(instance: Report, filename: str) -> str:
    return f"reports/{instance.pk}/{uuid.uuid4().hex}.{instance.format}"


class Report(FSMModelMixin, models.Model):
    """One requested report: queued → running → done | failed, with progress and the rendered file."""

    audit_subject_type = "report"
    audit_account_id = None

    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    format = models.CharField(max_length=4, choices=ReportFormat.choices)
    page_size = models.CharField(max_length=10, choices=PageSize.choices, default=PageSize.A4)
    #: brand_dossier: {"brand": id}; period_audit: {"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "account": id?}
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=255)
    status = FSMField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED, protected=True)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=report_path, storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    #: Times the stale-report sweep put it back in the queue after its worker was lost.
    requeues = models.PositiveSmallIntegerField(default=0)
    #: The last sign of life (requested, started, progress, re-queued); the sweep looks for old ones.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    #: The Celery task rendering it: a redelivery of that task restarts the render, another copy leaves it be.
    task_id = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_0_100"),
        ]
        indexes = [
            # The sweep's query runs on every beat tick (and page load under the embedded default): only
            # unfinished reports are in this index, so it stays tiny however many reports are kept.
            models.Index(
                fields=["heartbeat_at"],
                condition=Q(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]),
                name="report_unfinished_heartbeat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"

    @property
    def filename(self) -> str:
        slug = "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")
        while "--" in slug:
            slug = slug.replace("--", "-")
        return f"{slug[:80]}-{self.pk}.{self.format}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ReportStatus.FAILED

    @property
    def is_pdf(self) -> bool:
        return self.format == ReportFormat.PDF

    @transition(field=status, source=[ReportStatus.QUEUED, ReportStatus.RUNNING], target=ReportStatus.RUNNING)
    def start(self, *, by=None, reason: str = "", codes=()):
        """Also from RUNNING: a retry after a worker died starts the render again from the beginning."""

    @transition(field=status, source=[ReportStatus.QUEUED, ReportStatus.RUNNING], target=ReportStatus.QUEUED)
    def requeue(self, *, by=None, reason: str = "", codes=()):
        """The sweep found it without a sign of life for longer than a render may take: its worker is gone."""

    @transition(field=status, source=ReportStatus.RUNNING, target=ReportStatus.DONE)
    def finish(self, *, by=None, reason: str = "", codes=()):
        pass

    @transition(field=status, source=[ReportStatus.QUEUED, ReportStatus.RUNNING], target=ReportStatus.FAILED)
    def fail(self, *, by=None, reason: str = "", codes=()):
        pass
