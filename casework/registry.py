"""The queue kinds: one row per kind of work (its model, kind name and queue label).

What is open work, and everything a queue shows of a subject, comes from the subject itself through the
work-subject contract (``core.subjects.WorkSubject``): its open and paused states, label, reference, search
text, account and URL. So a new kind (a traffic case, a keyword request) is its model implementing the
contract, one row here and one ``SlaPolicy`` row (hours, default priority) — no code of its own here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from appeals.models import Appeal
from brands.models import Brand
from campaigns.models import Campaign
from core.subjects import WorkSubject, missing_members, open_state_choices
from geo.models import GeoRequest
from health.models import TrafficHealthCase
from optouts.models import KeywordExemption
from traffic.models import Alert
from vetting.models import Vet

from .choices import WorkKind

#: An id no row has, reversed once per URL pattern; a page of 50 rows then formats ids into the cached URL
#: instead of resolving the URL conf 100 times (a measurable share of the queue page).
URL_SENTINEL_ID = 987_654_321_987


def id_url(pattern: str, pk: int) -> str:
    """``pattern`` (a URL reversed for ``URL_SENTINEL_ID``) for the row ``pk``."""
    head, sentinel, tail = pattern.rpartition(str(URL_SENTINEL_ID))
    if not sentinel:
        raise ImproperlyConfigured(f"{pattern} does not carry the id it was reversed for.")
    return f"{head}{int(pk)}{tail}"


@functools.cache
def _url_pattern(model: type[models.Model]) -> str:
    # Cached per process: the URL conf and the deployment's script prefix do not change while it runs.
    return model(pk=URL_SENTINEL_ID).get_absolute_url()


@dataclass(frozen=True)
class QueueKind:
    kind: str
    model: type[models.Model]
    #: The queue's name on the page ("Brand reviews").
    label: str

    def __post_init__(self):
        if missing := missing_members(self.model):
            raise ImproperlyConfigured(
                f"{self.model.__name__} is not a work subject (core.subjects.WorkSubject): "
                f"it lacks {', '.join(missing)}."
            )
        # Audit events and comments of the item are filed under the subject's type: the two must be one name.
        if self.model.audit_subject_type != self.kind:
            raise ImproperlyConfigured(
                f"Queue kind “{self.kind}” must be its model's audit_subject_type (“{self.model.audit_subject_type}”)."
            )

    def url(self, subject_id: int) -> str:
        """The subject's page, from its id alone: queue rows link to it without loading the subject."""
        return id_url(_url_pattern(self.model), subject_id)


KINDS: dict[str, QueueKind] = {
    row.kind: row
    for row in (
        QueueKind(WorkKind.BRAND, Brand, WorkKind.BRAND.label),
        QueueKind(WorkKind.CAMPAIGN, Campaign, WorkKind.CAMPAIGN.label),
        QueueKind(WorkKind.VET, Vet, WorkKind.VET.label),
        QueueKind(WorkKind.APPEAL, Appeal, WorkKind.APPEAL.label),
        QueueKind("keyword_request", KeywordExemption, "Keyword requests"),
        QueueKind("geo_request", GeoRequest, "Country requests"),
        QueueKind("traffic_alert", Alert, "Traffic alerts"),
        QueueKind("traffic_health", TrafficHealthCase, "Traffic-health cases"),
    )
}


def kind_choices() -> list[tuple[str, str]]:
    """Every queue kind as (kind, label)."""
    return [(str(row.kind), str(row.label)) for row in KINDS.values()]


def kind_of(subject: WorkSubject | type[models.Model]) -> QueueKind | None:
    """The queue kind of a subject (or of a model), or None when its model is not in a queue."""
    model = subject if isinstance(subject, type) else type(subject)
    return next((row for row in KINDS.values() if row.model is model), None)


def state_choices(kind: str | None = None) -> list[tuple[str, str]]:
    """The states an open item of ``kind`` can be in, as (value, label), for the queue's state filter.

    Without a kind: the union across kinds. Kinds share their review states' values ("submitted", "in_review"),
    so one option matches them all; a state of one kind only names it ("Changes requested (brand)")."""
    if kind in KINDS:
        return open_state_choices(KINDS[kind].model)
    owners: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for row in KINDS.values():
        for value, label in open_state_choices(row.model):
            owners.setdefault(value, []).append(row.kind)
            labels.setdefault(value, label)
    choices = []
    for value, label in labels.items():
        kinds = owners[value]
        choices.append((value, f"{label} ({kinds[0]})" if len(kinds) == 1 else label))
    return choices


def state_names(kind: str | None = None) -> dict[str, str]:
    """Every way to name an open state of ``kind`` (any kind without one), casefolded → value: the value, the
    value with spaces ("in review"), and the label the kind's pages show ("In manual review")."""
    rows = [KINDS[kind]] if kind in KINDS else list(KINDS.values())
    names: dict[str, str] = {}
    for row in rows:
        for value, label in open_state_choices(row.model):
            for name in (value, value.replace("_", " "), label):
                names.setdefault(name.casefold(), value)
    return names
