"""Report subjects: a brand with every dossier section filled through the real services, and decisions
bulk-inserted into the audit trail for period reports (the trail is append-only: inserts are allowed)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from pypdf import PdfReader

from appeals import services as appeal_services
from appeals.models import Appeal, Evidence
from audit.models import AuditEvent
from brands.models import Brand
from campaigns.models import Campaign
from casework.models import WorkItem
from reports.models import Report
from tests.accounts.factories import UserFactory
from tests.appeals.factories import draft_appeal
from tests.campaigns.factories import make_campaign
from tests.casework.factories import verified_brand
from vetting import services as vet_services
from vetting.models import Vet

VET_TOKEN = "VT-7f3a9c2e-41b8-4d2a-9e11-5c0d8a7b6e3f"
REJECTION_CODE = "6012"
REMEDIATION_6012 = "Include the brand/DBA name in sample message(s)."


@dataclass
class Dossier:
    brand: Brand
    campaign: Campaign
    vet: Vet
    appeal: Appeal
    evidence: Evidence


def dossier_brand(*, customer, sub_account, analyst) -> Dossier:
    """A VERIFIED brand with a campaign rejected with 6012, a failed vet (long token) and a submitted vet
    appeal carrying one evidence file."""
    brand = verified_brand(customer=customer, sub_account=sub_account, analyst=analyst)
    campaign = make_campaign(customer=customer, brand=brand, status="rejected", analyst=analyst)
    vet = vet_services.vet_request(actor=customer, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    vet = vet_services.vet_record_result(actor=analyst, vet=vet, status="FAILED", score=12, token=VET_TOKEN)
    appeal = draft_appeal(customer=customer, vet=vet, categories=("LOW_SCORE",))
    appeal = appeal_services.appeal_submit(actor=customer, appeal=appeal)
    return Dossier(brand, campaign, vet, appeal, appeal.evidence.get())


def pdf_of(report: Report) -> PdfReader:
    with report.file.open("rb") as f:
        return PdfReader(io.BytesIO(f.read()))


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() or "" for page in reader.pages]


def text_starts(page) -> list[tuple[float, str]]:
    """(x in points, text) of every text run drawn on a pypdf page."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def flat(text: str) -> str:
    """Whitespace collapsed: table cells wrap, so a phrase may span lines in the extracted text."""
    return " ".join(text.split())


def dense(text: str) -> str:
    """Whitespace removed: hashes and tokens break across lines inside their cells."""
    return "".join(text.split())


def csv_of(report: Report) -> list[list[str]]:
    with report.file.open("rb") as f:
        return list(csv.reader(io.StringIO(f.read().decode("utf-8"))))


def csv_section(rows: list[list[str]], title: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of one ``# title`` section of a report CSV."""
    start = rows.index([f"# {title}"])
    body = []
    for row in rows[start + 2 :]:
        if not row:
            break
        body.append(row)
    return rows[start + 1], body


KINDS = [  # (subject_type, action, outcome)
    ("campaign", "approve", "approved"),
    ("campaign", "reject", "rejected"),
    ("brand", "approve", "approved"),
    ("brand", "request_changes", "rejected"),
    ("appeal", "approve", "approved"),
    ("vet", "fail", "rejected"),
]
CODES = ["6012", "511", "703", "6012"]


def bulk_decisions(*, n: int, day: dt.date, account=None, analysts=("ana", "ben", "cy")) -> list[AuditEvent]:
    """``n`` decision events on ``day`` (one a minute from 08:00 UTC, wrapping), cycling through kinds,
    analysts (staff users of those names) and rejection codes; each has a distinct subject label ``S-00000``."""
    start = dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)
    staff = {name: UserFactory(username=name, role="analyst") for name in analysts}
    rows = []
    for i in range(n):
        subject_type, action, outcome = KINDS[i % len(KINDS)]
        rows.append(
            AuditEvent(
                at=start + dt.timedelta(seconds=30 * i),
                actor=staff[analysts[i % len(analysts)]],
                actor_label=analysts[i % len(analysts)],
                account=account,
                subject_type=subject_type,
                subject_id=str(100_000 + i),
                subject_label=f"S-{i:05d}",
                action=action,
                from_state="submitted",
                to_state=outcome,
                reason=f"reason {i}",
                codes=[CODES[i % len(CODES)]] if outcome == "rejected" else [],
            )
        )
    return AuditEvent.objects.bulk_create(rows)


def closed_items(*, account, day: dt.date, met: int, missed: int) -> list[WorkItem]:
    """Work items closed on ``day``: ``met`` within their SLA, ``missed`` after it."""
    closed_at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    rows = []
    for i in range(met + missed):
        due = closed_at + dt.timedelta(hours=1) if i < met else closed_at - dt.timedelta(hours=1)
        rows.append(
            WorkItem(
                kind="campaign",
                subject_id=800_000 + i,
                subject_label=f"item {i}",
                account=account,
                state="approved",
                opened_at=closed_at - dt.timedelta(hours=10),
                sla_due=due,
                closed_at=closed_at,
                resolution="approved",
            )
        )
    return WorkItem.objects.bulk_create(rows)
